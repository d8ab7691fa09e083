package io.vaultstream.config;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultstreamConfigTest {

    @TempDir Path dir;

    @Test
    void defaultsMatchTheDesignContract() {
        VaultstreamConfig c = VaultstreamConfig.of(Map.of());
        assertThat(c.getString(ConfigKeys.TOPICS_COMMANDS)).isEqualTo("vault.commands.v1");
        assertThat(c.getString(ConfigKeys.TOPICS_STATUS)).isEqualTo("vault.status.v1");
        assertThat(c.getString(ConfigKeys.WEBHOOK_PATH)).isEqualTo("/antom/notifications/vaulting");
        assertThat(c.getBoolean(ConfigKeys.ANTOM_ALLOW_PLAIN_HTTP)).isFalse();
        assertThat(c.getString(ConfigKeys.LOG_LEVEL)).isEqualTo("INFO");
        assertThat(c.getString(ConfigKeys.REGISTRY_SERDE)).isEqualTo("apicurio");
    }

    @Test
    void unknownKeyInFileIsRejectedNamingKeyAndSource() throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "processor.max-inflight=10\n");
        assertThatThrownBy(() -> VaultstreamConfig.load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processor.max-inflight")
                .hasMessageContaining(f.toString());
    }

    @Test
    void unknownEnvironmentVariableIsRejected() {
        assertThatThrownBy(() -> VaultstreamConfig.load(null, Map.of("VAULTSTREAM_PROCESSOR_MAXINFLIGHT", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VAULTSTREAM_PROCESSOR_MAXINFLIGHT");
    }

    @Test
    void wrongTypeNamesKeyAndRule() {
        assertThatThrownBy(() -> VaultstreamConfig.of(Map.of(ConfigKeys.PROCESSOR_MAX_IN_FLIGHT, "many")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConfigKeys.PROCESSOR_MAX_IN_FLIGHT)
                .hasMessageContaining("many");
        assertThatThrownBy(() -> VaultstreamConfig.of(Map.of(ConfigKeys.WEBHOOK_PORT, "70000")))
                .hasMessageContaining(ConfigKeys.WEBHOOK_PORT);
        assertThatThrownBy(() -> VaultstreamConfig.of(Map.of(ConfigKeys.LOG_FORMAT, "xml")))
                .hasMessageContaining(ConfigKeys.LOG_FORMAT);
        assertThatThrownBy(() -> VaultstreamConfig.of(Map.of(ConfigKeys.WEBHOOK_PUBLIC_URL, "ftp://x/y")))
                .hasMessageContaining(ConfigKeys.WEBHOOK_PUBLIC_URL).hasMessageContaining("http(s)");
    }

    @Test
    void missingKeyFileFailsFastNamingKeyAndFile() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> VaultstreamConfig.of(Map.of(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE, missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE)
                .hasMessageContaining("does not exist");
    }

    @Test
    void requiredKeyForARoleNamesTheEnvironmentVariable() {
        VaultstreamConfig c = VaultstreamConfig.of(Map.of());
        assertThatThrownBy(() -> c.requireString(ConfigKeys.ANTOM_CLIENT_ID, "the processor"))
                .hasMessageContaining(ConfigKeys.ANTOM_CLIENT_ID)
                .hasMessageContaining("VAULTSTREAM_ANTOM_CLIENT_ID");
    }

    @Test
    void environmentWinsOverFileWhichWinsOverDefaults() throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "processor.max-in-flight=10\nwebhook.port=9000\n");
        VaultstreamConfig c = VaultstreamConfig.load(f, Map.of("VAULTSTREAM_PROCESSOR_MAX_IN_FLIGHT", "20", "PATH", "/bin"));
        assertThat(c.getInt(ConfigKeys.PROCESSOR_MAX_IN_FLIGHT)).isEqualTo(20);
        assertThat(c.getInt(ConfigKeys.WEBHOOK_PORT)).isEqualTo(9000);
        assertThat(c.getInt(ConfigKeys.VIEW_PORT)).isEqualTo(8081);
    }

    @Test
    void passThroughKeysReachOnlyTheirClientKind() {
        VaultstreamConfig c = VaultstreamConfig.load(null,
                Map.of("VAULTSTREAM_KAFKA_PRODUCER_LINGER_MS", "7"),
                Map.of("kafka.security.protocol", "SSL", "kafka.consumer.max.poll.records", "50",
                        "registry.apicurio.auth.username", "u"));
        Map<String, Object> producer = c.kafkaClientProps(VaultstreamConfig.KafkaClientKind.PRODUCER);
        Map<String, Object> consumer = c.kafkaClientProps(VaultstreamConfig.KafkaClientKind.CONSUMER);
        assertThat(producer).containsEntry("linger.ms", "7").containsEntry("security.protocol", "SSL")
                .doesNotContainKey("max.poll.records").doesNotContainKey("producer.linger.ms");
        assertThat(consumer).containsEntry("max.poll.records", "50").doesNotContainKey("linger.ms");
        assertThat(c.registryProps()).containsEntry("apicurio.auth.username", "u");
    }

    @Test
    void passwordsAreHiddenInToString() {
        VaultstreamConfig c = VaultstreamConfig.of(Map.of(ConfigKeys.VIEW_AUTH_TOKEN, "s3cret-token"));
        assertThat(c.toString()).doesNotContain("s3cret-token");
        assertThat(c.optionalPassword(ConfigKeys.VIEW_AUTH_TOKEN)).contains("s3cret-token");
    }

    @Test
    void everyDeclaredKeyHasDocumentation() {
        ConfigKeys.DEFINITION.configKeys().values().forEach(k ->
                assertThat(k.documentation).as(k.name).isNotBlank());
    }
}
