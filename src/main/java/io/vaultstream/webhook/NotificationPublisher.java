package io.vaultstream.webhook;

import io.vaultstream.events.VaultNotification;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes notification events to Kafka without blocking the caller on the broker: the returned future
 * completes when the broker acknowledged the write ({@code acks=all}, idempotent producer), fails when the
 * producer gave up, and fails with a {@link java.util.concurrent.TimeoutException} at the deadline.
 */
final class NotificationPublisher implements AutoCloseable {

    /** Small but non-zero: batches concurrent notifications without adding noticeable latency. */
    static final long DEFAULT_LINGER_MS = 2;

    private final Producer<String, VaultNotification> producer;
    private final String topic;

    NotificationPublisher(Producer<String, VaultNotification> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Producer settings for a given answer deadline, on top of the user's {@code kafka.*} settings. The
     * durability settings are forced; the timeouts are derived from the deadline so the producer stops
     * trying at about the time the caller is told 503 ({@code max.block.ms} bounds the only blocking part of
     * {@code send()}: fetching metadata or waiting for buffer space).
     */
    static Map<String, Object> producerProps(Map<String, Object> userProps, Duration deadline) {
        Map<String, Object> props = new HashMap<>(userProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS);
        // none: a notification is ~1 KB and the broker is local to the data centre; lz4 cost CPU on both the
        // webhook (compress) and the broker (decompress to validate every batch) for little network saved
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vaultstream-webhook");
        long deadlineMs = Math.max(1, deadline.toMillis());
        long linger = Long.parseLong(props.get(ProducerConfig.LINGER_MS_CONFIG).toString());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deadlineMs);
        // the producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        long delivery = Math.max(deadlineMs, linger + 1);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, Math.max(1, delivery - linger)));
        return props;
    }

    /**
     * Sends the event keyed by its vaultingRequestId.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the broker must have acknowledged it
     */
    CompletableFuture<RecordMetadata> publish(VaultNotification event, long deadlineNanos) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, event.getVaultingRequestId(), event), (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // serialisation, a full buffer past max.block.ms, a closed producer: not written
            acked.completeExceptionally(e);
            return acked;
        }
        long remaining = deadlineNanos - System.nanoTime();
        return acked.orTimeout(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    }

    /** Fetches the topic's metadata, so the first notification's send() does not wait for it. */
    void warmUp() {
        producer.partitionsFor(topic);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
