package io.vaultstream.webhook;

import io.vaultstream.events.VaultNotification;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationPublisherTest {

    private final MockProducer<String, VaultNotification> producer =
            new MockProducer<>(false, null, new StringSerializer(), (topic, value) -> new byte[0]);
    private final NotificationPublisher publisher = new NotificationPublisher(producer, "notifications");

    private static VaultNotification event(String id) {
        return VaultNotification.newBuilder().setNotificationId("n-" + id).setVaultingRequestId(id)
                .setReceivedAt(Instant.EPOCH).setRawJson("{}").build();
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void futureCompletesOnlyWhenTheBrokerAcknowledgesAndTheRecordIsKeyedByRequestId() throws Exception {
        CompletableFuture<RecordMetadata> acked = publisher.publish(event("req-1"), in(Duration.ofSeconds(10)));

        assertThat(acked).isNotDone();
        assertThat(producer.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("notifications");
            assertThat(r.key()).isEqualTo("req-1");
        });
        producer.completeNext();
        assertThat(acked.get(1, TimeUnit.SECONDS).topic()).isEqualTo("notifications");
    }

    @Test
    void brokerErrorFailsTheFuture() {
        CompletableFuture<RecordMetadata> acked = publisher.publish(event("req-1"), in(Duration.ofSeconds(10)));

        producer.errorNext(new NotEnoughReplicasException("isr too small"));

        assertThatThrownBy(() -> acked.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NotEnoughReplicasException.class);
    }

    @Test
    void noAcknowledgementByTheDeadlineFailsWithATimeoutAndALateAckChangesNothing() {
        CompletableFuture<RecordMetadata> acked = publisher.publish(event("req-1"), in(Duration.ofMillis(100)));

        assertThatThrownBy(() -> acked.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        producer.completeNext();
        assertThat(acked).isCompletedExceptionally();
    }

    @Test
    void sendThatThrowsFailsTheFutureInsteadOfTheCaller() {
        producer.close();

        CompletableFuture<RecordMetadata> acked = publisher.publish(event("req-1"), in(Duration.ofSeconds(10)));

        assertThat(acked).isCompletedExceptionally();
    }

    @Test
    void durabilityIsForcedAndProducerTimeoutsFollowTheDeadline() {
        Map<String, Object> props = NotificationPublisher.producerProps(Map.of(
                "bootstrap.servers", "localhost:9092",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000",
                ProducerConfig.LINGER_MS_CONFIG, "5"), Duration.ofMillis(3000));

        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000L)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2995);
        // the producer's own validation accepts the combination (delivery >= linger + request timeout)
        new ProducerConfig(withSerializers(props));
    }

    @Test
    void defaultLingerIsSmallButNonZeroAndTinyDeadlinesStillMakeAValidProducer() {
        Map<String, Object> props = NotificationPublisher.producerProps(Map.of("bootstrap.servers", "localhost:9092"), Duration.ofMillis(1));

        assertThat(props.get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo(NotificationPublisher.DEFAULT_LINGER_MS);
        assertThat(props.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).as("no compression CPU on webhook or broker").isEqualTo("none");
        assertThat(NotificationPublisher.DEFAULT_LINGER_MS).isBetween(1L, 5L);
        new ProducerConfig(withSerializers(props));
    }

    private static Map<String, Object> withSerializers(Map<String, Object> props) {
        Map<String, Object> m = new java.util.HashMap<>(props);
        m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return m;
    }
}
