package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.events.VaultResult;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.testsupport.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProcessorExactlyOnceIT {

    static OffsetAndMetadata committed(ProcessorFixture fx) throws Exception {
        try (Admin admin = TestInfra.get().admin()) {
            return admin.listConsumerGroupOffsets(fx.settings.get(ConfigKeys.PROCESSOR_GROUP_ID)).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(fx.topics.commands().name(), 0));
        }
    }

    @Test
    void crashWithOutOfOrderCompletionLeavesExactlyOneResultPerCommand() throws Exception {
        Map<String, String> fastRebalance = Map.of(ConfigKeys.TOPICS_PARTITIONS, "1",
                "kafka.consumer.max.poll.interval.ms", "6000", "kafka.consumer.session.timeout.ms", "6000");
        try (ProcessorFixture fx = new ProcessorFixture("crash", b -> b.slowDelay(Duration.ofSeconds(4)), fastRebalance)) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            String slow = "slow-" + UUID.randomUUID();
            fx.send(fx.vaultCommand(slow, SandboxScenario.SLOW.cardNo()));
            List<String> fast = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "fast-" + i + "-" + UUID.randomUUID();
                fast.add(id);
                fx.send(fx.vaultCommand(id, "4242424242424242"));
            }
            ProcessorService first = fx.startProcessor();

            // later records finished and committed while the first is still in flight
            await().atMost(Duration.ofSeconds(15)).until(() -> results.values.size() == 10);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                OffsetAndMetadata om = committed(fx);
                return om != null && om.offset() == 0 && om.metadata().startsWith("v1:");
            });
            assertThat(OffsetMetadata.decode(0, committed(fx).metadata()).finished(10)).isTrue();
            assertThat(results.values).extracting(VaultResult::getVaultingRequestId).doesNotContain(slow);

            // crash: no final commit, no close; the successor has the same transactional.id and group
            first.engine().abandonForTest();
            ProcessorService second = fx.startProcessor();

            await().atMost(Duration.ofSeconds(30)).until(() -> results.values.size() >= 11);
            await().atMost(Duration.ofSeconds(5)).until(() -> committed(fx) != null && committed(fx).offset() == 11);
            Map<String, Long> perId = results.values.stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId,
                    Collectors.counting()));
            assertThat(perId).hasSize(11).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
            for (String id : fast) {
                assertThat(fx.sandbox.calls().count(id, "vaultPaymentMethod")).as("finished before the crash: not called again").isEqualTo(1);
            }
            assertThat(fx.sandbox.calls().count(slow, "vaultPaymentMethod")).as("unfinished at the crash: called again").isEqualTo(2);
            assertThat(second.registry().scrape()).contains("vaultstream_processor_skipped_finished_total");
            assertThat(second.registry().counter("vaultstream.processor.skipped.finished").count()).isEqualTo(10.0);
        }
    }
}
