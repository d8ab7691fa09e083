package io.vaultstream.webhook;

/**
 * A verified notification body that cannot become an event (not a JSON object, a required field missing);
 * the message names the field and the rule and never quotes the body.
 */
public final class InvalidNotificationException extends Exception {
    public InvalidNotificationException(String message) {
        super(message, null, false, false);
    }
}
