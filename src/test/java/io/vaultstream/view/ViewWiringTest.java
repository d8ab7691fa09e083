package io.vaultstream.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vaultstream.events.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class ViewWiringTest {

    @Test
    void streamsPropertiesEnforceTheViewsGuaranteesOverPassThroughSettings() {
        Serializer<DeadLetter> dlq = new AvroTestSerde<>(DeadLetter.class).serializer();
        ViewStreamsConfig cfg = new ViewStreamsConfig("vaultstream-view", 2, new HostInfo("view-0.view", 8081),
                "/var/lib/vaultstream/view", "vault.commands.dlq.v1");

        Properties p = cfg.toProperties(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once",
                "bootstrap.servers", "kafka:9092"), dlq, Clock.systemUTC());

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(2);
        assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("view-0.view:8081");
        assertThat(p.get("bootstrap.servers")).isEqualTo("kafka:9092");
        assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterDeserializationHandler.class);
        assertThat(p.get(DeadLetterDeserializationHandler.SERIALIZER_CONFIG)).isSameAs(dlq);
        // StreamsConfig accepts the whole set
        assertThat(new StreamsConfig(p).getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("vaultstream-view");
    }

    @Test
    void theMainConsumerBatchesFetchesUnlessTheOperatorSaysOtherwise() {
        Serializer<DeadLetter> dlq = new AvroTestSerde<>(DeadLetter.class).serializer();
        ViewStreamsConfig cfg = new ViewStreamsConfig("vaultstream-view", 0, new HostInfo("localhost", 8081), "/tmp/v",
                "vault.commands.dlq.v1");

        Map<String, Object> main = new StreamsConfig(cfg.toProperties(Map.of("bootstrap.servers", "kafka:9092"), dlq,
                Clock.systemUTC())).getMainConsumerConfigs("g", "c", 0);
        assertThat(main.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(ViewStreamsConfig.FETCH_MAX_WAIT_MS);
        assertThat(main.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)).isEqualTo(ViewStreamsConfig.FETCH_MIN_BYTES);

        // each form the operator may use wins over the default
        for (String key : List.of("fetch.max.wait.ms", "consumer.fetch.max.wait.ms", "main.consumer.fetch.max.wait.ms")) {
            Map<String, Object> own = new StreamsConfig(cfg.toProperties(Map.of("bootstrap.servers", "kafka:9092", key, "0"),
                    dlq, Clock.systemUTC())).getMainConsumerConfigs("g", "c", 0);
            assertThat(own.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).as(key).hasToString("0");
            assertThat(own.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)).as(key).isEqualTo(ViewStreamsConfig.FETCH_MIN_BYTES);
        }
    }

    @Test
    void deadLetterHandlerRefusesAMissingTopicOrSerializerByName() {
        DeadLetterDeserializationHandler h = new DeadLetterDeserializationHandler();

        assertThatThrownBy(() -> h.configure(Map.of())).hasMessageContaining(DeadLetterDeserializationHandler.TOPIC_CONFIG);
        assertThatThrownBy(() -> h.configure(Map.of(DeadLetterDeserializationHandler.TOPIC_CONFIG, "dlq")))
                .hasMessageContaining(DeadLetterDeserializationHandler.SERIALIZER_CONFIG);
    }

    @Test
    void optionsRejectNonsenseByName() {
        assertThatThrownBy(() -> ViewTopologyOptions.builder().firstInquiryAge(VaultState.REQUESTED,
                Duration.ofMinutes(1)).build()).hasMessageStartingWith("firstInquiryAge:");
        assertThatThrownBy(() -> ViewTopologyOptions.builder().finalAge(Duration.ofMinutes(10)).build())
                .hasMessageStartingWith("firstInquiryAge.");
        assertThatThrownBy(() -> ViewTopologyOptions.builder().maxActionsPerPunctuation(0).build())
                .hasMessageStartingWith("maxActionsPerPunctuation:");
        assertThatThrownBy(() -> ViewTopologyOptions.builder().reconcileInterval(Duration.ZERO).build())
                .hasMessageStartingWith("reconcileInterval:");
    }

    @Test
    void inquiryIntervalDoublesUpToItsCap() {
        ViewTopologyOptions o = ViewTopologyOptions.builder().initialInquiryInterval(Duration.ofMinutes(2))
                .maxInquiryInterval(Duration.ofMinutes(10)).build();

        assertThat(List.of(o.inquiryInterval(1), o.inquiryInterval(2), o.inquiryInterval(3), o.inquiryInterval(4),
                o.inquiryInterval(99))).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(10), Duration.ofMinutes(10));
    }

    @Test
    void metricsExposeCountsPerStateAndStalledRequested() {
        ReadOnlyKeyValueStore<String, Long> stats = new MapStore(Map.of("count/VAULTED", 3L, "count/REQUESTED", 1L,
                StatsSnapshot.STALLED_REQUESTED, 1L));
        ViewQueries q = new ViewQueries(stale -> List.of(new PartitionStores(0, null, null, stats)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        ViewMetrics.bind(registry, q, Clock.systemUTC());

        assertThat(registry.get("vaultstream.view.requests").tag("state", "VAULTED").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("vaultstream.view.requests").tag("state", "FAILED").gauge().value()).isZero();
        assertThat(registry.get("vaultstream.view.stalled.requested").gauge().value()).isEqualTo(1.0);
    }

    /** A read-only store over a map, enough for {@code all()}. */
    private record MapStore(Map<String, Long> map) implements ReadOnlyKeyValueStore<String, Long> {
        @Override
        public Long get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, Long> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, Long> all() {
            var it = map.entrySet().iterator();
            return new KeyValueIterator<>() {
                @Override
                public void close() {}

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public org.apache.kafka.streams.KeyValue<String, Long> next() {
                    var e = it.next();
                    return org.apache.kafka.streams.KeyValue.pair(e.getKey(), e.getValue());
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }
    }
}
