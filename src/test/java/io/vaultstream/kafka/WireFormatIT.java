package io.vaultstream.kafka;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultResult;
import io.vaultstream.testsupport.TestInfra;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WireFormatIT {

    @Test
    void avroEventsUseTheConfluentWireFormatWithAnIdTheRegistryResolves() throws Exception {
        TestInfra infra = TestInfra.get();
        VaultstreamConfig config = infra.config("wire", Map.of());
        Topics topics = KafkaSetup.prepare(config);
        String topic = topics.results().name();

        VaultResult sent = VaultResult.newBuilder()
                .setVaultingRequestId("req-wire-1").setCommandId("c-1").setCommandType("VAULT_PAYMENT_METHOD")
                .setOutcome("VAULTED").setResultCode("SUCCESS").setResultStatus("S").setMaskedCardNo("************1111")
                .setCardBrand("VISA").setProducedAt(Instant.parse("2026-11-22T00:00:00Z")).build();
        Serde<VaultResult> serde = topics.results().valueSerde();
        try (KafkaProducer<String, VaultResult> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", infra.bootstrapServers()), new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic, sent.getVaultingRequestId(), sent)).get();
        }

        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", infra.bootstrapServers(), "group.id", "wire-" + System.nanoTime(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(raw::add);
                return !raw.isEmpty();
            });
        }
        byte[] bytes = raw.get(0).value();
        assertThat(raw.get(0).headers().toArray()).as("no Apicurio headers: the id is in the payload").isEmpty();
        assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();

        String ccompat = infra.registryUrl() + "/apis/ccompat/v7";
        Schema resolved = new SchemaRegistrar(ccompat).schemaById(id);
        assertThat(resolved).isEqualTo(VaultResult.getClassSchema());

        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(sent);

        HttpResponse<String> rule = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ccompat + "/config/" + topic + "-value")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rule.body()).contains("FULL_TRANSITIVE");
    }

    @Test
    void everyEventTypeRoundTripsThroughItsRegisteredSubject() throws Exception {
        TestInfra infra = TestInfra.get();
        VaultstreamConfig config = infra.config("roundtrip", Map.of());
        Topics topics = KafkaSetup.prepare(config);
        io.vaultstream.events.VaultCommand command = io.vaultstream.events.VaultCommand.newBuilder()
                .setVaultingRequestId("req-rt").setCommandId("c").setCreatedAt(Instant.EPOCH)
                .setAction(io.vaultstream.events.InquireVaulting.newBuilder().build()).build();
        io.vaultstream.events.VaultStatus status = io.vaultstream.events.VaultStatus.newBuilder()
                .setVaultingRequestId("req-rt").setState("REQUESTED").setUpdatedAt(Instant.EPOCH)
                .setHistory(List.of(io.vaultstream.events.StatusHistoryEntry.newBuilder()
                        .setState("REQUESTED").setSource("COMMAND").setAt(Instant.EPOCH).build())).build();
        byte[] c = topics.commands().valueSerde().serializer().serialize(topics.commands().name(), command);
        byte[] s = topics.status().valueSerde().serializer().serialize(topics.status().name(), status);
        assertThat(topics.commands().valueSerde().deserializer().deserialize(topics.commands().name(), c)).isEqualTo(command);
        assertThat(topics.status().valueSerde().deserializer().deserialize(topics.status().name(), s)).isEqualTo(status);
        Schema viaCcompat = new SchemaRegistrar(infra.registryUrl() + "/apis/ccompat/v7").schemaById(ByteBuffer.wrap(c, 1, 4).getInt());
        assertThat(viaCcompat).isEqualTo(io.vaultstream.events.VaultCommand.getClassSchema());
    }

    @Test
    void registryRejectsAnIncompatibleSchemaForAGovernedSubject() {
        TestInfra infra = TestInfra.get();
        SchemaRegistrar registrar = new SchemaRegistrar(infra.registryUrl() + "/apis/ccompat/v7");
        String subject = "compat-" + System.nanoTime() + "-value";
        registrar.register(subject, new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}"));
        Schema breaking = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"string\"}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registrar.register(subject, breaking))
                .isInstanceOf(SchemaRegistrar.SchemaRegistryException.class).hasMessageContaining("409");
    }

    @Test
    void topicCreationIsIdempotentAndSetsRetentionAndCompaction() throws Exception {
        TestInfra infra = TestInfra.get();
        VaultstreamConfig config = infra.config("topics", Map.of());
        Topics topics = KafkaSetup.prepare(config);
        KafkaSetup.prepare(config);
        try (var admin = infra.admin()) {
            var resources = List.of(
                    new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.commands().name()),
                    new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.status().name()));
            var configs = admin.describeConfigs(resources).all().get();
            assertThat(configs.get(resources.get(0)).get("retention.ms").value()).isEqualTo("604800000");
            assertThat(configs.get(resources.get(1)).get("cleanup.policy").value()).isEqualTo("compact");
            var desc = admin.describeTopics(List.of(topics.commands().name())).allTopicNames().get();
            assertThat(desc.get(topics.commands().name()).partitions()).hasSize(config.getInt(ConfigKeys.TOPICS_PARTITIONS));
        }
    }

    @Test
    void startupFailsWhenViewInputsAreNotCoPartitioned() throws Exception {
        TestInfra infra = TestInfra.get();
        VaultstreamConfig config = infra.config("copart", Map.of());
        Topics topics = KafkaSetup.prepare(config);
        try (var admin = infra.admin()) {
            admin.createPartitions(Map.of(topics.results().name(), org.apache.kafka.clients.admin.NewPartitions.increaseTo(5))).all().get();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaSetup.prepare(config))
                .isInstanceOf(TopicSetup.TopicSetupException.class)
                .hasMessageContaining("same partition count")
                .hasMessageContaining(topics.results().name() + "=5");
    }
}
