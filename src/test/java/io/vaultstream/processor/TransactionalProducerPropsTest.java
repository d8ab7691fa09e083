package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class TransactionalProducerPropsTest {

    private static ProcessorOptions interval(long millis) {
        return ProcessorOptions.builder().commitInterval(Duration.ofMillis(millis)).build();
    }

    @Test
    void lingersForTheCommitInterval() {
        Map<String, Object> pp = ProcessorEngine.transactionalProducerProps(Map.of(), interval(100));
        assertThat(pp).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 100)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    @Test
    void aLongIntervalLingersAtMostOneSecond() {
        assertThat(ProcessorEngine.transactionalProducerProps(Map.of(), interval(20_000)))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1_000);
    }

    @Test
    void configuredLingerAndOtherSettingsWinButAcksAndIdempotenceAreForced() {
        Map<String, Object> pp = ProcessorEngine.transactionalProducerProps(
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.BATCH_SIZE_CONFIG, 65_536), interval(100));
        assertThat(pp).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 65_536)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }
}
