package io.vaultstream.view;

import io.vaultstream.events.DeadLetter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The Kafka Streams properties the view relies on, layered over the operator's pass-through
 * settings ({@code kafka.*}, {@code kafka.streams.*}): the guarantees are not left to chance, so
 * they are applied last.
 *
 * @param applicationId Streams application id (consumer group, changelog and state-dir prefix)
 * @param standbyReplicas {@code num.standby.replicas}: warm copies of each store on other
 *     instances; more means faster fail-over and stale reads during a rebalance, at the cost of
 *     disk and changelog reads
 * @param applicationServer this instance's advertised {@code host:port} of the query API, so
 *     other instances can forward to it
 * @param stateDir where RocksDB stores live; must survive restarts to avoid full restores
 * @param deadLetterTopic where undecodable input goes
 */
public record ViewStreamsConfig(
        String applicationId, int standbyReplicas, HostInfo applicationServer, String stateDir,
        String deadLetterTopic) {

    /** Default application id. */
    public static final String DEFAULT_APPLICATION_ID = "vaultstream-view";

    public ViewStreamsConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(applicationServer, "applicationServer");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas: must be 0 or more");
        }
    }

    /**
     * The properties for {@code new KafkaStreams(topology, props)}.
     *
     * @param passThrough client settings from configuration (bootstrap servers, security, tuning)
     * @param deadLetterSerializer serializer of {@link DeadLetter} values (the registry serde)
     */
    public Properties toProperties(Map<String, ?> passThrough, Serializer<DeadLetter> deadLetterSerializer,
            Clock clock) {
        Properties p = new Properties();
        p.putAll(passThrough);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer.host() + ":" + applicationServer.port());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(DeadLetterDeserializationHandler.TOPIC_CONFIG, deadLetterTopic);
        p.put(DeadLetterDeserializationHandler.SERIALIZER_CONFIG, deadLetterSerializer);
        p.put(DeadLetterDeserializationHandler.CLOCK_CONFIG, clock);
        return p;
    }
}
