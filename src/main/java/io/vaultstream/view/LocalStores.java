package io.vaultstream.view;

import java.util.List;

/** The view's stores on this instance, one entry per local task. */
@FunctionalInterface
public interface LocalStores {

    /**
     * The stores of this instance's tasks.
     *
     * @param includeStandbys also standby replicas, whose data may lag (stale reads)
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while stores are
     *     migrating (rebalance, restoration); callers retry or answer 503
     */
    List<PartitionStores> partitions(boolean includeStandbys);
}
