package io.vaultstream.view;

import io.vaultstream.events.VaultStatus;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The three stores of one task (input partition), as seen by queries. */
public record PartitionStores(
        int partition,
        ReadOnlyKeyValueStore<String, VaultStatus> statuses,
        ReadOnlyKeyValueStore<String, String> index,
        ReadOnlyKeyValueStore<String, Long> stats) {}
