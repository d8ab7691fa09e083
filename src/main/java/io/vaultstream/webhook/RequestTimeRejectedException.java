package io.vaultstream.webhook;

/** A notification's {@code Request-Time} is unreadable or outside the replay window; the message names the rule. */
final class RequestTimeRejectedException extends Exception {
    RequestTimeRejectedException(String message) {
        super(message, null, false, false);
    }
}
