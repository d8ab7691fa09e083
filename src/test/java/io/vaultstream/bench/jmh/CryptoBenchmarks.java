package io.vaultstream.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.antom.AntomJson;
import io.vaultstream.antom.AntomSigner;
import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardDecryptionException;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.crypto.SealedBytes;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.processor.Commands;
import io.vaultstream.sandbox.SandboxKeys;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of the per-command CPU work outside Kafka and HTTP: RSA-2048 signing and verification as
 * {@link AntomSigner} does them, building an Antom request from a command (card decryption included), JSON
 * encoding of that request, and AES-GCM card decryption alone. Throughput per thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoBenchmarks {

    private static final String PATH = "/ams/api/v1/vaults/vaultPaymentMethod";
    private static final String CLIENT_ID = "SANDBOX_BENCH_0000000001";
    private static final String TIME = "1763776800000";

    private AntomSigner signer;
    private List<PublicKey> publicKeys;
    private byte[] body;
    private String signature;
    private CardCipher cipher;
    private VaultCommand command;
    private VaultPaymentMethodRequest request;
    private SealedBytes sealedCard;
    private byte[] aad;
    private ObjectMapper json;

    @Setup
    public void setUp() throws Exception {
        SandboxKeys keys = SandboxKeys.inMemory();
        signer = new AntomSigner(keys.merchantPrivate(), "1");
        publicKeys = List.of(keys.merchantPublic());
        json = AntomJson.mapper();
        String key = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        cipher = new CardCipher(CardKeyring.parse("{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + key + "\"}]}", "jmh"));
        String id = "jmh-00000000-0000-0000-0000-000000000000";
        Card card = Card.of("4242424242424242", null, new CardholderName("Bench", null, "Buyer", null), "30", "12", "123",
                new BillingAddress("US", null, null, null, null, null));
        VaultPaymentMethodRequest r = new VaultPaymentMethodRequest(id, "https://merchant.example/antom/notifications/vaulting",
                "https://merchant.example/return", "US", PaymentMethodDetail.card(card), Env.web("203.0.113.10", "vaultstream-bench"), null, null);
        command = Commands.vault(r, cipher, "JMH", null, Instant.parse("2026-11-22T00:00:00Z"));
        request = (VaultPaymentMethodRequest) Commands.toRequest(command, cipher, null);
        body = json.writeValueAsBytes(request);
        signature = signer.signBase64(PATH, CLIENT_ID, TIME, body);
        aad = id.getBytes(StandardCharsets.UTF_8);
        sealedCard = cipher.encrypt(json.writeValueAsBytes(card), aad);
    }

    /** The merchant's RSA-2048 SHA256withRSA signature over a request (the processor's CPU floor). */
    @Benchmark
    public String sign() {
        return signer.signBase64(PATH, CLIENT_ID, TIME, body);
    }

    /** Verifying one signature with one key (what the processor does per answer). */
    @Benchmark
    public boolean verify() {
        return AntomSigner.verify(publicKeys, PATH, CLIENT_ID, TIME, body, signature);
    }

    /** Command to Antom request: card decryption, card and env JSON parsing, request assembly. */
    @Benchmark
    public Object requestBuild() throws Exception {
        return Commands.toRequest(command, cipher, "https://merchant.example/antom/notifications/vaulting");
    }

    /** Request to the exact JSON bytes that get signed and sent. */
    @Benchmark
    public byte[] requestJsonEncode() throws Exception {
        return json.writeValueAsBytes(request);
    }

    /** AES-256-GCM decryption of a sealed card. */
    @Benchmark
    public byte[] cardDecrypt() throws CardDecryptionException {
        return cipher.decrypt(sealedCard, aad);
    }
}
