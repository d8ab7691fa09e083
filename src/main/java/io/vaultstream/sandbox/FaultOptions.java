package io.vaultstream.sandbox;

import java.time.Duration;

/**
 * What can go wrong in the sandbox, by share of calls (0..1). Draws come from the seed, the request
 * id and the call number for that id, so a run is reproducible whatever the arrival order.
 *
 * @param seed                      seed of every random draw
 * @param latency                   fixed time added before each answer (async: no thread is held)
 * @param jitter                    up to this much more, uniformly
 * @param serverErrorShare          answer HTTP 500 with a non-Antom body
 * @param timeoutShare              hold the answer for {@code timeoutHold} (longer than the client's timeout)
 * @param timeoutHold               how long a "timeout" answer is held
 * @param unknownExceptionShare     answer {@code U} UNKNOWN_EXCEPTION (signed)
 * @param rateLimitShare            answer {@code U} REQUEST_TRAFFIC_EXCEED_LIMIT (signed; the request is not processed)
 * @param malformedShare            answer a body that is not JSON (signed)
 * @param missingSignatureShare     answer without a signature header
 * @param wrongSignatureShare       answer with a signature that does not verify
 * @param processedOnFaultShare     of the faulty answers above (except rate limit), how many still processed the request
 * @param duplicateNotificationShare send a notification twice
 * @param lateNotificationShare     send a notification {@code lateNotificationDelay} late
 * @param lateNotificationDelay     how late a late notification is
 */
public record FaultOptions(
        long seed,
        Duration latency,
        Duration jitter,
        double serverErrorShare,
        double timeoutShare,
        Duration timeoutHold,
        double unknownExceptionShare,
        double rateLimitShare,
        double malformedShare,
        double missingSignatureShare,
        double wrongSignatureShare,
        double processedOnFaultShare,
        double duplicateNotificationShare,
        double lateNotificationShare,
        Duration lateNotificationDelay) {

    public FaultOptions {
        double[] shares = {serverErrorShare, timeoutShare, unknownExceptionShare, rateLimitShare, malformedShare, missingSignatureShare,
                wrongSignatureShare, processedOnFaultShare, duplicateNotificationShare, lateNotificationShare};
        double answerFaults = 0;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] < 0 || shares[i] > 1) {
                throw new IllegalArgumentException("fault shares must be between 0 and 1");
            }
            if (i < 7) {
                answerFaults += shares[i];
            }
        }
        if (answerFaults > 1.0 + 1e-9) {
            throw new IllegalArgumentException("the answer fault shares add up to more than 1");
        }
        latency = latency == null ? Duration.ZERO : latency;
        jitter = jitter == null ? Duration.ZERO : jitter;
        timeoutHold = timeoutHold == null ? Duration.ofSeconds(60) : timeoutHold;
        lateNotificationDelay = lateNotificationDelay == null ? Duration.ofSeconds(5) : lateNotificationDelay;
    }

    /** No faults, no latency. */
    public static FaultOptions none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with every share 0 and no latency. */
    public static final class Builder {
        private long seed = 1;
        private Duration latency = Duration.ZERO;
        private Duration jitter = Duration.ZERO;
        private double serverError;
        private double timeout;
        private Duration timeoutHold = Duration.ofSeconds(60);
        private double unknownException;
        private double rateLimit;
        private double malformed;
        private double missingSignature;
        private double wrongSignature;
        private double processedOnFault = 0.5;
        private double duplicateNotification;
        private double lateNotification;
        private Duration lateNotificationDelay = Duration.ofSeconds(5);

        public Builder seed(long v) { seed = v; return this; }
        public Builder latency(Duration v) { latency = v; return this; }
        public Builder jitter(Duration v) { jitter = v; return this; }
        public Builder serverErrorShare(double v) { serverError = v; return this; }
        public Builder timeoutShare(double v) { timeout = v; return this; }
        public Builder timeoutHold(Duration v) { timeoutHold = v; return this; }
        public Builder unknownExceptionShare(double v) { unknownException = v; return this; }
        public Builder rateLimitShare(double v) { rateLimit = v; return this; }
        public Builder malformedShare(double v) { malformed = v; return this; }
        public Builder missingSignatureShare(double v) { missingSignature = v; return this; }
        public Builder wrongSignatureShare(double v) { wrongSignature = v; return this; }
        public Builder processedOnFaultShare(double v) { processedOnFault = v; return this; }
        public Builder duplicateNotificationShare(double v) { duplicateNotification = v; return this; }
        public Builder lateNotificationShare(double v) { lateNotification = v; return this; }
        public Builder lateNotificationDelay(Duration v) { lateNotificationDelay = v; return this; }

        public FaultOptions build() {
            return new FaultOptions(seed, latency, jitter, serverError, timeout, timeoutHold, unknownException, rateLimit, malformed,
                    missingSignature, wrongSignature, processedOnFault, duplicateNotification, lateNotification, lateNotificationDelay);
        }
    }
}
