package io.vaultstream.processor;

import io.vaultstream.antom.AntomClientOptions;
import io.vaultstream.antom.PemKeys;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Maps vaultstream configuration to the processor's options, Kafka client settings and Antom client options. */
public final class ProcessorSettings {

    private static final String ROLE = "the processor";

    private ProcessorSettings() {}

    public static ProcessorOptions options(VaultstreamConfig c) {
        return ProcessorOptions.builder()
                .maxInFlight(c.getInt(ConfigKeys.PROCESSOR_MAX_IN_FLIGHT))
                .maxBuffered(c.getInt(ConfigKeys.PROCESSOR_MAX_QUEUED))
                .commitInterval(Duration.ofMillis(c.getLong(ConfigKeys.PROCESSOR_COMMIT_INTERVAL_MS)))
                .caughtUpCommitInterval(Duration.ofMillis(c.getLong(ConfigKeys.PROCESSOR_CAUGHT_UP_COMMIT_INTERVAL_MS)))
                .rateLimit(c.getDouble(ConfigKeys.PROCESSOR_RATE_LIMIT))
                .maxAttempts(c.getInt(ConfigKeys.PROCESSOR_MAX_ATTEMPTS))
                .maxRetryTime(Duration.ofMillis(c.getLong(ConfigKeys.PROCESSOR_MAX_RETRY_MS)))
                .retryBackoff(Duration.ofMillis(c.getLong(ConfigKeys.PROCESSOR_RETRY_BACKOFF_MS)))
                .maxBackoff(Duration.ofMillis(c.getLong(ConfigKeys.PROCESSOR_MAX_BACKOFF_MS)))
                .breakerFailureThreshold(c.getInt(ConfigKeys.PROCESSOR_BREAKER_FAILURE_THRESHOLD))
                .breakerOpenTime(Duration.ofMillis(c.getLong(ConfigKeys.PROCESSOR_BREAKER_OPEN_MS)))
                .webhookPublicUrl(c.getString(ConfigKeys.WEBHOOK_PUBLIC_URL))
                .build();
    }

    /** The configured transactional id, or vaultstream-processor-&lt;host name&gt; (stable per StatefulSet pod). */
    public static String transactionalId(VaultstreamConfig c) {
        String configured = c.getString(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return "vaultstream-processor-" + host;
    }

    public static Map<String, Object> consumerProps(VaultstreamConfig c) {
        Map<String, Object> p = new HashMap<>(c.kafkaClientProps(VaultstreamConfig.KafkaClientKind.CONSUMER));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, c.getString(ConfigKeys.PROCESSOR_GROUP_ID));
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId(c) + "-consumer");
        return p;
    }

    public static Map<String, Object> producerProps(VaultstreamConfig c) {
        Map<String, Object> p = new HashMap<>(c.kafkaClientProps(VaultstreamConfig.KafkaClientKind.PRODUCER));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(c));
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId(c) + "-producer");
        // With transactions V2 (Kafka 4) the first produce of a transaction begun right after a commit is often
        // answered CONCURRENT_TRANSACTIONS while the coordinator still writes the previous markers; the default
        // 100 ms backoff put that wait on every such result. Retries still back off exponentially to retry.backoff.max.ms.
        p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        return p;
    }

    /** Antom client options; the gateway, client id and key files are required. */
    public static AntomClientOptions antomOptions(VaultstreamConfig c) {
        AntomClientOptions.Builder b = AntomClientOptions.builder()
                .gatewayUrl(c.requireString(ConfigKeys.ANTOM_GATEWAY_URL, ROLE))
                .clientId(c.requireString(ConfigKeys.ANTOM_CLIENT_ID, ROLE))
                .keyVersion(Integer.toString(c.getInt(ConfigKeys.ANTOM_KEY_VERSION)))
                .merchantPrivateKey(PemKeys.readPrivateKey(c.requireFile(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE, ROLE)))
                .antomPublicKeys(PemKeys.readPublicKeys(c.requireFile(ConfigKeys.ANTOM_PUBLIC_KEY_FILE, ROLE)))
                .sandbox(c.getBoolean(ConfigKeys.ANTOM_SANDBOX))
                .allowPlainHttp(c.getBoolean(ConfigKeys.ANTOM_ALLOW_PLAIN_HTTP))
                .connectTimeout(Duration.ofMillis(c.getLong(ConfigKeys.ANTOM_CONNECT_TIMEOUT_MS)))
                .responseTimeout(Duration.ofMillis(c.getLong(ConfigKeys.ANTOM_RESPONSE_TIMEOUT_MS)))
                .maxConnections(c.getInt(ConfigKeys.PROCESSOR_MAX_IN_FLIGHT));
        String trustStore = c.getString(ConfigKeys.ANTOM_TRUST_STORE_FILE);
        if (trustStore != null) {
            b.trustStore(Path.of(trustStore), c.optionalPassword(ConfigKeys.ANTOM_TRUST_STORE_PASSWORD).map(String::toCharArray).orElse(null));
        }
        return b.build();
    }
}
