package io.vaultstream.webhook;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vaultstream.Service;
import io.vaultstream.antom.PemKeys;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.http.HttpServerOptions;
import io.vaultstream.http.Metrics;
import io.vaultstream.http.RoleHttpServer;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@code webhook} role: Antom's notifyVaulting endpoint plus health and metrics, writing each verified
 * notification to the notifications topic before acknowledging it. Shutdown turns readiness false, refuses
 * new notifications with 503 (Antom re-sends), waits for those in flight, then stops the server and producer.
 */
public final class WebhookService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    /**
     * Jetty threads: a notification holds a thread only while its body is read, verified and handed to the
     * producer (the answer waits for Kafka asynchronously), so a few threads per core keep the cores busy;
     * Javalin's default of 250 spread the same work over ~75 threads at 64 connections.
     */
    private static final int HTTP_THREADS = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());

    private final VaultstreamConfig config;
    private final WebhookOptions options;
    private final HttpServerOptions httpOptions;
    private final PrometheusMeterRegistry registry;
    private final Function<Topics.Topic<VaultNotification>, Producer<String, VaultNotification>> producerFactory;
    private final InFlightRequests inFlight = new InFlightRequests();

    private volatile boolean started;
    private ExecutorService responder;
    private NotificationPublisher publisher;
    private RoleHttpServer http;

    /** From configuration, with a fresh Prometheus registry. */
    public WebhookService(VaultstreamConfig config) {
        this(config, null);
    }

    /**
     * From configuration; {@code registry} may be null (a fresh one tagged {@code role=webhook} is made).
     * Reads {@code antom.client-id} and {@code antom.public-key-file} (required) and the {@code webhook.*} keys.
     */
    public WebhookService(VaultstreamConfig config, PrometheusMeterRegistry registry) {
        this(config, optionsFrom(config), registry, null);
    }

    /**
     * With explicit endpoint options (a clock, keys or limits not taken from {@code config}); Kafka, topic and
     * port settings still come from {@code config}. {@code registry} may be null.
     */
    public WebhookService(VaultstreamConfig config, WebhookOptions options, PrometheusMeterRegistry registry) {
        this(config, options, registry, null);
    }

    /** As above, with the producer made by {@code producerFactory} (tests); null means a KafkaProducer from {@code kafka.*}. */
    WebhookService(VaultstreamConfig config, WebhookOptions options, PrometheusMeterRegistry registry,
            Function<Topics.Topic<VaultNotification>, Producer<String, VaultNotification>> producerFactory) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.registry = registry != null ? registry : Metrics.newRegistry("webhook");
        this.httpOptions = HttpServerOptions.onPort(config.getInt(ConfigKeys.WEBHOOK_PORT)).withMaxBodyBytes(options.maxBodyBytes())
                .withMaxThreads(HTTP_THREADS);
        this.producerFactory = producerFactory != null ? producerFactory : this::kafkaProducer;
    }

    /** The endpoint options the configuration describes. */
    public static WebhookOptions optionsFrom(VaultstreamConfig config) {
        String role = "webhook";
        return WebhookOptions.builder()
                .path(config.getString(ConfigKeys.WEBHOOK_PATH))
                .signedPath(config.getString(ConfigKeys.WEBHOOK_SIGNED_PATH))
                .clientId(config.requireString(ConfigKeys.ANTOM_CLIENT_ID, role))
                .antomPublicKeys(PemKeys.readPublicKeys(config.requireFile(ConfigKeys.ANTOM_PUBLIC_KEY_FILE, role)))
                .maxBodyBytes(config.getInt(ConfigKeys.WEBHOOK_MAX_BODY_BYTES))
                .produceTimeout(Duration.ofMillis(config.getLong(ConfigKeys.WEBHOOK_PRODUCE_TIMEOUT_MS)))
                .replayWindow(Duration.ofMillis(config.getLong(ConfigKeys.WEBHOOK_REPLAY_WINDOW_MS)))
                .build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    /** Prepares topics and schemas, connects the producer, then opens the HTTP port. */
    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        if (inFlight.closing()) {
            throw new IllegalStateException("webhook service was closed; create a new one");
        }
        Topics.Topic<VaultNotification> topic = KafkaSetup.prepare(config).notifications();
        Producer<String, VaultNotification> producer = producerFactory.apply(topic);
        publisher = new NotificationPublisher(producer, topic.name());
        try {
            publisher.warmUp();
            AtomicInteger threadNo = new AtomicInteger();
            responder = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "webhook-respond-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            WebhookMetrics metrics = new WebhookMetrics(registry, inFlight::count);
            NotificationEndpoint endpoint = new NotificationEndpoint(options, publisher, metrics, inFlight, responder);
            http = new RoleHttpServer(name(), httpOptions, registry, endpoint::register)
                    .readinessCheck("notifications", () -> started && !inFlight.closing())
                    .start();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        started = true;
        LOG.info("webhook ready: POST {} (signed path {}) -> topic {}, produce timeout {} ms, replay window {}", options.path(),
                options.signedPath(), topic.name(), options.produceTimeout().toMillis(),
                options.replayWindow().isZero() ? "off" : options.replayWindow().toMillis() + " ms");
    }

    private Producer<String, VaultNotification> kafkaProducer(Topics.Topic<VaultNotification> topic) {
        Map<String, Object> props = NotificationPublisher.producerProps(
                config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.PRODUCER), options.produceTimeout());
        // the first serialisation looks the schema up in the registry; do it now, not on Antom's first request
        topic.valueSerde().serializer().serialize(topic.name(), sample());
        return new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static VaultNotification sample() {
        return VaultNotification.newBuilder().setNotificationId("warm-up").setVaultingRequestId("warm-up")
                .setReceivedAt(Instant.EPOCH).setRawJson("{}").build();
    }

    /** True once started and until shutdown begins. */
    @Override
    public boolean isReady() {
        return started && !inFlight.closing();
    }

    /** The bound HTTP port (useful with {@code webhook.port=0}). */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("webhook not started");
        }
        return http.port();
    }

    /** The meters this service records to. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        try {
            // a notification in flight has its deadline; give it that, plus a little for the answer
            boolean drained = inFlight.closeAndAwait(options.produceTimeout().plusSeconds(1));
            if (!drained) {
                LOG.warn("webhook stopping with {} notification(s) still in flight; they get no answer and Antom re-sends",
                        inFlight.count());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
        started = false;
    }

    private void closeQuietly() {
        if (http != null) {
            http.close();
            http = null;
        }
        if (responder != null) {
            responder.shutdown();
            try {
                responder.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            responder = null;
        }
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
    }
}
