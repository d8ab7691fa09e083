package io.vaultstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardDecryptionException;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.processor.DeadLetters;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vaultstream dlq list|redrive}: inspect dead letters and replay them to the commands topic. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Inspect and replay dead-lettered commands.",
        subcommands = {DlqCommand.ListDeadLetters.class, DlqCommand.Redrive.class})
final class DlqCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Reads the whole dead-letter topic (read_committed), oldest first per partition. */
    static List<DeadLetter> readAll(VaultstreamConfig cfg, CommandProducer topicsSource) {
        String topic = topicsSource.topics.dlq().name();
        Map<String, Object> props = cfg.kafkaClientProps(VaultstreamConfig.KafkaClientKind.CONSUMER);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new UserFacingException("dead-letter topic " + topic + " does not exist");
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            var deserializer = topicsSource.topics.dlq().valueSerde().deserializer();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new UserFacingException("timed out reading " + topic);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(deserializer.deserialize(topic, r.value()));
                }
            }
        }
        return out;
    }

    /** {@code dlq list}: one JSON line per dead letter (no original value, which stays sealed). */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print dead letters as JSON lines on stdout.")
    static final class ListDeadLetters implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", description = "Only dead letters whose key is this vaultingRequestId.")
        String id;

        @Override
        public Integer call() throws Exception {
            VaultstreamConfig cfg = config.loadClient();
            ObjectMapper json = new ObjectMapper();
            PrintWriter out = spec.commandLine().getOut();
            try (CommandProducer topics = new CommandProducer(cfg)) {
                for (DeadLetter d : readAll(cfg, topics)) {
                    if (id != null && !id.equals(d.getKey())) {
                        continue;
                    }
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("key", d.getKey());
                    line.put("sourceTopic", d.getSourceTopic());
                    line.put("sourcePartition", d.getSourcePartition());
                    line.put("sourceOffset", d.getSourceOffset());
                    line.put("errorClass", d.getErrorClass());
                    line.put("message", d.getMessage());
                    line.put("failedAt", d.getFailedAt().toString());
                    line.put("encryptionKeyId", d.getEncryptionKeyId());
                    out.println(json.writeValueAsString(line));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code dlq redrive [--id ID]}: opens the sealed originals and produces them to their source topic again. */
    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Replay dead letters (all, or those of one vaultingRequestId) to their source topic; prints each replayed key.")
    static final class Redrive implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", description = "Only dead letters whose key is this vaultingRequestId.")
        String id;

        @Override
        public Integer call() {
            VaultstreamConfig cfg = config.loadClient();
            CardCipher cipher = new CardCipher(CardKeyring.load(cfg.requireFile(ConfigKeys.CARD_KEYRING_FILE, "dlq redrive")));
            PrintWriter out = spec.commandLine().getOut();
            int replayed = 0;
            try (CommandProducer producer = new CommandProducer(cfg)) {
                String commandsTopic = producer.topics.commands().name();
                for (DeadLetter d : readAll(cfg, producer)) {
                    if (id != null && !id.equals(d.getKey())) {
                        continue;
                    }
                    byte[] original;
                    try {
                        original = DeadLetters.original(d, cipher);
                    } catch (CardDecryptionException e) {
                        throw new UserFacingException("dead letter " + d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset()
                                + " cannot be opened: " + e.getMessage());
                    }
                    if (original == null) {
                        spec.commandLine().getErr().println("skipped " + d.getSourceTopic() + "-" + d.getSourcePartition() + "@"
                                + d.getSourceOffset() + ": no original value kept");
                        continue;
                    }
                    byte[] value = asRedrive(producer, commandsTopic, original);
                    CommandProducer.await(producer.sendRaw(d.getSourceTopic(), d.getKey(), value));
                    out.println(d.getKey() == null ? "" : d.getKey());
                    replayed++;
                }
            }
            out.flush();
            if (id != null && replayed == 0) {
                throw new UserFacingException("no dead letter with key " + id);
            }
            return 0;
        }

        /** A decodable command is marked as a redrive with a new command id; anything else is replayed byte for byte. */
        private static byte[] asRedrive(CommandProducer producer, String topic, byte[] original) {
            try {
                VaultCommand c = producer.topics.commands().valueSerde().deserializer().deserialize(topic, original);
                if (c == null) {
                    return original;
                }
                c.setOrigin("REDRIVE");
                c.setCommandId(UUID.randomUUID().toString());
                return producer.topics.commands().valueSerde().serializer().serialize(topic, c);
            } catch (RuntimeException e) {
                return original;
            }
        }
    }
}
