package io.vaultstream.processor;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vaultstream.Service;
import io.vaultstream.antom.AntomClient;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.http.HttpServerOptions;
import io.vaultstream.http.Metrics;
import io.vaultstream.http.RoleHttpServer;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.Topics;
import java.time.Clock;

/**
 * The processor role: prepares topics and schemas, starts the {@link ProcessorEngine} against Antom, and
 * serves health (ready only while the engine runs and Antom accepts our integration) and metrics on
 * {@code processor.port}.
 */
public final class ProcessorService implements Service {

    private final VaultstreamConfig config;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final int port;
    private AntomClient antom;
    private ProcessorEngine engine;
    private RoleHttpServer http;

    /** From configuration, with its own metrics registry, the system clock and {@code processor.port}. */
    public ProcessorService(VaultstreamConfig config) {
        this(config, Metrics.newRegistry("processor"), Clock.systemUTC(), config.getInt(ConfigKeys.PROCESSOR_PORT));
    }

    /** For embedding (dev, tests): explicit registry, clock and port (0 picks a free one). */
    public ProcessorService(VaultstreamConfig config, PrometheusMeterRegistry registry, Clock clock, int port) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.port = port;
    }

    @Override
    public String name() {
        return "processor";
    }

    @Override
    public void start() {
        CardKeyring keyring = CardKeyring.load(config.requireFile(ConfigKeys.CARD_KEYRING_FILE, "the processor"));
        ProcessorOptions options = ProcessorSettings.options(config);
        antom = new AntomClient(ProcessorSettings.antomOptions(config), registry);
        Topics topics = KafkaSetup.prepare(config);
        engine = new ProcessorEngine(options, topics, ProcessorSettings.consumerProps(config), ProcessorSettings.producerProps(config), antom,
                new CardCipher(keyring), registry, clock);
        http = new RoleHttpServer("processor", HttpServerOptions.onPort(port), registry, app -> {})
                .readinessCheck("engine", engine::isRunning)
                .readinessCheck("polling", engine::isReady)
                .readinessCheck("antom-integration", () -> !engine.isMisconfigured());
        http.start();
        engine.start();
    }

    @Override
    public boolean isReady() {
        return engine != null && engine.isReady();
    }

    /** The engine (after {@link #start()}). */
    public ProcessorEngine engine() {
        return engine;
    }

    /** The bound health/metrics port (after {@link #start()}). */
    public int port() {
        return http.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (antom != null) {
            antom.close();
        }
    }
}
