package io.vaultstream.crypto;

/** Encrypted card data cannot be opened: unknown key id, wrong associated data, or tampered bytes. Never carries plaintext. */
public final class CardDecryptionException extends Exception {
    public CardDecryptionException(String message) {
        super(message, null, false, false);
    }
}
