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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
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

    @Test
    void aProcessorKilledWithSigkillIsReplacedWithoutDuplicatesOrLosses() throws Exception {
        Map<String, String> settings = Map.of(ConfigKeys.TOPICS_PARTITIONS, "1", ConfigKeys.PROCESSOR_PORT,
                Integer.toString(TestInfra.freePort()), "kafka.consumer.session.timeout.ms", "6000", ConfigKeys.ANTOM_RESPONSE_TIMEOUT_MS, "30000");
        // the slow answer outlives the child, so the successor's repeat gets Antom's original answer
        try (ProcessorFixture fx = new ProcessorFixture("sigkill", b -> b.slowDelay(Duration.ofSeconds(15)), settings)) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            String slow = "slow-" + UUID.randomUUID();
            fx.send(fx.vaultCommand(slow, SandboxScenario.SLOW.cardNo()));
            List<String> fast = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "fast-" + i + "-" + UUID.randomUUID();
                fast.add(id);
                fx.send(fx.vaultCommand(id, "4242424242424242"));
            }
            Path configFile = fx.dir.resolve("processor.properties");
            Properties p = new Properties();
            p.putAll(fx.settings);
            try (var w = Files.newBufferedWriter(configFile)) {
                p.store(w, "child processor");
            }
            Path jar = Path.of(System.getProperty("vaultstream.jar", "target/vaultstream.jar"));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                    jar.toString(), "processor", "--config", configFile.toString())
                    .redirectErrorStream(true).redirectOutput(fx.dir.resolve("child.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(40)).until(() -> results.values.size() == 10
                        && committed(fx) != null && committed(fx).metadata().startsWith("v1:"));
                assertThat(committed(fx).offset()).as("the slow first record is still in flight").isZero();
            } finally {
                child.destroyForcibly(); // SIGKILL: no final commit, no leave-group, an open transaction
                child.waitFor();
            }
            ProcessorService successor = fx.startProcessor();
            await().atMost(Duration.ofSeconds(45)).until(() -> results.values.size() >= 11);
            assertThat(results.values.stream().filter(r -> r.getVaultingRequestId().equals(slow)).findFirst().orElseThrow().getOutcome())
                    .isEqualTo("VAULTED");
            await().atMost(Duration.ofSeconds(5)).until(() -> committed(fx) != null && committed(fx).offset() == 11);
            Map<String, Long> perId = results.values.stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId,
                    Collectors.counting()));
            assertThat(perId).hasSize(11).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
            assertThat(successor.registry().counter("vaultstream.processor.skipped.finished").count()).isEqualTo(10.0);
            fast.forEach(id -> assertThat(fx.sandbox.calls().count(id, "vaultPaymentMethod")).isEqualTo(1));
        }
    }
}
