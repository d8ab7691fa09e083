package io.vaultstream.cli;

/** A failure whose message tells the user what to fix; the CLI prints it without a stack trace. */
public final class UserFacingException extends RuntimeException {
    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}
