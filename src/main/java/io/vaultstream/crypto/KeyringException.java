package io.vaultstream.crypto;

/** The card keyring file is missing, malformed or inconsistent; the message names the file and field, never key bytes. */
public final class KeyringException extends RuntimeException {
    public KeyringException(String message) {
        super(message);
    }
}
