package io.vaultstream.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds every Avro value serde from configuration. Both kinds write the Confluent wire format
 * (magic byte 0, 4-byte schema id, Avro binary) and register schemas under the topic's
 * {@code <topic>-value} subject.
 *
 * <ul>
 *   <li>{@code apicurio} (default build): Apicurio's serde against {@code registry.url}/apis/registry/v3.
 *   <li>{@code confluent} (Maven profile {@code confluent}): Confluent's SpecificAvroSerde against
 *       {@code registry.url}; loaded reflectively so the default build does not need Confluent's jars.
 * </ul>
 * {@code registry.*} pass-through keys are added to the serde configuration as they are.
 */
public final class SerdeFactory implements Topics.ValueSerdes {

    private static final String CONFLUENT_SERDE = "io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde";

    private final String kind;
    private final String registryUrl;
    private final Map<String, Object> extra;
    private final Map<Class<?>, String> subjects;
    private final SchemaRegistrar registrar;

    public SerdeFactory(VaultstreamConfig config) {
        this.kind = config.getString(ConfigKeys.REGISTRY_SERDE);
        this.registryUrl = stripSlash(config.getString(ConfigKeys.REGISTRY_URL));
        this.extra = config.registryProps();
        this.registrar = new SchemaRegistrar(SchemaRegistrar.ccompatBase(registryUrl, kind));
        this.subjects = Map.of(
                io.vaultstream.events.VaultCommand.class, config.getString(ConfigKeys.TOPICS_COMMANDS) + "-value",
                io.vaultstream.events.VaultResult.class, config.getString(ConfigKeys.TOPICS_RESULTS) + "-value",
                io.vaultstream.events.VaultNotification.class, config.getString(ConfigKeys.TOPICS_NOTIFICATIONS) + "-value",
                io.vaultstream.events.VaultStatus.class, config.getString(ConfigKeys.TOPICS_STATUS) + "-value",
                io.vaultstream.events.DeadLetter.class, config.getString(ConfigKeys.TOPICS_DLQ) + "-value");
    }

    private String subjectOf(Class<?> type) {
        return subjects.get(type);
    }

    @Override
    public <V extends SpecificRecord> Serde<V> forValue(Class<V> type) {
        return "confluent".equals(kind) ? confluent(type) : apicurio(type);
    }

    private <V extends SpecificRecord> Serde<V> apicurio(Class<V> type) {
        Map<String, Object> conf = new HashMap<>();
        conf.put("apicurio.registry.url", registryUrl + "/apis/registry/v3");
        // Schemas are registered at start-up (SchemaRegistrar, with the FULL_TRANSITIVE rule); the
        // serializer is pinned to the registered version of exactly its compiled schema. Auto-register
        // from the serde would create a version of an existing subject, which Apicurio 3.0.9's
        // compatibility check cannot parse for schemas with nested named records ("Can't redefine");
        // its lookup by content misses such schemas; and find-latest would tag bytes with whatever
        // version is newest during a rolling upgrade.
        conf.put("apicurio.registry.auto-register", false);
        conf.put("apicurio.registry.find-latest", false);
        String subject = subjectOf(type);
        if (subject != null) {
            conf.put("apicurio.registry.artifact.group-id", "default");
            conf.put("apicurio.registry.artifact.artifact-id", subject);
            conf.put("apicurio.registry.artifact.version",
                    Integer.toString(registrar.versionOf(subject, SpecificSchemas.of(type))));
        }
        conf.put("apicurio.registry.use-specific-avro-reader", true);
        // Apicurio's default provider fingerprints the schema for every record written; this one does not
        conf.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, ReusingAvroDatumProvider.class.getName());
        conf.put("apicurio.registry.deserializer.value.return-class", type.getName());
        conf.putAll(extra);
        Serializer<V> ser = new AvroKafkaSerializer<>();
        Deserializer<V> de = new AvroKafkaDeserializer<>();
        ser.configure(conf, false);
        de.configure(conf, false);
        return Serdes.serdeFrom(ser, de);
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> Serde<V> confluent(Class<V> type) {
        Map<String, Object> conf = new HashMap<>();
        conf.put("schema.registry.url", registryUrl);
        conf.put("auto.register.schemas", false);
        conf.put("use.latest.version", false);
        conf.put("specific.avro.reader", true);
        conf.putAll(extra);
        try {
            Serde<V> serde = (Serde<V>) Class.forName(CONFLUENT_SERDE).getDeclaredConstructor().newInstance();
            serde.configure(conf, false);
            return serde;
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(ConfigKeys.REGISTRY_SERDE, kind,
                    "Confluent's serde is not on the classpath; build with -Pconfluent or use registry.serde=apicurio");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
