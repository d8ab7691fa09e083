package io.vaultstream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.TestKeys;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.cli.Main;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.Topics;
import io.vaultstream.processor.Commands;
import io.vaultstream.sandbox.AntomSandbox;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.SandboxOptions;
import io.vaultstream.testsupport.CardDataScan;
import io.vaultstream.testsupport.ChildJvm;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.testsupport.TopicDump;
import io.vaultstream.view.VaultState;
import io.vaultstream.view.ViewService;
import io.vaultstream.webhook.WebhookService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole system for a reliability scenario: an in-process Antom sandbox, a keyring, unique topics on
 * the shared broker and registry, processors as child JVMs running the real CLI ({@code processor
 * --config}), a view and a webhook in-process, known test cards, and readers and scanners over all of it.
 */
final class Rig implements AutoCloseable {

    /** A test card: number and CVV, both must never be found in the clear. */
    record TestCard(String pan, String cvv) {}

    /** Luhn-valid test numbers that the sandbox vaults at once, with their CVVs. */
    static final List<TestCard> CARDS = List.of(new TestCard("4242424242424242", "737"), new TestCard("5105105105105100", "7391"),
            new TestCard("6011111111111117", "4825"), new TestCard("3530111333300000", "9164"), new TestCard("378282246310005", "6308"));
    /** The sandbox's SLOW scenario card: its answer comes after the slow delay, so later records finish first. */
    static final TestCard SLOW_CARD = new TestCard("5555555555554444", "2468");
    static final String CARDHOLDER_STREET = "742 Evergreen Terrace";
    static final String CARDHOLDER_SURNAME = "Lovelacequist";
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path keyringFile;
    final CardCipher cipher;
    final AntomSandbox sandbox;
    final Map<String, String> settings;
    final VaultstreamConfig config;
    final Topics topics;
    final KafkaProducer<String, byte[]> producer;
    final String processorGroup;
    final List<Path> childLogs = new ArrayList<>();
    final List<String> viewApplicationIds = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int children;

    Rig(String testName, Consumer<SandboxOptions.Builder> sandboxCustomizer, Map<String, String> extra) {
        try {
            dir = Files.createTempDirectory("reliability-" + testName);
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
                .verificationDelay(Duration.ofMillis(300))
                .sessionCompletionDelay(Duration.ofMillis(300))
                .slowDelay(Duration.ofMillis(1500))
                .faults(FaultOptions.builder().latency(Duration.ofMillis(5)).jitter(Duration.ofMillis(15)).build());
        sandboxCustomizer.accept(sb);
        sandbox = new AntomSandbox(sb.build()).start();
        closeables.add(sandbox);
        processorGroup = "processor-" + testName + "-" + System.nanoTime();
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.ANTOM_GATEWAY_URL, "http://127.0.0.1:" + sandbox.port());
        s.put(ConfigKeys.ANTOM_CLIENT_ID, TestKeys.CLIENT_ID);
        s.put(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE, TestKeys.resource("merchant-private.pem").toString());
        s.put(ConfigKeys.ANTOM_PUBLIC_KEY_FILE, TestKeys.resource("antom-public.pem").toString());
        s.put(ConfigKeys.ANTOM_RESPONSE_TIMEOUT_MS, "3000");
        s.put(ConfigKeys.CARD_KEYRING_FILE, keyringFile.toString());
        s.put(ConfigKeys.WEBHOOK_PUBLIC_URL, "http://127.0.0.1:9/antom/notifications/vaulting");
        s.put(ConfigKeys.PROCESSOR_COMMIT_INTERVAL_MS, "50");
        s.put(ConfigKeys.PROCESSOR_RETRY_BACKOFF_MS, "20");
        s.put(ConfigKeys.PROCESSOR_GROUP_ID, processorGroup);
        s.put(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID, processorGroup + "-tx");
        s.put(ConfigKeys.PROCESSOR_PORT, "0");
        s.put(ConfigKeys.LOG_LEVEL, "DEBUG");
        s.putAll(extra);
        settings = TestInfra.get().settings(testName, s);
        config = VaultstreamConfig.of(settings);
        topics = KafkaSetup.prepare(config);
        Map<String, Object> pp = new HashMap<>();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // upstream waits out a broker restart rather than dropping commands
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
        closeables.add(producer);
    }

    String bootstrap() {
        return settings.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS);
    }

    /** An admin client on this rig's cluster; close it after use. */
    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap()));
    }

    // ---- commands --------------------------------------------------------------------------------

    static VaultPaymentMethodRequest vaultRequest(String id, TestCard card) {
        Card c = Card.of(card.pan(), null, new CardholderName("Ada", null, CARDHOLDER_SURNAME, null), "30", "12", card.cvv(),
                new BillingAddress("US", "CA", "Springfield", CARDHOLDER_STREET, null, "90210"));
        return new VaultPaymentMethodRequest(id, null, "https://merchant.example/return", "US", PaymentMethodDetail.card(c),
                Env.web("203.0.113.7", "Mozilla/5.0"), null, null);
    }

    VaultCommand vaultCommand(String id, TestCard card) {
        return Commands.vault(vaultRequest(id, card), cipher, "UPSTREAM", TRACEPARENT, Instant.now());
    }

    void send(VaultCommand command) {
        sendRaw(command.getVaultingRequestId(), topics.commands().valueSerde().serializer().serialize(topics.commands().name(), command));
    }

    void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topics.commands().name(), key, value));
    }

    void flush() {
        producer.flush();
    }

    // ---- roles -----------------------------------------------------------------------------------

    /** Writes the settings plus {@code overrides} to a properties file for a child's {@code --config}. */
    Path configFile(String name, Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(settings);
        m.putAll(overrides);
        Properties p = new Properties();
        p.putAll(m);
        Path file = dir.resolve(name + ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "reliability test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@code vaultstream processor --config F} in its own JVM on the test classpath; its output goes to a log file. */
    ChildJvm startProcessorChild(Map<String, String> overrides) {
        return startChild("processor", overrides);
    }

    /** {@code vaultstream <role> --config F} in its own JVM on the test classpath; its output goes to a log file. */
    ChildJvm startChild(String role, Map<String, String> overrides) {
        int n = children++;
        Path log = dir.resolve(role + "-" + n + ".log");
        childLogs.add(log);
        Path config = configFile(role + "-" + n, overrides);
        ChildJvm child = ChildJvm.start(Main.class, List.of(role, "--config", config.toString()), log, List.of());
        closeables.add(child);
        return child;
    }

    /** The view role in-process on a fixed free port, with its state under {@code stateDir}. */
    ViewService startView(String applicationId, Path stateDir, int port, Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(settings);
        m.put(ConfigKeys.VIEW_PORT, Integer.toString(port));
        m.put(ConfigKeys.VIEW_APPLICATION_ID, applicationId);
        m.put(ConfigKeys.VIEW_STATE_DIR, stateDir.toString());
        m.put("kafka.streams.commit.interval.ms", "100");
        m.putAll(overrides);
        if (!viewApplicationIds.contains(applicationId)) {
            viewApplicationIds.add(applicationId);
        }
        ViewService view = new ViewService(VaultstreamConfig.of(m));
        closeables.add(view);
        view.start();
        return view;
    }

    /** The webhook role in-process on a free port. */
    WebhookService startWebhook(Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(settings);
        m.put(ConfigKeys.WEBHOOK_PORT, "0");
        m.putAll(overrides);
        WebhookService webhook = new WebhookService(VaultstreamConfig.of(m));
        closeables.add(webhook);
        webhook.start();
        return webhook;
    }

    // ---- reading ---------------------------------------------------------------------------------

    List<VaultResult> results() {
        return decode(TopicDump.readAll(bootstrap(), topics.results().name(), true),
                v -> topics.results().valueSerde().deserializer().deserialize(topics.results().name(), v));
    }

    static <V> List<V> decode(List<ConsumerRecord<byte[], byte[]>> records, Function<byte[], V> f) {
        return records.stream().map(r -> f.apply(r.value())).toList();
    }

    /** Committed offsets and metadata of the processor group. */
    Map<TopicPartition, OffsetAndMetadata> committed() {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(processorGroup).partitionsToOffsetAndMetadata().get();
        } catch (Exception e) {
            return Map.of();
        }
    }

    HttpResponse<String> get(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every status the view lists, id to JSON, across all states (following cursors). */
    Map<String, JsonNode> viewStatuses(int port, String token) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (VaultState state : VaultState.values()) {
            String cursor = null;
            do {
                String url = "http://127.0.0.1:" + port + "/vaults?state=" + state + "&limit=1000"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                HttpResponse<String> r = get(url, token);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + " " + r.body());
                }
                try {
                    JsonNode page = JSON.readTree(r.body());
                    page.get("items").forEach(item -> out.put(item.get("vaultingRequestId").asText(), item));
                    cursor = page.get("next").isNull() ? null : page.get("next").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } while (cursor != null);
        }
        return out;
    }

    /** Sum of one Prometheus counter family in a scrape. */
    static double metric(String scrape, String name) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** A processor child's metrics scrape, or empty when it cannot answer (starting, dying). */
    String scrape(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    // ---- card data -------------------------------------------------------------------------------

    /** A scanner for this rig's test cards and cardholder data. */
    static CardDataScan scanner() {
        return scanner(List.of());
    }

    /** A scanner for this rig's test cards, {@code more} cards, and the cardholder data. */
    static CardDataScan scanner(java.util.Collection<TestCard> more) {
        List<TestCard> all = new ArrayList<>(CARDS);
        all.add(SLOW_CARD);
        all.addAll(more);
        return new CardDataScan(all.stream().map(TestCard::pan).toList(), all.stream().map(TestCard::cvv).toList(),
                List.of(CARDHOLDER_STREET, CARDHOLDER_SURNAME));
    }

    /**
     * Scans every topic of this rig, decoded where its type is known, plus the view's internal topics, and
     * every child's log. Tokens are allowed on the results and notifications topics only.
     */
    void scanTopicsAndLogs(CardDataScan scan) {
        scanTopicsAndLogs(scan, Set.of());
    }

    /** As above, skipping the commands whose keys are in {@code plantedKeys}: card data a test put in the clear on purpose. */
    void scanTopicsAndLogs(CardDataScan scan, Set<String> plantedKeys) {
        Set<String> names;
        try (Admin admin = admin()) {
            names = admin.listTopics().names().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Function<byte[], Object>> decoders = new LinkedHashMap<>();
        decoders.put(topics.commands().name(), v -> topics.commands().valueSerde().deserializer().deserialize(topics.commands().name(), v));
        decoders.put(topics.results().name(), v -> topics.results().valueSerde().deserializer().deserialize(topics.results().name(), v));
        decoders.put(topics.notifications().name(),
                v -> topics.notifications().valueSerde().deserializer().deserialize(topics.notifications().name(), v));
        decoders.put(topics.status().name(), v -> topics.status().valueSerde().deserializer().deserialize(topics.status().name(), v));
        decoders.put(topics.dlq().name(), v -> topics.dlq().valueSerde().deserializer().deserialize(topics.dlq().name(), v));
        List<String> all = new ArrayList<>(decoders.keySet());
        for (String name : names) {
            if (viewApplicationIds.stream().anyMatch(name::startsWith)) {
                all.add(name);
            }
        }
        for (String topic : all) {
            boolean tokensAllowed = topic.equals(topics.results().name()) || topic.equals(topics.notifications().name());
            Function<byte[], Object> decoder = decoders.get(topic);
            if (!names.contains(topic)) {
                continue;
            }
            // read_uncommitted: aborted transactions are on disk too and must be clean as well
            for (ConsumerRecord<byte[], byte[]> r : TopicDump.readAll(bootstrap(), topic, false)) {
                if (topic.equals(topics.commands().name()) && r.key() != null
                        && plantedKeys.contains(new String(r.key(), StandardCharsets.UTF_8))) {
                    continue;
                }
                Object decoded = null;
                if (decoder != null && r.value() != null) {
                    try {
                        decoded = decoder.apply(r.value());
                    } catch (RuntimeException e) {
                        decoded = null; // poison bytes on purpose: the raw scan covers them
                    }
                }
                scan.record("topic " + topic, r, decoded, tokensAllowed);
            }
        }
        for (Path log : childLogs) {
            try {
                if (Files.exists(log)) {
                    scan.text("log " + log.getFileName(), Files.readString(log, StandardCharsets.ISO_8859_1), false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // best effort: the next resource must still be closed
            }
        }
        // child logs, configs and keyring; -Dreliability.keep-dirs=true keeps them for a post-mortem
        if (!Boolean.getBoolean("reliability.keep-dirs")) {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }
}
