package io.vaultstream.testsupport;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.kafka.ApicurioRegistryServer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real infrastructure integration tests share, started once per test JVM and stopped when it exits:
 * a Kafka broker (Testcontainers when a Docker engine is present and {@code vaultstream.test.kafka} is
 * not {@code embedded}; otherwise Kafka's in-process test kit) and an Apicurio Registry 3.0.9 child
 * process.
 */
public final class TestInfra {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfra.class);
    private static TestInfra instance;

    private final KafkaBackend kafka;
    private final ApicurioRegistryServer registry;
    private boolean stopped;

    private TestInfra(KafkaBackend kafka, ApicurioRegistryServer registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** The shared infrastructure, started on first use. */
    public static synchronized TestInfra get() {
        if (instance == null) {
            instance = start();
            TestInfra started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-infra-stop"));
        }
        return instance;
    }

    private static TestInfra start() {
        long t0 = System.nanoTime();
        KafkaBackend kafka = useContainers() ? new ContainerKafka() : new EmbeddedKafkaTestKit();
        try {
            Path home = Path.of(System.getProperty("vaultstream.apicurio.home", "target/apicurio-registry"));
            Path log = Files.createTempDirectory("vaultstream-registry").resolve("registry.log");
            ApicurioRegistryServer registry = ApicurioRegistryServer.start(home, freePort(), null, log, Duration.ofSeconds(120));
            LOG.info("Test infrastructure up in {} ms: {}; registry {}", (System.nanoTime() - t0) / 1_000_000,
                    kafka.describe(), registry.url());
            return new TestInfra(kafka, registry);
        } catch (IOException e) {
            kafka.close();
            throw new IllegalStateException("Cannot start Apicurio Registry: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kafka.close();
            throw new IllegalStateException("Interrupted starting Apicurio Registry", e);
        }
    }

    private static boolean useContainers() {
        String mode = System.getProperty("vaultstream.test.kafka", "auto");
        return !"embedded".equals(mode) && ContainerKafka.dockerAvailable();
    }

    /**
     * Stops the shared infrastructure if it was started; idempotent. Called by {@link TestInfraSessionListener}
     * when the test session ends, so the broker and registry stop while the test JVM is still healthy
     * instead of during JVM shutdown; the shutdown hook remains as a fallback.
     */
    public static synchronized void stopIfStarted() {
        if (instance != null) {
            TestInfra i = instance;
            instance = null;
            i.stop();
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        registry.close();
        kafka.close();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public ApicurioRegistryServer registry() {
        return registry;
    }

    /** An admin client; close it after use. */
    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    /**
     * A configuration pointing at this infrastructure, with topic names unique to {@code testName} so
     * tests sharing the broker never see each other's records, plus {@code extra} settings.
     */
    public VaultstreamConfig config(String testName, Map<String, String> extra) {
        return VaultstreamConfig.of(settings(testName, extra));
    }

    /** The settings behind {@link #config}, for tests that start roles from a map. */
    public Map<String, String> settings(String testName, Map<String, String> extra) {
        String suffix = testName.replaceAll("[^a-zA-Z0-9]", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> m = new HashMap<>();
        m.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers());
        m.put(ConfigKeys.REGISTRY_URL, registryUrl());
        m.put(ConfigKeys.TOPICS_COMMANDS, "commands-" + suffix);
        m.put(ConfigKeys.TOPICS_RESULTS, "results-" + suffix);
        m.put(ConfigKeys.TOPICS_NOTIFICATIONS, "notifications-" + suffix);
        m.put(ConfigKeys.TOPICS_STATUS, "status-" + suffix);
        m.put(ConfigKeys.TOPICS_DLQ, "dlq-" + suffix);
        m.put(ConfigKeys.TOPICS_PARTITIONS, "3");
        m.putAll(extra);
        return m;
    }

    /** A free TCP port on localhost. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
