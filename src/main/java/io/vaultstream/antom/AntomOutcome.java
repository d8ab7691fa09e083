package io.vaultstream.antom;

/**
 * What one Antom exchange means for the vaulting request, as decided by {@link AntomClassifier}.
 * Every outcome exposes Antom's result code, status and message where known (null otherwise).
 */
public sealed interface AntomOutcome {
    String resultCode();

    String resultStatus();

    String resultMessage();

    /** True when no further call can change this outcome for this request id. */
    default boolean terminal() {
        return this instanceof Vaulted || this instanceof Failed || this instanceof RepeatInconsistent;
    }

    /** The card is vaulted; {@code cardToken} pays, so {@link #toString()} hides it. */
    record Vaulted(String cardToken, String maskedCardNo, String brand, String resultCode, String resultStatus, String resultMessage)
            implements AntomOutcome {
        @Override
        public String toString() {
            return "Vaulted[maskedCardNo=" + maskedCardNo + ", brand=" + brand + ", cardToken=<redacted>, resultCode=" + resultCode + "]";
        }
    }

    /** createVaultingSession worked; the buyer now enters the card in Antom's SDK and the result arrives later. */
    record SessionCreated(String sessionData, String sessionId, String expiryTime, String normalUrl, String resultCode, String resultStatus,
            String resultMessage) implements AntomOutcome {
        @Override
        public String toString() {
            return "SessionCreated[sessionId=" + sessionId + ", expiryTime=" + expiryTime + ", sessionData=<redacted>]";
        }
    }

    /** 3DS needed: the buyer must be sent to one of the URLs; the result arrives as a notification. */
    record VerificationRequired(String normalUrl, String schemeUrl, String applinkUrl, String resultCode, String resultStatus,
            String resultMessage) implements AntomOutcome {}

    /** inquireVaulting says PROCESSING (URLs when Antom gives them); wait for the notification. */
    record Processing(String normalUrl, String schemeUrl, String applinkUrl, String resultCode, String resultStatus, String resultMessage)
            implements AntomOutcome {}

    /** Antom said the vaulting failed; a new attempt needs a new request id. */
    record Failed(String resultCode, String resultStatus, String resultMessage) implements AntomOutcome {}

    /** The request id was used before with different content; terminal for this command. */
    record RepeatInconsistent(String resultCode, String resultStatus, String resultMessage) implements AntomOutcome {}

    /** inquireVaulting: Antom does not know the request id (VAULTING_NOT_EXIST). */
    record NotFound(String resultCode, String resultStatus, String resultMessage) implements AntomOutcome {}

    /** The outcome is not established (transport error, 5xx, unsigned or malformed answer, {@code U}); resolve by inquiry. */
    record Unknown(String reason, int httpStatus, String resultCode, String resultStatus, String resultMessage) implements AntomOutcome {}

    /** REQUEST_TRAFFIC_EXCEED_LIMIT: slow down and retry with the same id. */
    record RateLimited(String resultCode, String resultStatus, String resultMessage) implements AntomOutcome {}

    /** Our integration is wrong (signature, keys, client id, endpoint): stop taking work and alert. {@code signed} says whether Antom signed it. */
    record Misconfigured(String resultCode, String resultStatus, String resultMessage, boolean signed) implements AntomOutcome {}
}
