package io.vaultstream.bench;

import io.vaultstream.antom.AntomClient;
import io.vaultstream.antom.AntomExchange;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.Topics;
import io.vaultstream.processor.Commands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The straightforward processors vaultstream is compared with, on the same Antom client and sandbox: each
 * consumer thread polls, calls Antom synchronously record by record, produces the result, and commits after
 * the batch (at-least-once). With one consumer it is the naive loop; with one consumer per partition it is what
 * a concurrency-N listener container gives once its group is stable. Each consumer is assigned its share of the
 * partitions (partition number modulo the consumer count) rather than joining a group: consumers joining one by
 * one can let the first take every partition and a batch of up to 100 records, each 100 ms or more, while the
 * others wait for it to rejoin, so the baseline's rate depended on how the joins happened to interleave.
 */
public final class SyncBaseline implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    /** Starts {@code consumerCount} synchronous consumer threads, each on its share of the commands topic's partitions. */
    public SyncBaseline(VaultstreamConfig config, Topics topics, AntomClient antom, CardCipher cipher, Clock clock, int consumerCount) {
        Map<String, Object> pp = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.PRODUCER);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
        Deserializer<VaultCommand> commands = topics.commands().valueSerde().deserializer();
        Serializer<VaultResult> results = topics.results().valueSerde().serializer();
        String webhookUrl = config.getString(ConfigKeys.WEBHOOK_PUBLIC_URL);
        List<TopicPartition> partitions = null;
        for (int i = 0; i < consumerCount; i++) {
            Map<String, Object> cp = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.CONSUMER);
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(ConfigKeys.PROCESSOR_GROUP_ID) + "-sync");
            cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            if (partitions == null) {
                partitions = consumer.partitionsFor(topics.commands().name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            int index = i;
            List<TopicPartition> share = partitions.stream().filter(tp -> tp.partition() % consumerCount == index).toList();
            if (share.isEmpty()) { // more consumers than partitions: this one would have nothing to do
                consumer.close(Duration.ZERO);
                continue;
            }
            consumer.assign(share);
            consumers.add(consumer);
            Thread t = new Thread(() -> loop(consumer, commands, results, topics, antom, cipher, clock, webhookUrl), "bench-sync-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void loop(KafkaConsumer<byte[], byte[]> consumer, Deserializer<VaultCommand> commands, Serializer<VaultResult> results,
            Topics topics, AntomClient antom, CardCipher cipher, Clock clock, String webhookUrl) {
        String resultTopic = topics.results().name();
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    VaultCommand command = commands.deserialize(r.topic(), r.value());
                    VaultResult result = callAntom(command, antom, cipher, clock, webhookUrl);
                    producer.send(new ProducerRecord<>(resultTopic, command.getVaultingRequestId(), results.serialize(resultTopic, result)));
                }
                if (!records.isEmpty()) {
                    producer.flush();
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            if (running) {
                failure.compareAndSet(null, e);
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * What every baseline does with one command: decrypt the card, call Antom and wait for the answer, and
     * build the result (one attempt, no retry or inquiry).
     */
    static VaultResult callAntom(VaultCommand command, AntomClient antom, CardCipher cipher, Clock clock, String webhookUrl)
            throws Exception { // a baseline stops on any failure: decryption, rejection, Antom call
        long start = clock.millis();
        Object request = Commands.toRequest(command, cipher, webhookUrl);
        AntomExchange exchange = antom.call(Commands.action(command), command.getVaultingRequestId(), request).get();
        return VaultResult.newBuilder()
                .setVaultingRequestId(command.getVaultingRequestId())
                .setCommandId(command.getCommandId())
                .setCommandType(Commands.commandType(command))
                .setOutcome(outcome(exchange))
                .setResultCode(exchange.result() == null ? null : exchange.result().resultCode())
                .setAttempts(1)
                .setLatencyMs(clock.millis() - start)
                .setCommandCreatedAt(command.getCreatedAt())
                .setProducedAt(clock.instant())
                .build();
    }

    private static String outcome(AntomExchange exchange) {
        if (exchange.result() == null) {
            return "UNKNOWN";
        }
        return switch (exchange.result().resultStatus()) {
            case "S" -> "VAULTED";
            case "F" -> "FAILED";
            default -> "UNKNOWN";
        };
    }

    /** The first error a consumer thread stopped on, or null. */
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : threads) {
            t.join(15_000);
        }
        producer.close(Duration.ofSeconds(5));
    }
}
