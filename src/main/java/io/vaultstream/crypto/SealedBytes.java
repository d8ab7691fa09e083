package io.vaultstream.crypto;

/**
 * An AES-256-GCM envelope: the id of the keyring key that sealed it, the 12-byte nonce, and the
 * ciphertext followed by the 16-byte tag.
 */
public record SealedBytes(String keyId, byte[] nonce, byte[] ciphertext) {
    @Override
    public String toString() {
        return "SealedBytes[keyId=" + keyId + ", ciphertext=" + ciphertext.length + " bytes]";
    }
}
