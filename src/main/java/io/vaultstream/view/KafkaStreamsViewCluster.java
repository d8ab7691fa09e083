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

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Serializer<String> keySerializer = Serdes.String().serializer();

    /**
     * @param self the same {@code host:port} this instance sets as {@code application.server}
     */
    public KafkaStreamsViewCluster(KafkaStreams streams, HostInfo self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public Optional<HostInfo> owner(String vaultingRequestId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return Optional.empty();
        }
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(StatusTopology.STATUS_STORE, vaultingRequestId, keySerializer);
        } catch (IllegalStateException notRunning) { // the state changed since the check above
            return Optional.empty();
        }
        if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md) || md.activeHost() == null
                || md.activeHost().port() < 0) {
            return Optional.empty();
        }
        return Optional.of(md.activeHost());
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
