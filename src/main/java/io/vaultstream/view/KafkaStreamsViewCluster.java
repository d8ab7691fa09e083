package io.vaultstream.view;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** {@link ViewCluster} from Kafka Streams metadata; instances advertise themselves via {@code application.server}. */
public final class KafkaStreamsViewCluster implements ViewCluster {

    private static final KeyLocation UNKNOWN = new KeyLocation(KeyLocation.UNKNOWN_PARTITION, Optional.empty());

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Optional<HostInfo> selfOwner;
    private final Serializer<String> keySerializer = Serdes.String().serializer();

    /**
     * @param self the same {@code host:port} this instance sets as {@code application.server}
     */
    public KafkaStreamsViewCluster(KafkaStreams streams, HostInfo self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
        this.selfOwner = Optional.of(self);
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public Optional<HostInfo> owner(String vaultingRequestId) {
        return locate(vaultingRequestId).owner();
    }

    @Override
    public KeyLocation locate(String vaultingRequestId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return UNKNOWN;
        }
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(StatusTopology.STATUS_STORE, vaultingRequestId, keySerializer);
        } catch (IllegalStateException notRunning) { // the state changed since the check above
            return UNKNOWN;
        }
        if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md)) {
            return UNKNOWN;
        }
        int partition = md.partition() >= 0 ? md.partition() : KeyLocation.UNKNOWN_PARTITION;
        HostInfo active = md.activeHost();
        if (active == null || active.port() < 0) {
            return new KeyLocation(partition, Optional.empty());
        }
        return new KeyLocation(partition, active.equals(self) ? selfOwner : Optional.of(active));
    }

    @Override
    public List<HostInfo> hosts() {
        try {
            return streams.streamsMetadataForStore(StatusTopology.STATUS_STORE).stream()
                    .map(StreamsMetadata::hostInfo)
                    .distinct()
                    .toList();
        } catch (IllegalStateException notRunning) {
            return List.of();
        }
    }
}
