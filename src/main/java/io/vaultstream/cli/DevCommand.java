package io.vaultstream.cli;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.http.Metrics;
import io.vaultstream.http.PortProbe;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.sandbox.SandboxService;
import io.vaultstream.view.ViewService;
import io.vaultstream.webhook.WebhookService;
import io.vaultstream.kafka.ApicurioRegistryServer;
import io.vaultstream.kafka.EmbeddedKafkaBroker;
import io.vaultstream.kafka.KafkaSetup;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

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

    @Option(names = "--kafka-port", defaultValue = "9092",
            description = "Kafka listener; the KRaft controller takes the next port (default: ${DEFAULT-VALUE}).") int kafkaPort;
    @Option(names = "--registry-port", defaultValue = "8085", description = "Apicurio Registry (default: ${DEFAULT-VALUE}).") int registryPort;
    @Option(names = "--sandbox-port", defaultValue = "8089",
            description = "Antom sandbox, unless antom.gateway-url is configured (default: ${DEFAULT-VALUE}).") int sandboxPort;
    @Option(names = "--processor-port", defaultValue = "8082", description = "Processor health and metrics (default: ${DEFAULT-VALUE}).") int processorPort;
    @Option(names = "--webhook-port", defaultValue = "8080", description = "Webhook receiver (default: ${DEFAULT-VALUE}).") int webhookPort;
    @Option(names = "--view-port", defaultValue = "8081", description = "Query API and dashboard (default: ${DEFAULT-VALUE}).") int viewPort;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @Override
    public Integer call() throws Exception {
        VaultstreamConfig base = config.load();
        boolean ownSandbox = base.optionalString(ConfigKeys.ANTOM_GATEWAY_URL).isEmpty();
        Optional<String> portProblem = portProblem(ports(ownSandbox));
        if (portProblem.isPresent()) {
            throw new UserFacingException(portProblem.get());
        }
        if (fresh) {
            Utils.delete(workDir.toFile());
        }
        Files.createDirectories(workDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            stopped.countDown();
        }, "dev-shutdown"));

        Map<String, String> wiring = new LinkedHashMap<>();
        SandboxService sandbox = null;
        try {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(workDir.resolve("kafka"), kafkaPort, kafkaPort + 1);
            broker.start();
            running.push(broker);

            ApicurioRegistryServer registry = ApicurioRegistryServer.start(apicurioHome(), registryPort,
                    workDir.resolve("registry"), workDir.resolve("logs").resolve("registry.log"), Duration.ofSeconds(120));
            running.push(registry);

            Path keys = workDir.resolve("keys");
            Files.createDirectories(keys);
            Path keyring = keys.resolve("card-keyring.json");
            if (!Files.exists(keyring) && base.optionalString(ConfigKeys.CARD_KEYRING_FILE).isEmpty()) {
                CardKeyring.generate(keyring);
            }
            wiring.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
            wiring.put(ConfigKeys.REGISTRY_URL, registry.url());
            wiring.put(ConfigKeys.CARD_KEYRING_FILE, base.optionalString(ConfigKeys.CARD_KEYRING_FILE).orElse(keyring.toString()));
            wiring.put(ConfigKeys.SEND_REDIRECT_URL, "http://localhost:" + viewPort + "/return");
            wiring.put(ConfigKeys.VIEW_ADVERTISED_URL, "http://localhost:" + viewPort);
            wiring.put(ConfigKeys.VIEW_PORT, Integer.toString(viewPort));
            Map<String, String> roles = new LinkedHashMap<>(wiring);
            roles.put(ConfigKeys.WEBHOOK_PORT, Integer.toString(webhookPort));
            roles.put(ConfigKeys.WEBHOOK_PUBLIC_URL, "http://localhost:" + webhookPort + base.getString(ConfigKeys.WEBHOOK_PATH));
            roles.put(ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort));
            roles.put(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID, "vaultstream-dev-processor");
            roles.put(ConfigKeys.VIEW_STATE_DIR, workDir.resolve("view-state").toString());
            roles.put(ConfigKeys.SANDBOX_PORT, Integer.toString(sandboxPort));
            roles.put(ConfigKeys.SANDBOX_KEY_DIR, keys.toString());
            devDefault(base, roles, ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS, "30000");
            devDefault(base, roles, ConfigKeys.VIEW_RECONCILER_GIVE_UP_AGE_MS, "600000");
            devDefault(base, roles, ConfigKeys.VIEW_RECONCILER_INTERVAL_MS, "5000");
            devDefault(base, roles, ConfigKeys.VIEW_STALLED_REQUESTED_MS, "30000");
            if (ownSandbox) {
                // the sandbox's key pairs live in the work dir; the merchant side uses their matching halves
                roles.put(ConfigKeys.ANTOM_GATEWAY_URL, "http://localhost:" + sandboxPort);
                roles.put(ConfigKeys.ANTOM_SANDBOX, "true");
                roles.put(ConfigKeys.ANTOM_CLIENT_ID, base.optionalString(ConfigKeys.ANTOM_CLIENT_ID).orElse(SandboxService.DEFAULT_CLIENT_ID));
                io.vaultstream.sandbox.SandboxKeys.generateInto(keys);
                roles.put(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE, keys.resolve(io.vaultstream.sandbox.SandboxKeys.MERCHANT_PRIVATE).toString());
                roles.put(ConfigKeys.ANTOM_PUBLIC_KEY_FILE, keys.resolve(io.vaultstream.sandbox.SandboxKeys.ANTOM_PUBLIC).toString());
            }
            VaultstreamConfig cfg = config.load(roles);
            KafkaSetup.prepare(cfg);
            writeClientProperties(wiring);

            if (ownSandbox) {
                sandbox = start(new SandboxService(cfg));
            }
            ProcessorService processor = start(new ProcessorService(cfg));
            WebhookService webhook = start(new WebhookService(cfg, Metrics.newRegistry("webhook")));
            SandboxService sb = sandbox;
            ViewService view = new ViewService(cfg)
                    .readinessCheck("kafka", () -> KafkaSetup.reachable(cfg))
                    .readinessCheck("registry", registry::isReady)
                    .readinessCheck("processor", processor::isReady)
                    .readinessCheck("webhook", webhook::isReady);
            if (sb != null) {
                view.readinessCheck("sandbox", sb::isReady);
            }
            start(view);

            System.out.println("Kafka bootstrap:   " + broker.bootstrapServers());
            System.out.println("Schema registry:   " + registry.url() + " (Confluent-compatible API: " + registry.url() + "/apis/ccompat/v7)");
            System.out.println("Antom:             " + cfg.getString(ConfigKeys.ANTOM_GATEWAY_URL) + (ownSandbox ? " (local sandbox)" : ""));
            System.out.println("Processor:         http://localhost:" + processorPort + "/health/ready, /metrics");
            System.out.println("Webhook:           " + cfg.getString(ConfigKeys.WEBHOOK_PUBLIC_URL));
            System.out.println("Dashboard:         http://localhost:" + viewPort + "/");
            System.out.println("Query API:         http://localhost:" + viewPort + "/vaults/{id}, /vaults?state=S, /stats");
            System.out.println("Health (all):      http://localhost:" + viewPort + "/health/ready");
            System.out.println("Client settings:   " + workDir.resolve("client.properties") + " (send, status, inquire, dlq use it)");
            awaitReady(view);
            System.out.println("vaultstream dev ready");
            System.out.flush();
        } catch (Exception e) {
            stopAll();
            throw new UserFacingException("dev could not start: " + e.getMessage(), e);
        }
        if (demo > 0) {
            VaultstreamConfig client = config.load(wiring);
            new DevDemo(client, "http://localhost:" + viewPort, sandbox, System.out).run(demo);
        }
        stopped.await();
        return 0;
    }

    private <S extends io.vaultstream.Service> S start(S service) throws Exception {
        running.push(service);
        service.start();
        return service;
    }

    /** The view's readiness covers every part; dev says "ready" only once it is true. */
    private static void awaitReady(ViewService view) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://localhost:" + view.port() + "/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200); // polling our own readiness endpoint until every part reports ready
        }
        throw new IOException("not every part became ready within 120 s; see /health/ready on the view port");
    }

    /** Each port dev listens on, by the option that sets it. */
    private Map<String, Integer> ports(boolean ownSandbox) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--kafka-port", kafkaPort);
        ports.put("--kafka-port + 1 (the KRaft controller)", kafkaPort + 1);
        ports.put("--registry-port", registryPort);
        if (ownSandbox) {
            ports.put("--sandbox-port", sandboxPort);
        }
        ports.put("--processor-port", processorPort);
        ports.put("--webhook-port", webhookPort);
        ports.put("--view-port", viewPort);
        return ports;
    }

    /**
     * Why dev cannot listen on these ports, checked before anything starts (a part that fails to bind
     * half-way would leave the user a stack of shutdown errors instead of the cause); empty when all are free.
     */
    static Optional<String> portProblem(Map<String, Integer> ports) {
        Map<Integer, String> seen = new HashMap<>();
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            int port = e.getValue();
            if (port < 1 || port > 65535) {
                return Optional.of(e.getKey() + " " + port + ": must be between 1 and 65535");
            }
            String other = seen.putIfAbsent(port, e.getKey());
            if (other != null) {
                return Optional.of(other + " and " + e.getKey() + " are both " + port + ": each part needs its own port");
            }
            Optional<IOException> taken = PortProbe.bindFailure(null, port);
            if (taken.isPresent()) {
                return Optional.of(e.getKey() + " " + port + ": already in use by another process (" + taken.get().getMessage()
                        + "); stop it or choose another port");
            }
        }
        return Optional.empty();
    }

    /** A dev-friendly value unless the user configured the key. */
    private static void devDefault(VaultstreamConfig base, Map<String, String> roles, String key, String value) {
        if (!base.originals().containsKey(key)) {
            roles.put(key, value);
        }
    }

    private void writeClientProperties(Map<String, String> wiring) throws IOException {
        StringBuilder sb = new StringBuilder("# written by vaultstream dev; send/status/inquire/dlq read it by default\n");
        wiring.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(workDir.resolve("client.properties"), sb.toString(), StandardCharsets.UTF_8);
    }

    private synchronized void stopAll() {
        // reverse start order: view, webhook, processor, sandbox, then registry and broker
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
}
