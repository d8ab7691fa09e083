package io.vaultstream.bench;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.kafka.ApicurioRegistryServer;
import io.vaultstream.kafka.EmbeddedKafkaBroker;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.Topics;
import io.vaultstream.sandbox.AntomSandbox;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.SandboxKeys;
import io.vaultstream.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real infrastructure a benchmark runs on, started in this JVM: a KRaft broker with its data under the
 * work dir, an Apicurio Registry child process, RSA keys, a card keyring, and Antom sandboxes on demand.
 * Roles under test run in their own processes ({@link RoleProcess}) against it.
 */
public final class BenchEnvironment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BenchEnvironment.class);
    /** The client id the sandbox accepts and the roles send. */
    public static final String CLIENT_ID = "SANDBOX_BENCH_0000000001";

    private final Path workDir;
    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistryServer registry;
    private final SandboxKeys keys;
    private final Path keyDir;
    private final Path keyringFile;
    private final CardCipher cipher;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final AtomicInteger runs = new AtomicInteger();

    private BenchEnvironment(Path workDir, EmbeddedKafkaBroker broker, ApicurioRegistryServer registry, SandboxKeys keys, Path keyDir,
            Path keyringFile) {
        this.workDir = workDir;
        this.broker = broker;
        this.registry = registry;
        this.keys = keys;
        this.keyDir = keyDir;
        this.keyringFile = keyringFile;
        this.cipher = new CardCipher(CardKeyring.load(keyringFile));
    }

    /** Starts the broker (fresh data dir under {@code workDir}) and the registry from {@code apicurioHome}. */
    public static BenchEnvironment start(Path workDir, Path apicurioHome) throws Exception {
        Utils.delete(workDir.resolve("kafka").toFile());
        Files.createDirectories(workDir);
        int kafkaPort = freePort();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka"), kafkaPort, freePort());
        broker.start();
        ApicurioRegistryServer registry;
        try {
            registry = ApicurioRegistryServer.start(apicurioHome, freePort(), null, workDir.resolve("registry.log"), Duration.ofSeconds(120));
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        Path keyDir = workDir.resolve("keys");
        SandboxKeys keys = SandboxKeys.generateInto(keyDir);
        Path keyring = workDir.resolve("keyring.json");
        if (!Files.isRegularFile(keyring)) {
            CardKeyring.generate(keyring);
        }
        LOG.info("bench environment: kafka {} registry {}", broker.bootstrapServers(), registry.url());
        return new BenchEnvironment(workDir, broker, registry, keys, keyDir, keyring);
    }

    /** Starts an Antom sandbox in this JVM answering after {@code latency}; closed with the environment. */
    public AntomSandbox startSandbox(Duration latency) {
        SandboxOptions options = SandboxOptions.builder()
                .host("127.0.0.1")
                .port(freePort())
                .keys(keys)
                .clientId(CLIENT_ID)
                .faults(FaultOptions.builder().latency(latency).build())
                // a benchmark sends hundreds of thousands of ids; the sandbox only needs to remember recent ones
                .recordCapacity(200_000)
                .callRecorderCapacity(1_000)
                .build();
        AntomSandbox sandbox = new AntomSandbox(options).start();
        open.push(sandbox);
        return sandbox;
    }

    /**
     * Settings for one run: this broker and registry, topics unique to the run ({@code bench-<label>-<n>-*}),
     * {@code partitions} partitions, Antom = {@code sandbox}, the bench keys and keyring.
     */
    public Map<String, String> settings(String label, int partitions, AntomSandbox sandbox) {
        String prefix = "bench-" + label + "-" + runs.incrementAndGet() + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Map<String, String> m = new HashMap<>();
        m.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        m.put(ConfigKeys.REGISTRY_URL, registry.url());
        m.put(ConfigKeys.TOPICS_COMMANDS, prefix + "-commands");
        m.put(ConfigKeys.TOPICS_RESULTS, prefix + "-results");
        m.put(ConfigKeys.TOPICS_NOTIFICATIONS, prefix + "-notifications");
        m.put(ConfigKeys.TOPICS_STATUS, prefix + "-status");
        m.put(ConfigKeys.TOPICS_DLQ, prefix + "-dlq");
        m.put(ConfigKeys.TOPICS_PARTITIONS, Integer.toString(partitions));
        m.put(ConfigKeys.PROCESSOR_GROUP_ID, prefix + "-processor");
        m.put(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID, prefix + "-processor");
        m.put(ConfigKeys.VIEW_APPLICATION_ID, prefix + "-view");
        m.put(ConfigKeys.VIEW_STATE_DIR, workDir.resolve("view-state").resolve(prefix).toString());
        m.put(ConfigKeys.ANTOM_CLIENT_ID, CLIENT_ID);
        m.put(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE, keyDir.resolve(SandboxKeys.MERCHANT_PRIVATE).toString());
        m.put(ConfigKeys.ANTOM_PUBLIC_KEY_FILE, keyDir.resolve(SandboxKeys.ANTOM_PUBLIC).toString());
        m.put(ConfigKeys.CARD_KEYRING_FILE, keyringFile.toString());
        // the benchmark's scenario (vaulted at once) never notifies; the URL only has to be valid
        m.put(ConfigKeys.WEBHOOK_PUBLIC_URL, "http://127.0.0.1:9/antom/notifications/vaulting");
        if (sandbox != null) {
            m.put(ConfigKeys.ANTOM_GATEWAY_URL, "http://127.0.0.1:" + sandbox.port());
        }
        return m;
    }

    /**
     * {@link KafkaSetup#prepare} with retries: right after creating topics, describing them can still fail on a
     * busy broker ("does not host this topic-partition") until the metadata has propagated.
     */
    public static Topics prepare(VaultstreamConfig cfg) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return KafkaSetup.prepare(cfg);
            } catch (RuntimeException e) {
                if (attempt >= 5) {
                    throw e;
                }
                LOG.warn("topic set-up attempt {} failed ({}); retrying", attempt, e.getMessage());
                Thread.sleep(1000L * attempt); // metadata propagation on the broker; nothing to await on
            }
        }
    }

    public static VaultstreamConfig config(Map<String, String> settings) {
        return VaultstreamConfig.of(settings);
    }

    /** The registry child process's pid (its CPU time counts toward a run's total). */
    public long registryPid() {
        return registry.pid();
    }

    public SandboxKeys keys() {
        return keys;
    }

    public CardCipher cipher() {
        return cipher;
    }

    public Path workDir() {
        return workDir;
    }

    /** A directory for one run's files (role configs and logs). */
    public Path runDir(String label) {
        return workDir.resolve("runs").resolve(label + "-" + runs.get());
    }

    /** Closes {@code c} with the environment (before the broker and registry). */
    public <T extends AutoCloseable> T closeLater(T c) {
        open.push(c);
        return c;
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                LOG.warn("closing a bench resource failed: {}", e.toString());
            }
        }
        registry.close();
        broker.close();
    }

    /** A free TCP port on localhost. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
