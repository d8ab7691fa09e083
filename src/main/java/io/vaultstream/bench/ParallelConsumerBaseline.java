package io.vaultstream.bench;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.vaultstream.antom.AntomClient;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.Topics;
import io.vaultstream.processor.ProcessorEngine;
import io.vaultstream.processor.ProcessorSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Parallel Consumer baseline, run by {@link ProcessorBench} as its own JVM whose class path adds
 * Parallel Consumer's jars (target/bench-lib/parallel-consumer) to vaultstream's, so its dependencies never
 * meet vaultstream's own: key-ordered, {@code maxConcurrency} records in flight, each handled the way a
 * Parallel Consumer user would write it (decrypt, call Antom through the same client and wait, return the
 * result for Parallel Consumer to produce before it commits the offset: at least once).
 *
 * <p>Usage: {@code java -cp <vaultstream + parallel-consumer jars> io.vaultstream.bench.ParallelConsumerBaseline
 * CONFIG_FILE MAX_CONCURRENCY MODE}, MODE {@value #AT_LEAST_ONCE} (periodic asynchronous consumer commits) or
 * {@value #TRANSACTIONAL} (results and offsets in Parallel Consumer's periodic producer transactions, exactly once
 * like vaultstream); runs until it is stopped.
 */
public final class ParallelConsumerBaseline {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelConsumerBaseline.class);

    static final String AT_LEAST_ONCE = "at-least-once";
    static final String TRANSACTIONAL = "transactional";

    private ParallelConsumerBaseline() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !List.of(AT_LEAST_ONCE, TRANSACTIONAL).contains(args[2])) {
            throw new IllegalArgumentException("usage: ParallelConsumerBaseline CONFIG_FILE MAX_CONCURRENCY " + AT_LEAST_ONCE + "|" + TRANSACTIONAL);
        }
        boolean transactional = args[2].equals(TRANSACTIONAL);
        int concurrency;
        try {
            concurrency = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MAX_CONCURRENCY must be a whole number, got '" + args[1] + "'", e);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("MAX_CONCURRENCY must be at least 1, got " + concurrency);
        }
        // In a backlog Parallel Consumer warns about every record queued longer than 10 s, thousands of lines a
        // second; a user draining a backlog would silence it, and log I/O must not handicap the baseline.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.confluent.parallelconsumer.state.ProcessingShard"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        VaultstreamConfig cfg = BenchEnvironment.config(load(Path.of(args[0])));
        Topics topics = BenchEnvironment.prepare(cfg);
        CardCipher cipher = new CardCipher(CardKeyring.load(cfg.requireFile(ConfigKeys.CARD_KEYRING_FILE, "the parallel-consumer baseline")));
        String webhookUrl = cfg.getString(ConfigKeys.WEBHOOK_PUBLIC_URL);
        Clock clock = Clock.systemUTC();
        Deserializer<VaultCommand> commands = topics.commands().valueSerde().deserializer();
        Serializer<VaultResult> results = topics.results().valueSerde().serializer();
        String resultTopic = topics.results().name();

        Map<String, Object> cp = cfg.kafkaClientProps(VaultstreamConfig.KafkaClientKind.CONSUMER);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, cfg.getString(ConfigKeys.PROCESSOR_GROUP_ID) + "-parallel-consumer");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> pp = cfg.kafkaClientProps(VaultstreamConfig.KafkaClientKind.PRODUCER);
        if (transactional) {
            // the producer settings of vaultstream's processor (it lingers for the commit interval: nothing is
            // visible before the commit)
            pp = ProcessorEngine.transactionalProducerProps(pp, ProcessorSettings.options(cfg));
            pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cfg.getString(ConfigKeys.PROCESSOR_GROUP_ID) + "-parallel-consumer-tx");
        } else {
            // at least once, results are visible as they are sent: a short linger
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            pp.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        try (AntomClient antom = new AntomClient(ProcessorSettings.antomOptions(cfg))) {
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
            ParallelConsumerOptions<byte[], byte[]> options = ParallelConsumerOptions.<byte[], byte[]>builder()
                    .consumer(consumer)
                    .producer(producer)
                    .ordering(ProcessingOrder.KEY)
                    .commitMode(transactional ? CommitMode.PERIODIC_TRANSACTIONAL_PRODUCER : CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                    .maxConcurrency(concurrency)
                    .build();
            ParallelStreamProcessor<byte[], byte[]> pc = ParallelStreamProcessor.createEosStreamProcessor(options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pc.close();
                stopped.countDown();
            }, "parallel-consumer-stop"));
            pc.subscribe(List.of(topics.commands().name()));
            pc.pollAndProduce(ctx -> {
                ConsumerRecord<byte[], byte[]> r = ctx.getSingleConsumerRecord();
                VaultCommand command = commands.deserialize(r.topic(), r.value());
                try {
                    VaultResult result = SyncBaseline.callAntom(command, antom, cipher, clock, webhookUrl);
                    return new ProducerRecord<>(resultTopic, r.key(), results.serialize(resultTopic, result));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while calling Antom for " + command.getVaultingRequestId(), e);
                } catch (Exception e) {
                    throw new IllegalStateException("command " + command.getVaultingRequestId() + " failed: " + e.getClass().getSimpleName(), e);
                }
            });
            LOG.info("parallel-consumer baseline running: max concurrency {}, key order, {}, topic {}", concurrency, args[2],
                    topics.commands().name());
            stopped.await();
        }
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
