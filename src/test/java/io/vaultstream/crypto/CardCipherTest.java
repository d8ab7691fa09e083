package io.vaultstream.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardCipherTest {

    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final byte[] PAN = "4242424242424242".getBytes(StandardCharsets.UTF_8);
    static final byte[] AAD = "req-1".getBytes(StandardCharsets.UTF_8);

    static CardKeyring ring(String primary, String... idKey) {
        StringBuilder sb = new StringBuilder("{\"primary\":\"" + primary + "\",\"keys\":[");
        for (int i = 0; i < idKey.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(idKey[i]).append("\",\"key\":\"").append(idKey[i + 1]).append("\"}");
        }
        return CardKeyring.parse(sb.append("]}").toString(), "test.json");
    }

    @Test
    void roundTripsWithTheSameAssociatedData() throws Exception {
        CardCipher cipher = new CardCipher(ring("k1", "k1", K1));
        SealedBytes sealed = cipher.encrypt(PAN, AAD);
        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.ciphertext()).hasSize(PAN.length + 16);
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("4242");
        assertThat(cipher.decrypt(sealed, AAD)).isEqualTo(PAN);
    }

    @Test
    void noncesNeverRepeat() {
        CardCipher cipher = new CardCipher(ring("k1", "k1", K1));
        assertThat(cipher.encrypt(PAN, AAD).nonce()).isNotEqualTo(cipher.encrypt(PAN, AAD).nonce());
    }

    @Test
    void tamperedCiphertextIsRefused() {
        CardCipher cipher = new CardCipher(ring("k1", "k1", K1));
        SealedBytes sealed = cipher.encrypt(PAN, AAD);
        sealed.ciphertext()[3] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, AAD)).isInstanceOf(CardDecryptionException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void theReusedPerThreadCipherRecoversFromFailuresAndSwitchesKeys() throws Exception {
        // the per-thread Cipher is re-initialised on every call: a failed decryption, a decryption under another
        // key and an encryption in between must not leave state behind that changes the next result
        CardCipher cipher = new CardCipher(ring("k1", "k1", K1, "k2", K2));
        CardCipher old = new CardCipher(ring("k2", "k2", K2));
        SealedBytes byK2 = old.encrypt(PAN, AAD);
        for (int i = 0; i < 50; i++) {
            SealedBytes sealed = cipher.encrypt(PAN, AAD);
            SealedBytes tampered = new SealedBytes(sealed.keyId(), sealed.nonce(), sealed.ciphertext().clone());
            tampered.ciphertext()[i % tampered.ciphertext().length] ^= 1;
            assertThatThrownBy(() -> cipher.decrypt(tampered, AAD)).isInstanceOf(CardDecryptionException.class);
            assertThat(cipher.decrypt(sealed, AAD)).isEqualTo(PAN);
            assertThat(cipher.decrypt(sealed, AAD)).isEqualTo(PAN); // same key and nonce twice: fine for decryption
            assertThat(cipher.decrypt(byK2, AAD)).isEqualTo(PAN);
        }
    }

    @Test
    void threadsShareOneCardCipherSafely() throws Exception {
        CardCipher cipher = new CardCipher(ring("k1", "k1", K1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                byte[] aad = ("req-" + t).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] plain = (i + "-4242424242424242").getBytes(StandardCharsets.UTF_8);
                        if (!Arrays.equals(cipher.decrypt(cipher.encrypt(plain, aad), aad), plain)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ciphertextMovedToAnotherRequestIsRefused() {
        CardCipher cipher = new CardCipher(ring("k1", "k1", K1));
        SealedBytes sealed = cipher.encrypt(PAN, AAD);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "req-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CardDecryptionException.class);
    }

    @Test
    void unknownKeyIdIsRefusedNamingTheId() {
        SealedBytes sealed = new CardCipher(ring("k9", "k9", K1)).encrypt(PAN, AAD);
        assertThatThrownBy(() -> new CardCipher(ring("k1", "k1", K1)).decrypt(sealed, AAD))
                .isInstanceOf(CardDecryptionException.class).hasMessageContaining("k9");
    }

    @Test
    void afterRotationTheOldKeyDecryptsAndThePrimaryEncrypts() throws Exception {
        SealedBytes old = new CardCipher(ring("k1", "k1", K1)).encrypt(PAN, AAD);
        CardCipher rotated = new CardCipher(ring("k2", "k1", K1, "k2", K2));
        assertThat(rotated.decrypt(old, AAD)).isEqualTo(PAN);
        SealedBytes fresh = rotated.encrypt(PAN, AAD);
        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(rotated.decrypt(fresh, AAD)).isEqualTo(PAN);
        // crypto-shredding: once k1 is gone, old data is unreadable
        assertThatThrownBy(() -> new CardCipher(ring("k2", "k2", K2)).decrypt(old, AAD)).isInstanceOf(CardDecryptionException.class);
    }

    @Test
    void generatedKeyringLoadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/keyring.json");
        CardKeyring generated = CardKeyring.generate(file);
        CardKeyring loaded = CardKeyring.load(file);
        assertThat(loaded.primaryId()).isEqualTo(generated.primaryId());
        assertThat(new CardCipher(loaded).decrypt(new CardCipher(generated).encrypt(PAN, AAD), AAD)).isEqualTo(PAN);
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
    }
}
