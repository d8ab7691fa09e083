package io.vaultstream.kafka;

import io.vaultstream.testsupport.TestInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedKafkaBrokerIT {

    @TempDir Path dir;

    @Test
    void restartedBrokerKeepsTopicsAndRecords() throws Exception {
        int port = TestInfra.freePort();
        int controller = TestInfra.freePort();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port, controller)) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("kept", "k", "before restart")).get();
            }
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "group.id", "g", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of("kept"));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    c.poll(Duration.ofMillis(200)).forEach(seen::add);
                    return !seen.isEmpty();
                });
            }
            assertThat(seen.get(0).value()).isEqualTo("before restart");
        }
    }
}
