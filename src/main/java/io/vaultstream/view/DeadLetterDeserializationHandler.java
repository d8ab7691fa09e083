package io.vaultstream.view;

import io.vaultstream.events.DeadLetter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an input record the view cannot decode to the dead-letter topic as a {@link DeadLetter}
 * (in the same transaction as the view's other output) and lets the view carry on.
 *
 * <p>The view holds no card keyring, so the dead letter does not copy the original value; it
 * points at it (source topic, partition, offset) for inspection and redrive while the source
 * topic retains it. The message names only exception classes: decoder messages may quote bytes.
 *
 * <p>Configured through the Streams properties: {@link #TOPIC_CONFIG} (String, required),
 * {@link #SERIALIZER_CONFIG} (a {@code Serializer<DeadLetter>} instance, required) and
 * optionally {@link #CLOCK_CONFIG} (a {@link Clock} instance).
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    /** Streams property: the dead-letter topic name. */
    public static final String TOPIC_CONFIG = "vaultstream.dead-letter.topic";

    /** Streams property: a configured {@code Serializer<DeadLetter>} instance. */
    public static final String SERIALIZER_CONFIG = "vaultstream.dead-letter.serializer";

    /** Streams property: an optional {@link Clock} instance for failedAt. */
    public static final String CLOCK_CONFIG = "vaultstream.dead-letter.clock";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String topic;
    private Serializer<DeadLetter> serializer;
    private Clock clock = Clock.systemUTC();

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(TOPIC_CONFIG);
        if (!(t instanceof String s) || s.isBlank()) {
            throw new ConfigException(TOPIC_CONFIG, t, "must be a topic name");
        }
        Object ser = configs.get(SERIALIZER_CONFIG);
        if (!(ser instanceof Serializer<?>)) {
            throw new ConfigException(SERIALIZER_CONFIG, String.valueOf(ser),
                    "must be a Serializer<DeadLetter> instance");
        }
        Object c = configs.get(CLOCK_CONFIG);
        if (c != null && !(c instanceof Clock)) {
            throw new ConfigException(CLOCK_CONFIG, String.valueOf(c), "must be a java.time.Clock instance");
        }
        this.topic = (String) t;
        this.serializer = (Serializer<DeadLetter>) ser;
        if (c != null) {
            this.clock = (Clock) c;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
        String key = utf8OrNull(record.key());
        String message = "undecodable record on " + record.topic() + ": " + causeChain(e);
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setKey(key)
                .setErrorClass(e.getClass().getName())
                .setMessage(message)
                .setFailedAt(clock.instant())
                .build();
        RecordHeaders headers = new RecordHeaders();
        headers.add("dlq.source.topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.source.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.source.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.error.class", e.getClass().getName().getBytes(StandardCharsets.UTF_8));
        byte[] value = serializer.serialize(topic, headers, letter);
        log.warn("undecodable input sent to dead-letter topic vaultingRequestId={} topic={} partition={} offset={} "
                + "error={}", key, record.topic(), record.partition(), record.offset(), e.getClass().getName());
        return Response.resume(List.of(new ProducerRecord<>(topic, null, record.key(), value, headers)));
    }

    private static String causeChain(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getSimpleName());
        }
        return sb.toString();
    }

    private static String utf8OrNull(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}
