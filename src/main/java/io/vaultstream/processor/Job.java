package io.vaultstream.processor;

import io.vaultstream.events.VaultCommand;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** One command record on its way through the engine; owned by the poll thread (workers only read it). */
final class Job {
    final TopicPartition partition;
    final long offset;
    final long epoch;
    final String key;
    final VaultCommand command;
    final String commandType;
    final byte[] rawValue;
    final List<String> evidence = new ArrayList<>(2);
    volatile Decision.Phase phase;
    int attempts;
    long firstCallAtMillis;
    boolean started;
    String maskedCardNo;

    Job(TopicPartition partition, long offset, long epoch, String key, VaultCommand command, byte[] rawValue) {
        this.partition = partition;
        this.offset = offset;
        this.epoch = epoch;
        this.key = key;
        this.command = command;
        this.commandType = Commands.commandType(command);
        this.rawValue = rawValue;
        this.phase = Commands.INQUIRE_VAULTING.equals(commandType) ? Decision.Phase.INQUIRY : Decision.Phase.CALL;
    }

    @Override
    public String toString() {
        return "Job[" + partition + "@" + offset + ", vaultingRequestId=" + key + ", " + commandType + "]";
    }
}
