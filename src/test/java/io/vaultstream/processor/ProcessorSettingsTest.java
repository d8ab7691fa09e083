package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultstream.config.VaultstreamConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProcessorSettingsTest {

    @Test
    void producerRetriesConcurrentTransactionsAfterTenMillisecondsUnlessConfigured() {
        Map<String, Object> defaults = ProcessorSettings.producerProps(VaultstreamConfig.of(Map.of()));
        assertThat(defaults).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);

        Map<String, Object> configured = ProcessorSettings.producerProps(VaultstreamConfig.of(Map.of("kafka.producer.retry.backoff.ms", "50")));
        assertThat(String.valueOf(configured.get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG))).isEqualTo("50");
    }

    @Test
    void commitsOftenWhileCaughtUpAndRarelyUnderABacklog() {
        ProcessorOptions defaults = ProcessorSettings.options(VaultstreamConfig.of(Map.of()));
        assertThat(defaults.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.caughtUpCommitInterval()).isEqualTo(Duration.ofMillis(5));

        ProcessorOptions configured = ProcessorSettings.options(VaultstreamConfig.of(Map.of("processor.commit-interval-ms", "40",
                "processor.caught-up-commit-interval-ms", "25")));
        assertThat(configured.caughtUpCommitInterval()).isEqualTo(Duration.ofMillis(25));

        ProcessorOptions capped = ProcessorSettings.options(VaultstreamConfig.of(Map.of("processor.commit-interval-ms", "3")));
        assertThat(capped.caughtUpCommitInterval()).as("never longer than the backlog interval").isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void aCaughtUpIntervalOfZeroIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> VaultstreamConfig.of(Map.of("processor.caught-up-commit-interval-ms", "0")))
                .hasMessageContaining("processor.caught-up-commit-interval-ms");
    }

    @Test
    void producerIsTransactionalWithTheConfiguredId() {
        Map<String, Object> p = ProcessorSettings.producerProps(VaultstreamConfig.of(Map.of("processor.transactional-id", "proc-7")));
        assertThat(p).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "proc-7");
    }
}
