package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.events.VaultResult;
import io.vaultstream.testsupport.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

/**
 * The commit pipeline against a real broker: both transactional producers of an instance commit, every
 * result once, and a processor that keeps up commits at its short interval, not its backlog interval.
 */
class ProcessorCommitPipelineIT {

    @Test
    void bothTransactionalIdsCommitAndACaughtUpProcessorCommitsAtItsShortInterval() throws Exception {
        // a backlog interval so long that only the caught-up interval can make the second wave visible in time
        Map<String, String> settings = Map.of(ConfigKeys.PROCESSOR_COMMIT_INTERVAL_MS, "20000",
                ConfigKeys.PROCESSOR_CAUGHT_UP_COMMIT_INTERVAL_MS, "10");
        try (ProcessorFixture fx = new ProcessorFixture("pipeline", b -> {}, settings)) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            fx.startProcessor();
            List<String> ids = new ArrayList<>();
            for (int wave = 0; wave < 3; wave++) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String id = "pipe-" + wave + "-" + i + "-" + UUID.randomUUID();
                    batch.add(id);
                    fx.send(fx.vaultCommand(id, "4242424242424242"));
                }
                ids.addAll(batch);
                int expected = ids.size();
                // 20 s is the backlog interval: results within 10 s came from caught-up commits
                await().atMost(Duration.ofSeconds(10)).until(() -> results.values.size() >= expected);
            }

            Map<String, Long> perId = results.values.stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId,
                    Collectors.counting()));
            assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(perId).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));

            String id = fx.settings.get(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID);
            List<String> both = TransactionPipeline.transactionalIds(Map.of(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    id));
            try (Admin admin = TestInfra.get().admin()) {
                Map<String, TransactionDescription> described = admin.describeTransactions(both).all().get();
                assertThat(described).as("both producers of the instance are known to the coordinator").containsOnlyKeys(both);
                assertThat(described.values()).extracting(TransactionDescription::state)
                        .as("each has committed at least once and nothing is left open")
                        .allMatch(s -> s == TransactionState.COMPLETE_COMMIT || s == TransactionState.EMPTY);
                assertThat(described.values()).extracting(TransactionDescription::producerEpoch)
                        .as("each producer's epoch moved past its first transaction (transactions V2 bump it per commit)")
                        .allMatch(epoch -> epoch > 0);
            }
        }
    }
}
