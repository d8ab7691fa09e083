package io.vaultstream.cli;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.http.HttpServerOptions;
import io.vaultstream.http.Metrics;
import io.vaultstream.http.RoleHttpServer;
import io.vaultstream.kafka.ApicurioRegistryServer;
import io.vaultstream.kafka.EmbeddedKafkaBroker;
import io.vaultstream.kafka.KafkaSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code vaultstream dev}: the whole system on one machine, on a real KRaft broker and a real Apicurio
 * Registry whose data live under the work dir, so a restart resumes where the last run stopped.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run everything locally: Kafka broker, schema registry, Antom sandbox and the three roles.")
final class DevCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin ConfigOption config;

    @Option(names = "--work-dir", defaultValue = ".vaultstream-dev", description = "Kafka data, registry storage, keys, client.properties (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--fresh", description = "Wipe the work dir first.")
    boolean fresh;

    @Option(names = "--demo", paramLabel = "N", defaultValue = "0", description = "Produce N commands across the sandbox scenarios and show their progress.")
    int demo;

    @Option(names = "--kafka-port", defaultValue = "9092") int kafkaPort;
    @Option(names = "--registry-port", defaultValue = "8085") int registryPort;
    @Option(names = "--sandbox-port", defaultValue = "8089") int sandboxPort;
    @Option(names = "--processor-port", defaultValue = "8082") int processorPort;
    @Option(names = "--webhook-port", defaultValue = "8080") int webhookPort;
    @Option(names = "--view-port", defaultValue = "8081") int viewPort;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @Override
    public Integer call() throws Exception {
        VaultstreamConfig base = config.load();
        if (fresh) {
            wipe(workDir);
        }
        Files.createDirectories(workDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            stopped.countDown();
        }, "dev-shutdown"));

        try {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka"), kafkaPort, kafkaPort + 1);
            broker.start();
            running.push(broker);

            ApicurioRegistryServer registry = ApicurioRegistryServer.start(apicurioHome(), registryPort,
                    workDir.resolve("registry"), workDir.resolve("logs").resolve("registry.log"), Duration.ofSeconds(120));
            running.push(registry);

            Map<String, String> wiring = new LinkedHashMap<>();
            wiring.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
            wiring.put(ConfigKeys.REGISTRY_URL, registry.url());
            wiring.put(ConfigKeys.SEND_REDIRECT_URL, "http://localhost:" + viewPort + "/return");
            VaultstreamConfig cfg = config.load(wiring);
            KafkaSetup.prepare(cfg);
            writeClientProperties(wiring);

            RoleHttpServer health = new RoleHttpServer("dev", HttpServerOptions.onPort(viewPort), Metrics.newRegistry("dev"), app -> { })
                    .readinessCheck("kafka", () -> KafkaSetup.reachable(cfg))
                    .readinessCheck("registry", registry::isReady)
                    .start();
            running.push(health);

            System.out.println("Kafka bootstrap:  " + broker.bootstrapServers());
            System.out.println("Schema registry:  " + registry.url() + " (Confluent-compatible API: " + registry.url() + "/apis/ccompat/v7)");
            System.out.println("Health:           http://localhost:" + viewPort + "/health/ready");
            System.out.println("Client settings:  " + workDir.resolve("client.properties"));
            System.out.println("vaultstream dev ready");
            System.out.flush();
        } catch (Exception e) {
            stopAll();
            throw new UserFacingException("dev could not start: " + e.getMessage(), e);
        }
        stopped.await();
        return 0;
    }

    private void writeClientProperties(Map<String, String> wiring) throws IOException {
        StringBuilder sb = new StringBuilder("# written by vaultstream dev; send/status/inquire/dlq read it by default\n");
        wiring.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(workDir.resolve("client.properties"), sb.toString(), StandardCharsets.UTF_8);
    }

    private synchronized void stopAll() {
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("dev: error while stopping " + c.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /** The unpacked registry: -Dvaultstream.apicurio.home, else beside the jar, else target/. */
    static Path apicurioHome() {
        String prop = System.getProperty("vaultstream.apicurio.home");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(DevCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path besideJar = jar.getParent().resolve("apicurio-registry");
            if (Files.isDirectory(besideJar)) {
                return besideJar;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the conventional location
        }
        return Path.of("target", "apicurio-registry");
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
