package io.vaultstream.bench;

import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.kafka.Topics;
import io.vaultstream.processor.Commands;
import io.vaultstream.sandbox.SandboxScenario;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces benchmark commands to the commands topic (acks=all, idempotent): vaultPaymentMethod commands for
 * the sandbox's "vaulted at once" card, whose cost at Antom is exactly one call (no notification), or
 * card-less createVaultingSession commands to fill the view's store cheaply.
 */
public final class CommandLoad implements AutoCloseable {

    private final Topics topics;
    private final CardCipher cipher;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<VaultCommand> serializer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** Batches for up to 5 ms (Kafka 4's default linger), as throughput runs want. */
    public CommandLoad(VaultstreamConfig config, Topics topics, CardCipher cipher, Clock clock) {
        this(config, topics, cipher, clock, 5);
    }

    /**
     * @param lingerMs the producer's {@code linger.ms}: 0 sends each command at once, so that a command's
     *     {@code createdAt} is not followed by time spent waiting in the driver for a batch to fill
     */
    public CommandLoad(VaultstreamConfig config, Topics topics, CardCipher cipher, Clock clock, int lingerMs) {
        this.topics = topics;
        this.cipher = cipher;
        this.clock = clock;
        Map<String, Object> props = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.PRODUCER);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.serializer = topics.commands().valueSerde().serializer();
    }

    /** A vaultPaymentMethod command for a fresh id that the sandbox vaults at once. */
    public VaultCommand vaultCommand(String unique) {
        String id = SandboxScenario.VAULTED_AT_ONCE.vaultingRequestId(unique);
        Card card = Card.of(SandboxScenario.VAULTED_AT_ONCE.cardNo(), null, new CardholderName("Bench", null, "Buyer", null), "30", "12",
                "123", new BillingAddress("US", null, null, null, null, null));
        VaultPaymentMethodRequest r = new VaultPaymentMethodRequest(id, null, "https://merchant.example/return", "US",
                PaymentMethodDetail.card(card), Env.web("203.0.113.10", "vaultstream-bench"), null, null);
        return Commands.vault(r, cipher, "BENCH", null, clock.instant());
    }

    /** A createVaultingSession command (no card), which the view records as REQUESTED. */
    public VaultCommand sessionCommand(String id) {
        return Commands.session(new CreateVaultingSessionRequest(PaymentMethodDetail.CARD, id, null, "https://merchant.example/return", "US",
                null), "BENCH", null, clock.instant());
    }

    /** Sends without waiting; a failed send is remembered and thrown by {@link #flush()}. */
    public void send(VaultCommand command) {
        String topic = topics.commands().name();
        producer.send(new ProducerRecord<>(topic, command.getVaultingRequestId(), serializer.serialize(topic, command)), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Produces {@code count} vault commands as fast as the producer takes them, then flushes. */
    public void preload(int count, String runId) {
        for (int i = 0; i < count; i++) {
            send(vaultCommand(runId + "-" + i));
        }
        flush();
    }

    /**
     * Produces vault commands at {@code ratePerSecond} for {@code seconds}, each stamped with its creation time;
     * {@code sent} sees each command after it was handed to the producer. Returns how many were sent.
     */
    public int paced(double ratePerSecond, double seconds, String runId, Consumer<VaultCommand> sent) {
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int n = 0;
        while (true) {
            long due = start + n * intervalNanos;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            VaultCommand c = vaultCommand(runId + "-" + n);
            send(c);
            sent.accept(c);
            n++;
        }
        flush();
        return n;
    }

    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("producing commands failed: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
