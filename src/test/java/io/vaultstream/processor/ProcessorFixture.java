package io.vaultstream.processor;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.TestKeys;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.SerdeFactory;
import io.vaultstream.kafka.Topics;
import io.vaultstream.sandbox.AntomSandbox;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.SandboxOptions;
import io.vaultstream.testsupport.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A sandbox, a keyring, unique topics on the shared broker, and helpers to produce commands and read results. */
final class ProcessorFixture implements AutoCloseable {

    static final String PAN_CVV = "737";

    final AntomSandbox sandbox;
    final Path dir;
    final Path keyringFile;
    final CardCipher cipher;
    final Map<String, String> settings;
    final VaultstreamConfig config;
    final Topics topics;
    final KafkaProducer<String, byte[]> producer;
    final List<ProcessorService> services = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    ProcessorFixture(String testName, Consumer<SandboxOptions.Builder> sandboxCustomizer, Map<String, String> extra) {
        try {
            dir = Files.createTempDirectory("processor-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keyringFile = dir.resolve("keyring.json");
        cipher = new CardCipher(CardKeyring.generate(keyringFile));
        SandboxOptions.Builder sb = SandboxOptions.builder()
                .host("127.0.0.1")
                .clientId(TestKeys.CLIENT_ID)
                .merchantPublicKeys(TestKeys.merchantPublic())
                .antomPrivateKey(TestKeys.antomPrivate())
                .verificationDelay(Duration.ofMillis(200))
                .sessionCompletionDelay(Duration.ofMillis(200))
                .slowDelay(Duration.ofMillis(1500))
                .faults(FaultOptions.builder().latency(Duration.ofMillis(5)).build());
        sandboxCustomizer.accept(sb);
        sandbox = new AntomSandbox(sb.build()).start();
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.ANTOM_GATEWAY_URL, "http://127.0.0.1:" + sandbox.port());
        s.put(ConfigKeys.ANTOM_CLIENT_ID, TestKeys.CLIENT_ID);
        s.put(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE, TestKeys.resource("merchant-private.pem").toString());
        s.put(ConfigKeys.ANTOM_PUBLIC_KEY_FILE, TestKeys.resource("antom-public.pem").toString());
        s.put(ConfigKeys.ANTOM_RESPONSE_TIMEOUT_MS, "3000");
        s.put(ConfigKeys.CARD_KEYRING_FILE, keyringFile.toString());
        // the sandbox's notifications go nowhere: this test is about the processor's own results
        s.put(ConfigKeys.WEBHOOK_PUBLIC_URL, "http://127.0.0.1:9/antom/notifications/vaulting");
        s.put(ConfigKeys.PROCESSOR_COMMIT_INTERVAL_MS, "50");
        s.put(ConfigKeys.PROCESSOR_RETRY_BACKOFF_MS, "20");
        s.put(ConfigKeys.PROCESSOR_GROUP_ID, "processor-" + UUID.randomUUID());
        s.put(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID, "processor-tx-" + UUID.randomUUID());
        s.put(ConfigKeys.PROCESSOR_PORT, "0");
        s.putAll(extra);
        settings = TestInfra.get().settings(testName, s);
        config = VaultstreamConfig.of(settings);
        topics = prepare(config);
        Map<String, Object> pp = new HashMap<>();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * KafkaSetup.prepare, retried: its co-partitioning check can describe freshly created topics before the
     * broker's metadata has them (UnknownTopicOrPartitionException); reported to the platform.
     */
    static Topics prepare(VaultstreamConfig config) {
        for (int attempt = 1; ; attempt++) {
            try {
                return KafkaSetup.prepare(config);
            } catch (io.vaultstream.kafka.TopicSetup.TopicSetupException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    ProcessorFixture(String testName) {
        this(testName, b -> {}, Map.of());
    }

    /** Starts a processor with the fixture's settings plus {@code overrides}. */
    ProcessorService startProcessor(Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(settings);
        s.putAll(overrides);
        ProcessorService service = new ProcessorService(VaultstreamConfig.of(s), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(), 0);
        service.start();
        services.add(service);
        return service;
    }

    ProcessorService startProcessor() {
        return startProcessor(Map.of());
    }

    static VaultPaymentMethodRequest vaultRequest(String id, String pan) {
        Card card = Card.of(pan, "VISA", new CardholderName("Ada", null, "Lovelace", null), "30", "12", PAN_CVV,
                new BillingAddress("US", "CA", "Springfield", "742 Evergreen Terrace", null, "90210"));
        return new VaultPaymentMethodRequest(id, null, "https://merchant.example/return", "US", PaymentMethodDetail.card(card),
                Env.web("203.0.113.7", "Mozilla/5.0"), null, null);
    }

    VaultCommand vaultCommand(String id, String pan) {
        return Commands.vault(vaultRequest(id, pan), cipher, "UPSTREAM", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Instant.now());
    }

    void send(VaultCommand command) {
        sendRaw(command.getVaultingRequestId(), topics.commands().valueSerde().serializer().serialize(topics.commands().name(), command));
    }

    void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topics.commands().name(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A read_committed consumer collecting every result from the beginning, in the background. */
    Collected<VaultResult> results() {
        return collect(topics.results().name(), bytes -> topics.results().valueSerde().deserializer().deserialize(topics.results().name(), bytes));
    }

    Collected<DeadLetter> deadLetters() {
        return collect(topics.dlq().name(), bytes -> topics.dlq().valueSerde().deserializer().deserialize(topics.dlq().name(), bytes));
    }

    private <V> Collected<V> collect(String topic, java.util.function.Function<byte[], V> decode) {
        Collected<V> c = new Collected<>(topic, decode);
        closeables.add(c);
        c.start();
        return c;
    }

    /** Records read from a topic by a read_committed consumer on its own thread. */
    static final class Collected<V> implements AutoCloseable {
        final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
        final List<V> values = new CopyOnWriteArrayList<>();
        private final String topic;
        private final java.util.function.Function<byte[], V> decode;
        private volatile boolean running = true;
        private Thread thread;

        Collected(String topic, java.util.function.Function<byte[], V> decode) {
            this.topic = topic;
            this.decode = decode;
        }

        void start() {
            Map<String, Object> cp = new HashMap<>();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                            records.add(r);
                            values.add(decode.apply(r.value()));
                        }
                    }
                }
            }, "collect-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    @Override
    public void close() {
        for (ProcessorService s : services) {
            s.close();
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort in tests
            }
        }
        producer.close();
        sandbox.close();
    }
}
