package io.vaultstream.antom;

/** A signature (of a response or notification) is missing, malformed or does not verify; the message names the failed check. */
public final class InvalidSignatureException extends Exception {
    public InvalidSignatureException(String message) {
        super(message);
    }
}
