package io.vaultstream.processor;

import io.vaultstream.antom.AntomOutcome;
import io.vaultstream.processor.Decision.Finish;
import io.vaultstream.processor.Decision.Halt;
import io.vaultstream.processor.Decision.Phase;
import io.vaultstream.processor.Decision.Retry;

/**
 * The pure decision core of the processor: given a command type, the call just made and what Antom's
 * answer meant, it says whether the command is done (and with which outcome), must call again, or must
 * stop the processor. Retry budgets are applied here too, so every rule is testable without I/O.
 */
public final class CommandDecider {

    public static final String VAULTED = "VAULTED";
    public static final String SESSION_CREATED = "SESSION_CREATED";
    public static final String VERIFICATION_REQUIRED = "VERIFICATION_REQUIRED";
    public static final String PROCESSING = "PROCESSING";
    public static final String FAILED = "FAILED";
    public static final String REJECTED = "REJECTED";
    public static final String UNKNOWN = "UNKNOWN";

    private CommandDecider() {}

    /**
     * Decides the next step.
     *
     * @param commandType  {@link Commands#VAULT_PAYMENT_METHOD}, ... of the command
     * @param phase        the call that produced {@code outcome}
     * @param attempts     Antom calls made for this command so far, this one included
     * @param elapsedMillis time since the command's first call
     */
    public static Decision decide(String commandType, Phase phase, AntomOutcome outcome, int attempts, long elapsedMillis,
            ProcessorOptions options) {
        Decision d = switch (commandType) {
            case Commands.VAULT_PAYMENT_METHOD -> phase == Phase.CALL ? vaultCall(outcome) : vaultInquiry(outcome);
            case Commands.CREATE_VAULTING_SESSION -> session(outcome);
            default -> inquiryCommand(outcome);
        };
        if (d instanceof Retry r && (attempts >= options.maxAttempts() || elapsedMillis >= options.maxRetryTime().toMillis())) {
            // the last answer's code only when it was itself inconclusive; a PROCESSING inquiry's SUCCESS would mislead
            boolean inconclusive = outcome instanceof AntomOutcome.Unknown || outcome instanceof AntomOutcome.RateLimited;
            return new Finish(UNKNOWN, inconclusive ? outcome.resultCode() : null, "U",
                    "outcome not established after " + attempts + " attempts in " + elapsedMillis + " ms; last: " + r.reason());
        }
        return d;
    }

    private static Decision vaultCall(AntomOutcome o) {
        if (o instanceof AntomOutcome.Vaulted) {
            return finish(VAULTED, o);
        }
        if (o instanceof AntomOutcome.VerificationRequired) {
            return finish(VERIFICATION_REQUIRED, o);
        }
        if (o instanceof AntomOutcome.Failed || o instanceof AntomOutcome.RepeatInconsistent) {
            return finish(FAILED, o);
        }
        if (o instanceof AntomOutcome.RateLimited) {
            return new Retry(Phase.CALL, "traffic limit", true);
        }
        if (o instanceof AntomOutcome.Misconfigured m) {
            return new Halt(m.resultCode(), m.resultMessage());
        }
        return new Retry(Phase.INQUIRY, reason(o), false);
    }

    private static Decision vaultInquiry(AntomOutcome o) {
        if (o instanceof AntomOutcome.Vaulted) {
            return finish(VAULTED, o);
        }
        if (o instanceof AntomOutcome.Failed || o instanceof AntomOutcome.RepeatInconsistent) {
            return finish(FAILED, o);
        }
        if (o instanceof AntomOutcome.Processing p) {
            return hasUrl(p) ? finish(VERIFICATION_REQUIRED, o) : new Retry(Phase.INQUIRY, "inquiry: still processing", false);
        }
        if (o instanceof AntomOutcome.NotFound) {
            // Antom never saw the call: repeat it with the same id
            return new Retry(Phase.CALL, "inquiry: VAULTING_NOT_EXIST", false);
        }
        if (o instanceof AntomOutcome.RateLimited) {
            return new Retry(Phase.INQUIRY, "traffic limit", true);
        }
        if (o instanceof AntomOutcome.Misconfigured m) {
            return new Halt(m.resultCode(), m.resultMessage());
        }
        return new Retry(Phase.INQUIRY, reason(o), false);
    }

    private static Decision session(AntomOutcome o) {
        // an inquiry cannot return session data, so Antom prescribes repeating the call with the same id
        if (o instanceof AntomOutcome.SessionCreated) {
            return finish(SESSION_CREATED, o);
        }
        if (o instanceof AntomOutcome.Failed || o instanceof AntomOutcome.RepeatInconsistent) {
            return finish(FAILED, o);
        }
        if (o instanceof AntomOutcome.Misconfigured m) {
            return new Halt(m.resultCode(), m.resultMessage());
        }
        return new Retry(Phase.CALL, reason(o), o instanceof AntomOutcome.RateLimited);
    }

    private static Decision inquiryCommand(AntomOutcome o) {
        if (o instanceof AntomOutcome.Vaulted) {
            return finish(VAULTED, o);
        }
        if (o instanceof AntomOutcome.Failed || o instanceof AntomOutcome.RepeatInconsistent) {
            return finish(FAILED, o);
        }
        if (o instanceof AntomOutcome.Processing) {
            return finish(PROCESSING, o);
        }
        if (o instanceof AntomOutcome.NotFound n) {
            return new Finish(FAILED, "VAULTING_NOT_EXIST", n.resultStatus(), n.resultMessage());
        }
        if (o instanceof AntomOutcome.Misconfigured m) {
            return new Halt(m.resultCode(), m.resultMessage());
        }
        return new Retry(Phase.INQUIRY, reason(o), o instanceof AntomOutcome.RateLimited);
    }

    private static String reason(AntomOutcome o) {
        if (o instanceof AntomOutcome.Unknown u) {
            return u.reason();
        }
        if (o instanceof AntomOutcome.RateLimited) {
            return "traffic limit";
        }
        return "unexpected answer " + o.resultCode();
    }

    private static Finish finish(String outcome, AntomOutcome o) {
        return new Finish(outcome, o.resultCode(), o.resultStatus(), o.resultMessage());
    }

    private static boolean hasUrl(AntomOutcome.Processing p) {
        return notBlank(p.normalUrl()) || notBlank(p.schemeUrl()) || notBlank(p.applinkUrl());
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
