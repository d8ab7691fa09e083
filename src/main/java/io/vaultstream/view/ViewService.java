package io.vaultstream.view;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vaultstream.Service;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.http.HttpServerOptions;
import io.vaultstream.http.Metrics;
import io.vaultstream.http.RoleHttpServer;
import io.vaultstream.events.VaultStatus;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.SchemaRegistrar;
import io.vaultstream.kafka.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code view} role: the status topology on Kafka Streams, its query API and dashboard, health
 * and metrics on {@code view.port}. Ready while Streams runs or rebalances (a rebalance is normal
 * operation; queries then retry or answer 503 themselves).
 */
public final class ViewService implements Service {

    private final java.util.Map<String, java.util.function.BooleanSupplier> extraReadiness = new java.util.LinkedHashMap<>();

    private static final Logger log = LoggerFactory.getLogger(ViewService.class);

    private final VaultstreamConfig config;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;

    private KafkaStreams streams;
    private ViewHttpApi api;
    private RoleHttpServer http;

    /** From configuration, with a fresh Prometheus registry. */
    public ViewService(VaultstreamConfig config) {
        this(config, null, Clock.systemUTC());
    }

    /** From configuration; {@code registry} may be null (a fresh one tagged {@code role=view} is made). */
    public ViewService(VaultstreamConfig config, PrometheusMeterRegistry registry, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = registry != null ? registry : Metrics.newRegistry("view");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The topology options the configuration describes: {@code topics.*} and {@code view.reconciler.*}. */
    public static ViewTopologyOptions topologyOptionsFrom(VaultstreamConfig config, Topics topics) {
        Duration firstAge = Duration.ofMillis(config.getLong(ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS));
        Duration giveUp = Duration.ofMillis(config.getLong(ConfigKeys.VIEW_RECONCILER_GIVE_UP_AGE_MS));
        if (firstAge.compareTo(giveUp) >= 0) {
            throw new ConfigException(ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS, firstAge.toMillis(),
                    "must be shorter than " + ConfigKeys.VIEW_RECONCILER_GIVE_UP_AGE_MS);
        }
        ViewTopologyOptions.Builder b = ViewTopologyOptions.builder()
                .topics(topics)
                .reconcilerEnabled(config.getBoolean(ConfigKeys.VIEW_RECONCILER_ENABLED))
                .reconcileInterval(Duration.ofMillis(config.getLong(ConfigKeys.VIEW_RECONCILER_INTERVAL_MS)))
                .initialInquiryInterval(firstAge)
                .maxInquiryInterval(firstAge.multipliedBy(16).compareTo(giveUp) < 0 ? firstAge.multipliedBy(16) : giveUp)
                .finalAge(giveUp)
                .maxActionsPerPunctuation(config.getInt(ConfigKeys.VIEW_RECONCILER_MAX_PER_RUN))
                .stalledRequestedAge(Duration.ofMillis(config.getLong(ConfigKeys.VIEW_STALLED_REQUESTED_MS)));
        for (VaultState s : VaultState.values()) {
            if (s.awaitingAntom()) {
                b.firstInquiryAge(s, firstAge);
            }
        }
        return b.build();
    }

    /** This instance's {@code application.server}: {@code view.advertised-url}, else localhost on {@code view.port}. */
    static HostInfo advertised(VaultstreamConfig config) {
        int port = config.getInt(ConfigKeys.VIEW_PORT);
        return config.optionalString(ConfigKeys.VIEW_ADVERTISED_URL).map(u -> {
            URI uri = URI.create(u);
            return new HostInfo(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : port);
        }).orElse(new HostInfo("localhost", port));
    }

    @Override
    public String name() {
        return "view";
    }

    /**
     * Adds a check to this instance's /health/ready (dev uses it to report the readiness of the whole
     * local system on the view port). Call before {@link #start()}.
     */
    public synchronized ViewService readinessCheck(String checkName, java.util.function.BooleanSupplier check) {
        extraReadiness.put(checkName, check);
        return this;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        Topics topics = KafkaSetup.prepare(config);
        ViewTopologyOptions options = topologyOptionsFrom(config, topics);
        HostInfo self = advertised(config);
        String applicationId = config.getString(ConfigKeys.VIEW_APPLICATION_ID);
        // The status store's changelog holds statuses in the registry format too; its subject is
        // registered like the topics' subjects so that it is governed by the same rule.
        new SchemaRegistrar(SchemaRegistrar.ccompatBase(config.getString(ConfigKeys.REGISTRY_URL),
                config.getString(ConfigKeys.REGISTRY_SERDE))).register(
                        statusChangelogSubject(applicationId), VaultStatus.getClassSchema());
        String stateDir = config.optionalString(ConfigKeys.VIEW_STATE_DIR).orElse(
                Path.of(System.getProperty("java.io.tmpdir"), "vaultstream-view", applicationId).toString());
        Properties props = new ViewStreamsConfig(applicationId, config.getInt(ConfigKeys.VIEW_STANDBY_REPLICAS), self,
                stateDir, topics.dlq().name()).toProperties(
                        config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.STREAMS),
                        topics.dlq().valueSerde().serializer(), clock);
        TerminalWaiters waiters = new TerminalWaiters();
        streams = new KafkaStreams(StatusTopology.build(new StreamsBuilder(), options, ViewSerdes.of(topics), clock, waiters),
                props);
        streams.setUncaughtExceptionHandler(e -> {
            // a processing failure is a bug or a broken dependency: stop loudly, readiness goes false
            log.error("view stream thread failed; shutting the view's Streams client down error={}",
                    e.getClass().getName(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try {
            streams.start();
            ViewQueries queries = new ViewQueries(new KafkaStreamsLocalStores(streams));
            ViewMetrics.bind(registry, queries, clock);
            ViewHttpOptions httpOptions = ViewHttpOptions.defaults()
                    .withAuthToken(config.optionalPassword(ConfigKeys.VIEW_AUTH_TOKEN).orElse(null));
            api = new ViewHttpApi(queries, new KafkaStreamsViewCluster(streams, self), httpOptions, clock, waiters);
            http = new RoleHttpServer(name(), HttpServerOptions.onPort(config.getInt(ConfigKeys.VIEW_PORT)), registry,
                    api::register)
                    .readinessCheck("streams", this::isReady);
            extraReadiness.forEach(http::readinessCheck);
            http.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("view started applicationId={} applicationServer={}:{} inputs={},{},{} status={} reconciler={}",
                applicationId, self.host(), self.port(), options.commandsTopic(), options.resultsTopic(),
                options.notificationsTopic(), options.statusTopic(), options.reconcilerEnabled());
    }

    /** Registry subject of the status store's changelog topic (topic-name strategy). */
    static String statusChangelogSubject(String applicationId) {
        return applicationId + "-" + StatusTopology.STATUS_STORE + "-changelog-value";
    }

    /** The bound HTTP port (useful with port 0), or -1 before start. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    @Override
    public boolean isReady() {
        KafkaStreams s = streams;
        return s != null && (s.state() == KafkaStreams.State.RUNNING || s.state() == KafkaStreams.State.REBALANCING);
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
        if (api != null) {
            api.close();
            api = null;
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            streams = null;
        }
    }
}
