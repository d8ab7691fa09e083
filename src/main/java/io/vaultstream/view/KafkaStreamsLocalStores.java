package io.vaultstream.view;

import io.vaultstream.events.VaultStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link LocalStores} of a running {@link KafkaStreams} instance, via interactive queries per partition.
 *
 * <p>The status store handles of single-key reads are made once per partition and kept: a handle
 * from {@link KafkaStreams#store} does not pin a task's store, it finds the partition's current
 * local store on every read (and throws {@link InvalidStateStoreException} when there is none),
 * so it stays right across rebalances; making one per request cost a topology and global-store
 * check, and {@link #partitions} costs the task metadata of every local thread on top.
 */
public final class KafkaStreamsLocalStores implements LocalStores {

    private final KafkaStreams streams;
    private final Map<Integer, ReadOnlyKeyValueStore<String, VaultStatus>> activeStatuses = new ConcurrentHashMap<>();
    private final Map<Integer, ReadOnlyKeyValueStore<String, VaultStatus>> anyStatuses = new ConcurrentHashMap<>();

    public KafkaStreamsLocalStores(KafkaStreams streams) {
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    @Override
    public List<PartitionStores> partitions(boolean includeStandbys) {
        requireQueryable();
        TreeSet<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                partitions.add(task.taskId().partition());
            }
            if (includeStandbys) {
                for (TaskMetadata task : thread.standbyTasks()) {
                    partitions.add(task.taskId().partition());
                }
            }
        }
        List<PartitionStores> out = new ArrayList<>(partitions.size());
        for (int p : partitions) {
            ReadOnlyKeyValueStore<String, VaultStatus> statuses = store(StatusTopology.STATUS_STORE, p, includeStandbys);
            ReadOnlyKeyValueStore<String, String> index = store(StatusTopology.STATE_INDEX_STORE, p, includeStandbys);
            ReadOnlyKeyValueStore<String, Long> stats = store(StatusTopology.STATS_STORE, p, includeStandbys);
            out.add(new PartitionStores(p, statuses, index, stats));
        }
        return out;
    }

    @Override
    public ReadOnlyKeyValueStore<String, VaultStatus> statuses(int partition, boolean includeStandbys) {
        requireQueryable();
        Map<Integer, ReadOnlyKeyValueStore<String, VaultStatus>> handles = includeStandbys ? anyStatuses : activeStatuses;
        ReadOnlyKeyValueStore<String, VaultStatus> handle = handles.get(partition);
        if (handle == null) {
            handle = store(StatusTopology.STATUS_STORE, partition, includeStandbys);
            handles.putIfAbsent(partition, handle);
        }
        return handle;
    }

    private void requireQueryable() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new InvalidStateStoreException("the view's Streams client is " + state);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition);
        return streams.store(stale ? params.enableStaleStores() : params);
    }
}
