package io.vaultstream.processor;

import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomExchange;
import io.vaultstream.antom.Violation;
import java.util.List;

/** What a worker or HTTP thread hands back to the poll thread for one started job. */
sealed interface Completion {
    Job job();

    /** Antom answered (or the transport failed, which is also an answer to classify). */
    record Answered(Job job, AntomAction action, AntomExchange exchange, String maskedCardNo) implements Completion {}

    /** The command cannot form a valid request; Antom was not called. */
    record Rejected(Job job, List<Violation> violations) implements Completion {}

    /** The card cannot be decrypted (unknown key id, tampered): poison. */
    record Unreadable(Job job, String reason) implements Completion {}
}
