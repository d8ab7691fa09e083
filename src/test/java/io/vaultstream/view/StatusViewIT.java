package io.vaultstream.view;

import static io.vaultstream.view.Events.notification;
import static io.vaultstream.view.Events.result;
import static io.vaultstream.view.Events.vaultPaymentMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.events.VaultStatus;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.SchemaRegistrar;
import io.vaultstream.kafka.Topics;
import io.vaultstream.testsupport.TestInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view on a real broker and registry, exactly_once_v2: statuses, dead letters, interactive queries. */
class StatusViewIT {

    @TempDir Path stateDir;
    private KafkaStreams streams;

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void foldsEventsUnderExactlyOnceSendsUndecodableInputToTheDeadLetterTopicAndAnswersQueries() throws Exception {
        TestInfra infra = TestInfra.get();
        VaultstreamConfig config = infra.config("view", Map.of());
        Topics topics = KafkaSetup.prepare(config);
        HostInfo self = new HostInfo("localhost", TestInfra.freePort());
        ViewTopologyOptions options = ViewTopologyOptions.builder().topics(topics).build();
        String applicationId = "view-it-" + System.nanoTime();
        // the status store's changelog carries statuses in the registry format too
        new SchemaRegistrar(infra.registryUrl() + "/apis/ccompat/v7").register(
                applicationId + "-" + StatusTopology.STATUS_STORE + "-changelog-value", VaultStatus.getClassSchema());
        Properties props = new ViewStreamsConfig(applicationId, 0, self, stateDir.toString(),
                topics.dlq().name()).toProperties(Map.of("bootstrap.servers", infra.bootstrapServers(),
                        "commit.interval.ms", 100), topics.dlq().valueSerde().serializer(), Clock.systemUTC());
        ViewSerdes serdes = preRegisteredSchemaSerdes(infra);
        streams = new KafkaStreams(StatusTopology.build(new StreamsBuilder(), options, serdes, Clock.systemUTC()),
                props);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);

        String id = "it-" + System.nanoTime();
        produce(infra, topics.notifications().name(), id, notification(id, 5, "S"),
                serdes.notification().serializer());
        produce(infra, topics.results().name(), id, result(id, 3, "VAULTED"), serdes.result().serializer());
        produce(infra, topics.commands().name(), id, vaultPaymentMethod(id, 0), serdes.command().serializer());
        produce(infra, topics.results().name(), "poison-1", "not avro".getBytes(StandardCharsets.UTF_8),
                new ByteArraySerializer());

        List<VaultStatus> statuses = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, VaultStatus> sc = consumer(infra, serdes.status().deserializer());
                KafkaConsumer<String, DeadLetter> dc = consumer(infra, topics.dlq().valueSerde().deserializer())) {
            sc.subscribe(List.of(topics.status().name()));
            dc.subscribe(List.of(topics.dlq().name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                sc.poll(Duration.ofMillis(100)).forEach(r -> statuses.add(r.value()));
                dc.poll(Duration.ofMillis(100)).forEach(r -> letters.add(r.value()));
                return !letters.isEmpty() && statuses.stream().anyMatch(s -> s.getState().equals("VAULTED"));
            });
        }
        assertThat(letters.get(0).getKey()).isEqualTo("poison-1");
        assertThat(letters.get(0).getSourceTopic()).isEqualTo(topics.results().name());
        assertThat(statuses).allSatisfy(s -> assertThat(s.toString()).doesNotContain(Events.CARD_TOKEN));

        ViewQueries queries = new ViewQueries(new KafkaStreamsLocalStores(streams));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(queries.get(id, false)).hasValueSatisfying(s -> {
                    assertThat(s.getState()).isEqualTo("VAULTED");
                    assertThat(s.getConflict()).isFalse();
                }));
        assertThat(queries.list(VaultState.VAULTED, 10, null).items()).extracting(VaultStatus::getVaultingRequestId)
                .contains(id);
        assertThat(queries.stats().counts().get(VaultState.VAULTED)).isEqualTo(1);
        KafkaStreamsViewCluster cluster = new KafkaStreamsViewCluster(streams, self);
        assertThat(cluster.owner(id)).hasValue(self);
        assertThat(cluster.hosts()).containsExactly(self);
    }

    /**
     * Registry serdes that use the schemas {@code KafkaSetup.prepare} registered instead of
     * auto-registering. With auto-registration (the SerdeFactory default at the time of writing),
     * Apicurio 3.0.9 answers 422 "Can't redefine: io.vaultstream.events.VaultPaymentMethod" for
     * records with nested named types (VaultCommand, VaultStatus): its FULL_TRANSITIVE check fails
     * to parse the schema. Switch to {@code ViewSerdes.of(topics)} once SerdeFactory does the same.
     */
    private static ViewSerdes preRegisteredSchemaSerdes(TestInfra infra) {
        return new ViewSerdes(serde(infra, VaultCommand.class), serde(infra, VaultResult.class),
                serde(infra, VaultNotification.class), serde(infra, VaultStatus.class));
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> Serde<V> serde(TestInfra infra, Class<V> type) {
        Map<String, Object> conf = Map.of(
                "apicurio.registry.url", infra.registryUrl() + "/apis/registry/v3",
                "apicurio.registry.auto-register", false,
                "apicurio.registry.find-latest", true,
                "apicurio.registry.use-specific-avro-reader", true,
                "apicurio.registry.deserializer.value.return-class", type.getName());
        Serializer<V> ser = new AvroKafkaSerializer<>();
        Deserializer<V> de = new AvroKafkaDeserializer<>();
        ser.configure(conf, false);
        de.configure(conf, false);
        return Serdes.serdeFrom(ser, de);
    }

    private static <V> void produce(TestInfra infra, String topic, String key, V value, Serializer<V> serializer)
            throws Exception {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(Map.of("bootstrap.servers", infra.bootstrapServers()),
                new StringSerializer(), serializer)) {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(TestInfra infra, Deserializer<V> deserializer) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", infra.bootstrapServers(),
                "group.id", "view-it-" + System.nanoTime(), "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"), new StringDeserializer(), deserializer);
    }
}
