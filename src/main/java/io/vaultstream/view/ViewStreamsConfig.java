package io.vaultstream.view;

import io.vaultstream.events.DeadLetter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

    /**
     * The main consumer's default {@code fetch.max.wait.ms}: with {@link #FETCH_MIN_BYTES} the broker holds a
     * fetch until 64 KiB are there or 25 ms passed. At a steady, moderate rate the consumer's default (answer as
     * soon as one byte is there) makes every command and every result a fetch of its own, for the view and for the
     * broker; batching them for 25 ms took the view's CPU per command from 1.55 to 0.65 ms and the whole
     * machine's from 1.67 to 1.26 cores at 170 commands/s (BENCHMARKS.md, session 7), for a status that is at most
     * 25 ms staler. In a backlog 64 KiB fill at once and nothing waits. The operator's
     * {@code kafka.streams.[main.consumer.|consumer.]fetch.max.wait.ms} and {@code fetch.min.bytes} win.
     */
    public static final int FETCH_MAX_WAIT_MS = 25;

    /** The main consumer's default {@code fetch.min.bytes}; see {@link #FETCH_MAX_WAIT_MS}. */
    public static final int FETCH_MIN_BYTES = 64 * 1024;

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
        defaultMainConsumer(p, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        defaultMainConsumer(p, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
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

    /** Sets a main-consumer setting unless the operator set it in any of the forms Streams reads. */
    private static void defaultMainConsumer(Properties p, String key, Object value) {
        if (!p.containsKey(key) && !p.containsKey(StreamsConfig.consumerPrefix(key))
                && !p.containsKey(StreamsConfig.mainConsumerPrefix(key))) {
            p.put(StreamsConfig.mainConsumerPrefix(key), value);
        }
    }
}
