package io.vaultstream.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import java.util.List;

/**
 * Every vaultstream setting, declared once with its type, default, validation and documentation.
 *
 * <p>The README's configuration table is generated from {@link #DEFINITION}; a test fails when they
 * differ. Pass-through namespaces ({@link #PASS_THROUGH_PREFIXES}) are not declared here: their keys go
 * to the Kafka clients or the serdes unchanged.
 */
public final class ConfigKeys {

    /** Namespaces whose keys are handed to Kafka clients / serdes as they are. */
    public static final List<String> PASS_THROUGH_PREFIXES = List.of(
            "kafka.producer.", "kafka.consumer.", "kafka.streams.", "kafka.admin.", "kafka.", "registry.");

    // --- Kafka and schema registry
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String REGISTRY_URL = "registry.url";
    public static final String REGISTRY_SERDE = "registry.serde";
    public static final String TOPICS_COMMANDS = "topics.commands";
    public static final String TOPICS_RESULTS = "topics.results";
    public static final String TOPICS_NOTIFICATIONS = "topics.notifications";
    public static final String TOPICS_STATUS = "topics.status";
    public static final String TOPICS_DLQ = "topics.dlq";
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication-factor";

    // --- Antom
    public static final String ANTOM_GATEWAY_URL = "antom.gateway-url";
    public static final String ANTOM_CLIENT_ID = "antom.client-id";
    public static final String ANTOM_KEY_VERSION = "antom.key-version";
    public static final String ANTOM_MERCHANT_PRIVATE_KEY_FILE = "antom.merchant-private-key-file";
    public static final String ANTOM_PUBLIC_KEY_FILE = "antom.public-key-file";
    public static final String ANTOM_SANDBOX = "antom.sandbox";
    public static final String ANTOM_ALLOW_PLAIN_HTTP = "antom.allow-plain-http";
    public static final String ANTOM_CONNECT_TIMEOUT_MS = "antom.connect-timeout-ms";
    public static final String ANTOM_RESPONSE_TIMEOUT_MS = "antom.response-timeout-ms";
    public static final String ANTOM_TRUST_STORE_FILE = "antom.trust-store-file";
    public static final String ANTOM_TRUST_STORE_PASSWORD = "antom.trust-store-password";

    // --- card data
    public static final String CARD_KEYRING_FILE = "card.keyring-file";

    // --- processor
    public static final String PROCESSOR_PORT = "processor.port";
    public static final String PROCESSOR_MAX_IN_FLIGHT = "processor.max-in-flight";
    public static final String PROCESSOR_TRANSACTIONAL_ID = "processor.transactional-id";
    public static final String PROCESSOR_GROUP_ID = "processor.group-id";
    public static final String PROCESSOR_RATE_LIMIT = "processor.rate-limit";
    public static final String PROCESSOR_MAX_ATTEMPTS = "processor.max-attempts";
    public static final String PROCESSOR_MAX_RETRY_MS = "processor.max-retry-ms";
    public static final String PROCESSOR_RETRY_BACKOFF_MS = "processor.retry-backoff-ms";
    public static final String PROCESSOR_COMMIT_INTERVAL_MS = "processor.commit-interval-ms";
    public static final String PROCESSOR_CAUGHT_UP_COMMIT_INTERVAL_MS = "processor.caught-up-commit-interval-ms";
    public static final String PROCESSOR_MAX_QUEUED = "processor.max-queued";
    public static final String PROCESSOR_MAX_BACKOFF_MS = "processor.max-backoff-ms";
    public static final String PROCESSOR_BREAKER_FAILURE_THRESHOLD = "processor.breaker-failure-threshold";
    public static final String PROCESSOR_BREAKER_OPEN_MS = "processor.breaker-open-ms";

    // --- webhook
    public static final String WEBHOOK_PORT = "webhook.port";
    public static final String WEBHOOK_PATH = "webhook.path";
    public static final String WEBHOOK_PUBLIC_URL = "webhook.public-url";
    public static final String WEBHOOK_SIGNED_PATH = "webhook.signed-path";
    public static final String WEBHOOK_MAX_BODY_BYTES = "webhook.max-body-bytes";
    public static final String WEBHOOK_PRODUCE_TIMEOUT_MS = "webhook.produce-timeout-ms";
    public static final String WEBHOOK_REPLAY_WINDOW_MS = "webhook.replay-window-ms";

    // --- view
    public static final String VIEW_PORT = "view.port";
    public static final String VIEW_AUTH_TOKEN = "view.auth-token";
    public static final String VIEW_APPLICATION_ID = "view.application-id";
    public static final String VIEW_ADVERTISED_URL = "view.advertised-url";
    public static final String VIEW_STATE_DIR = "view.state-dir";
    public static final String VIEW_STANDBY_REPLICAS = "view.standby-replicas";
    public static final String VIEW_RECONCILER_ENABLED = "view.reconciler.enabled";
    public static final String VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS = "view.reconciler.first-inquiry-age-ms";
    public static final String VIEW_RECONCILER_GIVE_UP_AGE_MS = "view.reconciler.give-up-age-ms";
    public static final String VIEW_RECONCILER_INTERVAL_MS = "view.reconciler.interval-ms";
    public static final String VIEW_RECONCILER_MAX_PER_RUN = "view.reconciler.max-per-run";
    public static final String VIEW_STALLED_REQUESTED_MS = "view.stalled-requested-ms";

    // --- sandbox
    public static final String SANDBOX_PORT = "sandbox.port";
    public static final String SANDBOX_KEY_DIR = "sandbox.key-dir";
    public static final String SANDBOX_LATENCY_MS = "sandbox.latency-ms";
    public static final String SANDBOX_FAULT_RATE = "sandbox.fault-rate";
    public static final String SANDBOX_SEED = "sandbox.seed";
    public static final String SANDBOX_NOTIFY_SCHEDULE_SCALE = "sandbox.notify-schedule-scale";
    public static final String SANDBOX_CLIENT_ID = "sandbox.client-id";
    public static final String SANDBOX_JITTER_MS = "sandbox.jitter-ms";
    public static final String SANDBOX_TIMEOUT_HOLD_MS = "sandbox.timeout-hold-ms";
    public static final String SANDBOX_VERIFICATION_DELAY_MS = "sandbox.verification-delay-ms";
    public static final String SANDBOX_SESSION_DELAY_MS = "sandbox.session-delay-ms";
    public static final String SANDBOX_PUBLIC_URL = "sandbox.public-url";

    // --- send / CLI
    public static final String SEND_REDIRECT_URL = "send.redirect-url";

    // --- logging
    public static final String LOG_LEVEL = "log.level";
    public static final String LOG_FORMAT = "log.format";


    private static final ConfigDef.Validator PORT = Range.between(0, 65535);
    private static final ConfigDef.Validator URL = Validators.absoluteHttpUrl();
    private static final ConfigDef.Validator OPTIONAL_URL = Validators.nullOr(Validators.absoluteHttpUrl());
    private static final ConfigDef.Validator PATH = Validators.urlPath();
    private static final ConfigDef.Validator TOPIC = Validators.topicName();
    private static final ConfigDef.Validator POSITIVE_MS = Range.atLeast(1L);

    /** The declarations. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(KAFKA_BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", ConfigDef.LambdaValidator.with((n, v) -> { if (((java.util.List<?>) v).isEmpty()) { throw new org.apache.kafka.common.config.ConfigException(n, v, "must list at least one host:port"); } }, () -> "non-empty list of host:port"),
                    Importance.HIGH, "Kafka bootstrap servers (host:port, comma separated).")
            .define(REGISTRY_URL, Type.STRING, "http://localhost:8085", URL, Importance.HIGH,
                    "Base URL of the schema registry server; the serde factory adds the API path its serde needs.")
            .define(REGISTRY_SERDE, Type.STRING, BuildInfo.defaultSerde(),
                    ValidString.in("apicurio", "confluent"), Importance.MEDIUM,
                    "Serde implementation: apicurio (default build) or confluent (needs the confluent Maven profile). Both write the Confluent wire format.")
            .define(TOPICS_COMMANDS, Type.STRING, "vault.commands.v1", TOPIC, Importance.MEDIUM, "Commands topic (retention 7 days).")
            .define(TOPICS_RESULTS, Type.STRING, "vault.results.v1", TOPIC, Importance.MEDIUM, "Result events topic.")
            .define(TOPICS_NOTIFICATIONS, Type.STRING, "vault.notifications.v1", TOPIC, Importance.MEDIUM, "Antom notification events topic.")
            .define(TOPICS_STATUS, Type.STRING, "vault.status.v1", TOPIC, Importance.MEDIUM, "Compacted status topic.")
            .define(TOPICS_DLQ, Type.STRING, "vault.commands.dlq.v1", TOPIC, Importance.MEDIUM, "Dead-letter topic for rejected and poison commands.")
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.MEDIUM, "Create missing topics at start-up (idempotent).")
            .define(TOPICS_PARTITIONS, Type.INT, 6, Range.between(1, 10_000), Importance.MEDIUM,
                    "Partitions of topics created at start-up; the view's three input topics must have the same count.")
            .define(TOPICS_REPLICATION_FACTOR, Type.SHORT, (short) -1, Validators.replicationFactor(), Importance.MEDIUM,
                    "Replication factor of topics created at start-up; -1 takes the broker's default.")

            .define(ANTOM_GATEWAY_URL, Type.STRING, null, OPTIONAL_URL, Importance.HIGH,
                    "Antom gateway base URL, e.g. https://open-sea-global.alipay.com. In dev, unset means the local sandbox.")
            .define(ANTOM_CLIENT_ID, Type.STRING, null, Validators.nullOr(Validators.maxLength(64)), Importance.HIGH, "Client id Antom assigned to the merchant.")
            .define(ANTOM_KEY_VERSION, Type.INT, 1, Range.atLeast(1), Importance.LOW, "keyVersion sent in the Signature header.")
            .define(ANTOM_MERCHANT_PRIVATE_KEY_FILE, Type.STRING, null, Validators.nullOr(Validators.readableFile()), Importance.HIGH,
                    "Merchant RSA private key (PKCS#8, PEM or bare base64 DER) that signs requests.")
            .define(ANTOM_PUBLIC_KEY_FILE, Type.STRING, null, Validators.nullOr(Validators.readableFile()), Importance.HIGH,
                    "Antom RSA public key(s) (X.509, PEM or base64 DER); several PEM blocks during a rotation.")
            .define(ANTOM_SANDBOX, Type.BOOLEAN, false, Importance.MEDIUM, "Use the /ams/sandbox/api path.")
            .define(ANTOM_ALLOW_PLAIN_HTTP, Type.BOOLEAN, false, Importance.LOW,
                    "Allow http:// to a non-loopback gateway; only for sandboxes on trusted networks.")
            .define(ANTOM_CONNECT_TIMEOUT_MS, Type.LONG, 3_000L, POSITIVE_MS, Importance.LOW, "Connect timeout toward Antom.")
            .define(ANTOM_RESPONSE_TIMEOUT_MS, Type.LONG, 10_000L, POSITIVE_MS, Importance.LOW,
                    "Response timeout toward Antom; a timed-out call is an unknown outcome, resolved by inquiry.")
            .define(ANTOM_TRUST_STORE_FILE, Type.STRING, null, Validators.nullOr(Validators.readableFile()), Importance.LOW,
                    "Trust store (PKCS12) for the gateway's TLS certificate; unset means the JVM's default trust.")
            .define(ANTOM_TRUST_STORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the trust store.")

            .define(CARD_KEYRING_FILE, Type.STRING, null, Validators.nullOr(Validators.readableFile()), Importance.HIGH,
                    "Card keyring JSON ({\"primary\":\"k2\",\"keys\":[{\"id\":\"k1\",\"key\":\"<base64 32 bytes>\"}]}).")

            .define(PROCESSOR_PORT, Type.INT, 8082, PORT, Importance.MEDIUM, "Processor health and metrics port.")
            .define(PROCESSOR_MAX_IN_FLIGHT, Type.INT, 1024, Range.between(1, 100_000), Importance.MEDIUM,
                    "Commands in flight per instance (async HTTP); more hides Antom latency, costs memory and connections.")
            .define(PROCESSOR_TRANSACTIONAL_ID, Type.STRING, null, Validators.nullOr(Validators.maxLength(200)), Importance.MEDIUM,
                    "Stable transactional.id of this instance (its second producer uses <id>.alt); default vaultstream-processor-<host name> "
                            + "(a StatefulSet pod name).")
            .define(PROCESSOR_GROUP_ID, Type.STRING, "vaultstream-processor", new ConfigDef.NonEmptyString(), Importance.LOW, "Consumer group of the processors.")
            .define(PROCESSOR_RATE_LIMIT, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.MEDIUM,
                    "Antom requests per second per instance; 0 means unlimited.")
            .define(PROCESSOR_MAX_ATTEMPTS, Type.INT, 8, Range.between(1, 100), Importance.MEDIUM,
                    "Antom calls per command (inquiries included) before the result is UNKNOWN.")
            .define(PROCESSOR_MAX_RETRY_MS, Type.LONG, 120_000L, POSITIVE_MS, Importance.MEDIUM,
                    "Total time one command may spend retrying before the result is UNKNOWN.")
            .define(PROCESSOR_RETRY_BACKOFF_MS, Type.LONG, 200L, POSITIVE_MS, Importance.LOW,
                    "First retry backoff; doubles per attempt with full jitter.")
            .define(PROCESSOR_COMMIT_INTERVAL_MS, Type.LONG, 100L, POSITIVE_MS, Importance.LOW,
                    "How often finished results are committed in one transaction while the processor has a backlog (fetched commands "
                            + "wait for a worker or an in-flight slot): fewer transactions leave more CPU for the work.")
            .define(PROCESSOR_CAUGHT_UP_COMMIT_INTERVAL_MS, Type.LONG, 5L, POSITIVE_MS, Importance.LOW,
                    "How often results are committed while the processor keeps up with its input, so they become visible soon after "
                            + "Antom answers; never longer than processor.commit-interval-ms.")
            .define(PROCESSOR_MAX_BACKOFF_MS, Type.LONG, 10_000L, POSITIVE_MS, Importance.LOW,
                    "Largest retry backoff (before jitter); the backoff doubles from processor.retry-backoff-ms up to it.")
            .define(PROCESSOR_MAX_QUEUED, Type.INT, 20_000, Range.between(1, 10_000_000), Importance.LOW,
                    "Received, unfinished commands held in memory before the processor pauses its partitions (bounded memory).")
            .define(PROCESSOR_BREAKER_FAILURE_THRESHOLD, Type.INT, 20, Range.between(1, 100_000), Importance.LOW,
                    "Unknown Antom outcomes in a row (timeouts, 5xx, U) that open the circuit breaker.")
            .define(PROCESSOR_BREAKER_OPEN_MS, Type.LONG, 5_000L, POSITIVE_MS, Importance.LOW,
                    "How long an open circuit breaker stops calls before one probe call.")

            .define(WEBHOOK_PORT, Type.INT, 8080, PORT, Importance.MEDIUM, "Webhook HTTP port (notifications, health, metrics).")
            .define(WEBHOOK_PATH, Type.STRING, "/antom/notifications/vaulting", PATH, Importance.MEDIUM, "Path Antom POSTs notifications to.")
            .define(WEBHOOK_PUBLIC_URL, Type.STRING, null, OPTIONAL_URL, Importance.HIGH,
                    "Public URL of the webhook endpoint; fills a command's missing vaultingNotificationUrl.")
            .define(WEBHOOK_SIGNED_PATH, Type.STRING, null, Validators.nullOr(PATH), Importance.LOW,
                    "Path Antom signs, when an ingress rewrites it; default webhook.path.")
            .define(WEBHOOK_MAX_BODY_BYTES, Type.INT, 65_536, Range.between(1024, 16 * 1024 * 1024), Importance.LOW, "Largest notification body accepted (413 above).")
            .define(WEBHOOK_PRODUCE_TIMEOUT_MS, Type.LONG, 5_000L, POSITIVE_MS, Importance.LOW,
                    "How long a notification waits for Kafka's acknowledgement before the answer is 503.")
            .define(WEBHOOK_REPLAY_WINDOW_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.LOW,
                    "Reject a Request-Time further than this from now; 0 (default) is off, since Antom re-sends for 24 h.")

            .define(VIEW_PORT, Type.INT, 8081, PORT, Importance.MEDIUM, "Status view HTTP port (query API, dashboard, health, metrics).")
            .define(VIEW_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM, "When set, every view data endpoint (/vaults, /stats) needs Authorization: Bearer <token>; health, /metrics (counts only) and the static pages stay open for probes and scrapers.")
            .define(VIEW_APPLICATION_ID, Type.STRING, "vaultstream-view", new ConfigDef.NonEmptyString(), Importance.LOW, "Kafka Streams application.id of the view.")
            .define(VIEW_ADVERTISED_URL, Type.STRING, null, OPTIONAL_URL, Importance.MEDIUM,
                    "URL other view instances use to reach this one (application.server); default http://localhost:<view.port>.")
            .define(VIEW_STATE_DIR, Type.STRING, null, Importance.LOW, "Kafka Streams state directory; default a temp-dir subfolder.")
            .define(VIEW_STANDBY_REPLICAS, Type.INT, 0, Range.between(0, 10), Importance.LOW, "Standby replicas of the view's stores.")
            .define(VIEW_RECONCILER_ENABLED, Type.BOOLEAN, true, Importance.LOW, "Send inquiry commands for requests Antom has seen but not finished.")
            .define(VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS, Type.LONG, 300_000L, POSITIVE_MS, Importance.LOW, "Age of a pending request before its first inquiry; the interval then doubles.")
            .define(VIEW_RECONCILER_GIVE_UP_AGE_MS, Type.LONG, 86_400_000L, POSITIVE_MS, Importance.LOW, "Age after which a pending request becomes FAILED / RECONCILE_TIMEOUT.")
            .define(VIEW_RECONCILER_INTERVAL_MS, Type.LONG, 10_000L, POSITIVE_MS, Importance.LOW, "How often the reconciler looks for stale requests.")
            .define(VIEW_RECONCILER_MAX_PER_RUN, Type.INT, 100, Range.between(1, 100_000), Importance.LOW, "Inquiries sent per reconciler run at most (rate limit).")
            .define(VIEW_STALLED_REQUESTED_MS, Type.LONG, 60_000L, POSITIVE_MS, Importance.LOW, "Age of a REQUESTED request counted as stalledRequested (processor behind).")

            .define(SANDBOX_PORT, Type.INT, 8089, PORT, Importance.MEDIUM, "Antom sandbox HTTP port.")
            .define(SANDBOX_KEY_DIR, Type.STRING, null, Importance.LOW, "Where the sandbox keeps (or generates, when missing) its merchant and Antom key pairs; default a temp dir.")
            .define(SANDBOX_CLIENT_ID, Type.STRING, null, Validators.nullOr(Validators.maxLength(64)), Importance.LOW, "The one client id the sandbox accepts (others get CLIENT_INVALID); default antom.client-id, else SANDBOX_5X00000000000000.")
            .define(SANDBOX_JITTER_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.LOW, "Random extra latency, uniform in [0, jitter], seeded.")
            .define(SANDBOX_TIMEOUT_HOLD_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.LOW, "How long an injected timeout holds the answer (longer than the client's timeout).")
            .define(SANDBOX_VERIFICATION_DELAY_MS, Type.LONG, 2_000L, Range.atLeast(0L), Importance.LOW, "How long the simulated buyer takes to finish 3DS.")
            .define(SANDBOX_SESSION_DELAY_MS, Type.LONG, 3_000L, Range.atLeast(0L), Importance.LOW, "How long the simulated buyer takes to finish a vaulting session.")
            .define(SANDBOX_PUBLIC_URL, Type.STRING, null, OPTIONAL_URL, Importance.LOW, "Base URL the sandbox puts in 3DS/session URLs; default http://localhost:<sandbox.port>.")
            .define(SANDBOX_LATENCY_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.LOW, "Fixed latency added to every sandbox answer.")
            .define(SANDBOX_FAULT_RATE, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.LOW, "Share of sandbox calls that fail in a mixed way (5xx, timeouts, U, unsigned, rate limits).")
            .define(SANDBOX_SEED, Type.LONG, 42L, Importance.LOW, "Seed of the sandbox's fault schedule.")
            .define(SANDBOX_NOTIFY_SCHEDULE_SCALE, Type.DOUBLE, 0.001, Range.between(0.0, 1.0), Importance.LOW,
                    "Factor applied to Antom's notification re-send schedule (0s, 2min, 10min, ... 15h).")

            .define(SEND_REDIRECT_URL, Type.STRING, "http://localhost:8081/return", URL, Importance.LOW,
                    "redirectUrl that send puts in a command when the file has none.")
            .define(LOG_LEVEL, Type.STRING, "INFO", ValidString.in("TRACE", "DEBUG", "INFO", "WARN", "ERROR"), Importance.LOW, "Root log level.")
            .define(LOG_FORMAT, Type.STRING, "text", ValidString.in("text", "json"), Importance.LOW, "Log line format.");

    private ConfigKeys() {}

    /** The environment variable that sets {@code key}: VAULTSTREAM_ + upper case, '.' and '-' as '_'. */
    public static String envName(String key) {
        return "VAULTSTREAM_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
