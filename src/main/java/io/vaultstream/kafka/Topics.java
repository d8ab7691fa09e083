package io.vaultstream.kafka;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.events.VaultStatus;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place that names every vaultstream topic with its key and value serde and its topic configs.
 * Keys are the vaultingRequestId as a UTF-8 string on every topic.
 */
public final class Topics {

    /** One topic: name, serdes, value schema type and the configs it is created with. */
    public record Topic<V extends SpecificRecord>(
            String name, Serde<String> keySerde, Serde<V> valueSerde, Class<V> valueType, Map<String, String> configs) {}

    private static final long SEVEN_DAYS_MS = 7L * 24 * 60 * 60 * 1000;

    private final Topic<VaultCommand> commands;
    private final Topic<VaultResult> results;
    private final Topic<VaultNotification> notifications;
    private final Topic<VaultStatus> status;
    private final Topic<DeadLetter> dlq;

    /** Topics named by configuration, serdes from {@code serdes} (a registry-backed factory in production). */
    public Topics(VaultstreamConfig config, ValueSerdes serdes) {
        this(config.getString(ConfigKeys.TOPICS_COMMANDS), config.getString(ConfigKeys.TOPICS_RESULTS),
                config.getString(ConfigKeys.TOPICS_NOTIFICATIONS), config.getString(ConfigKeys.TOPICS_STATUS),
                config.getString(ConfigKeys.TOPICS_DLQ), serdes);
    }

    /** Topics with explicit names; tests use this with registry-free serdes. */
    public Topics(String commands, String results, String notifications, String status, String dlq, ValueSerdes serdes) {
        this.commands = topic(commands, VaultCommand.class, serdes,
                Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(SEVEN_DAYS_MS)));
        this.results = topic(results, VaultResult.class, serdes, Map.of());
        this.notifications = topic(notifications, VaultNotification.class, serdes, Map.of());
        this.status = topic(status, VaultStatus.class, serdes,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        this.dlq = topic(dlq, DeadLetter.class, serdes, Map.of());
    }

    /**
     * Names, value types and configs only, for creating topics and registering schemas before any serde
     * exists (production serdes look up the registered schema version when they are built).
     */
    public static Topics withoutSerdes(VaultstreamConfig config) {
        return new Topics(config, ValueSerdes.of(type -> null));
    }

    private static <V extends SpecificRecord> Topic<V> topic(
            String name, Class<V> type, ValueSerdes serdes, Map<String, String> configs) {
        return new Topic<>(name, Serdes.String(), serdes.forValue(type), type, configs);
    }

    public Topic<VaultCommand> commands() {
        return commands;
    }

    public Topic<VaultResult> results() {
        return results;
    }

    public Topic<VaultNotification> notifications() {
        return notifications;
    }

    public Topic<VaultStatus> status() {
        return status;
    }

    public Topic<DeadLetter> dlq() {
        return dlq;
    }

    /** Every topic, in creation order. */
    public List<Topic<?>> all() {
        return List.of(commands, results, notifications, status, dlq);
    }

    /** The view's input topics, which must be co-partitioned. */
    public List<Topic<?>> viewInputs() {
        return List.of(commands, results, notifications);
    }

    /** Creates value serdes for a record type; the production implementation is {@link SerdeFactory}. */
    @FunctionalInterface
    public interface ValueSerdes {
        <V extends SpecificRecord> Serde<V> forValue(Class<V> type);

        /** Adapts a function-like factory. */
        static ValueSerdes of(Function<Class<? extends SpecificRecord>, Serde<? extends SpecificRecord>> f) {
            return new ValueSerdes() {
                @Override
                @SuppressWarnings("unchecked")
                public <V extends SpecificRecord> Serde<V> forValue(Class<V> type) {
                    return (Serde<V>) f.apply(type);
                }
            };
        }
    }
}
