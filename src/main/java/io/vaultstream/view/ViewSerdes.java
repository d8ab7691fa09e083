package io.vaultstream.view;

import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.events.VaultStatus;
import io.vaultstream.kafka.Topics;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes the status topology needs, passed in so that production uses the registry
 * serdes and unit tests registry-free ones. Keys are always UTF-8 strings.
 */
public record ViewSerdes(
        Serde<VaultCommand> command,
        Serde<VaultResult> result,
        Serde<VaultNotification> notification,
        Serde<VaultStatus> status) {

    /** The serdes of the topics registry (registry-backed in production). */
    public static ViewSerdes of(Topics topics) {
        return new ViewSerdes(topics.commands().valueSerde(), topics.results().valueSerde(),
                topics.notifications().valueSerde(), topics.status().valueSerde());
    }

    public ViewSerdes {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(status, "status");
    }
}
