package io.vaultstream.antom;

/** A key file could not be read or does not hold the expected kind of key; the message names the file, never key bytes. */
public final class KeyFileException extends RuntimeException {
    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
