package io.vaultstream.view;

import io.vaultstream.events.VaultStatus;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

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

    /**
     * The status store of one partition, for reading the single key a caller knows to be there;
     * null when this instance holds no task of that partition.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while stores are
     *     migrating, also from the returned store's reads
     */
    default ReadOnlyKeyValueStore<String, VaultStatus> statuses(int partition, boolean includeStandbys) {
        for (PartitionStores p : partitions(includeStandbys)) {
            if (p.partition() == partition) {
                return p.statuses();
            }
        }
        return null;
    }
}
