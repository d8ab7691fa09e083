package io.vaultstream.view;

import io.vaultstream.events.VaultStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@link LocalStores} of a running {@link KafkaStreams} instance, via interactive queries per partition. */
public final class KafkaStreamsLocalStores implements LocalStores {

    private final KafkaStreams streams;

    public KafkaStreamsLocalStores(KafkaStreams streams) {
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    @Override
    public List<PartitionStores> partitions(boolean includeStandbys) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new InvalidStateStoreException("the view's Streams client is " + state);
        }
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

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition);
        return streams.store(stale ? params.enableStaleStores() : params);
    }
}
