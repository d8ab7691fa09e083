package io.vaultstream.cli;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.kafka.Topics;
import io.vaultstream.kafka.SerdeFactory;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces commands (keyed by vaultingRequestId, acks=all, idempotent) for send, inquire and dlq redrive. */
final class CommandProducer implements AutoCloseable {

    final Topics topics;
    private final KafkaProducer<String, byte[]> producer;

    CommandProducer(VaultstreamConfig config) {
        this.topics = new Topics(config, new SerdeFactory(config));
        Map<String, Object> props = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.PRODUCER);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    Future<RecordMetadata> send(VaultCommand command) {
        String topic = topics.commands().name();
        return sendRaw(topic, command.getVaultingRequestId(), topics.commands().valueSerde().serializer().serialize(topic, command));
    }

    Future<RecordMetadata> sendRaw(String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** Waits for the acknowledgement, turning a failure into one clear line. */
    static void await(Future<RecordMetadata> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new UserFacingException("Kafka did not accept the command: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while producing");
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
