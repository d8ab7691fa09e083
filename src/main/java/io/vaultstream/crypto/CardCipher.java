package io.vaultstream.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM sealing of card data with a keyring: the primary key encrypts with a fresh 12-byte random
 * nonce, any keyring key decrypts, and the associated data (the vaultingRequestId for card fields) binds
 * the ciphertext to its command so it cannot be moved to another one. Thread-safe.
 */
public final class CardCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final CardKeyring keyring;
    private final SecureRandom random = new SecureRandom();
    /**
     * One Cipher per thread, re-initialised per call: a Cipher is not thread-safe, and a fresh one per call
     * pays the provider lookup and the AES key expansion each time, while a re-initialised one keeps its
     * expanded key when the key is unchanged (the common case: one primary key).
     */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(CardCipher::newCipher);

    public CardCipher(CardKeyring keyring) {
        this.keyring = keyring;
    }

    public CardKeyring keyring() {
        return keyring;
    }

    /** Encrypts with the primary key. */
    public SealedBytes encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, keyring.primaryKey(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            return new SealedBytes(keyring.primaryId(), nonce, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Decrypts with the key the envelope names; fails on an unknown key id, wrong associated data or tampering. */
    public byte[] decrypt(SealedBytes sealed, byte[] associatedData) throws CardDecryptionException {
        SecretKey key = keyring.key(sealed.keyId())
                .orElseThrow(() -> new CardDecryptionException("unknown card key id '" + sealed.keyId() + "'"));
        if (sealed.nonce() == null || sealed.nonce().length != NONCE_BYTES) {
            throw new CardDecryptionException("nonce must be " + NONCE_BYTES + " bytes");
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            c.updateAAD(associatedData);
            return c.doFinal(sealed.ciphertext());
        } catch (javax.crypto.AEADBadTagException e) {
            throw new CardDecryptionException("card data does not authenticate under key '" + sealed.keyId()
                    + "' (tampered, or bound to another request)");
        } catch (GeneralSecurityException e) {
            throw new CardDecryptionException("card data cannot be decrypted (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available (" + e.getClass().getSimpleName() + ")");
        }
    }
}
