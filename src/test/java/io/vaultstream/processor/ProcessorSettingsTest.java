package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.config.VaultstreamConfig;
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
    void producerIsTransactionalWithTheConfiguredId() {
        Map<String, Object> p = ProcessorSettings.producerProps(VaultstreamConfig.of(Map.of("processor.transactional-id", "proc-7")));
        assertThat(p).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "proc-7");
    }
}
