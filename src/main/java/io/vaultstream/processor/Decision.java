package io.vaultstream.processor;

/** What the processor does next with a command after one Antom answer, as decided by {@link CommandDecider}. */
public sealed interface Decision {

    /** The command is done: publish a result with this outcome and Antom's code, status and message. */
    record Finish(String outcome, String resultCode, String resultStatus, String resultMessage) implements Decision {}

    /** Call again after a backoff: the original call ({@link Phase#CALL}) or an inquiry ({@link Phase#INQUIRY}). */
    record Retry(Phase next, String reason, boolean trafficLimited) implements Decision {}

    /** Our integration is misconfigured: stop taking work, keep the command on the topic. */
    record Halt(String resultCode, String resultMessage) implements Decision {}

    /** Which call a command makes next. */
    enum Phase { CALL, INQUIRY }
}
