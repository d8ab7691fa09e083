package io.vaultstream.http;

/**
 * An HTTP error answered as {@code {"error": CODE, "message": ...}} with the given status. The message
 * must never contain card data or secrets: it goes to the caller as it is.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
