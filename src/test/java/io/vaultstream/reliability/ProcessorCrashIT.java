package io.vaultstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.events.VaultResult;
import io.vaultstream.sandbox.SandboxCall;
import io.vaultstream.testsupport.CardDataScan;
import io.vaultstream.testsupport.ChildJvm;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.testsupport.TopicDump;
import io.vaultstream.view.ViewService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1, processor crash (DESIGN.md "Exactly-once between topics, with out-of-order completion"): the
 * processor runs as a child JVM ({@code vaultstream processor --config}) and is SIGKILLed many times while
 * commands flow, half of the kills aimed at moments when the committed metadata says later records are
 * finished while an earlier (SLOW) one is still in flight. After the last restart every command must have
 * exactly one committed result, no result may lack a command, every Antom call must have used the
 * command's own id and content, and the status view must agree with the results.
 */
class ProcessorCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorCrashIT.class);

    @TempDir Path viewState;

    @Test
    void sigkilledProcessorLeavesExactlyOneCommittedResultPerCommandAndTheViewAgrees() throws Exception {
        long seed = Scale.seed("ProcessorCrashIT");
        Random random = new Random(seed);
        int commands = Scale.pick(400, 5000);
        int kills = Scale.pick(4, 30);
        String instance = "crash-" + UUID.randomUUID();
        Map<String, String> extra = Map.of("kafka.consumer.group.instance.id", instance, "kafka.consumer.session.timeout.ms", "10000");
        try (Rig rig = new Rig("crash", b -> {}, extra)) {
            List<String> ids = new ArrayList<>();
            Map<String, Rig.TestCard> cardOf = new HashMap<>();
            double skippedFinished = 0;
            int aimedHits = 0;
            ChildJvm child = null;
            int port = -1;
            for (int phase = 0; phase <= kills; phase++) {
                port = TestInfra.freePort();
                Map<TopicPartition, OffsetAndMetadata> before = rig.committed();
                child = rig.startProcessorChild(Map.of(ConfigKeys.PROCESSOR_PORT, Integer.toString(port)));
                // a batch of commands per life of the processor, so work is always in flight at the kill
                int batch = commands / (kills + 1) + (phase == kills ? commands % (kills + 1) : 0);
                for (int i = 0; i < batch; i++) {
                    int n = ids.size();
                    String id = "crash-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
                    Rig.TestCard card = random.nextInt(10) == 0 ? Rig.SLOW_CARD : Rig.CARDS.get(n % Rig.CARDS.size());
                    ids.add(id);
                    cardOf.put(id, card);
                    rig.send(rig.vaultCommand(id, card));
                }
                rig.flush();
                if (phase == kills) {
                    break;
                }
                if (phase % 2 == 1) {
                    // aimed: later records finished and committed while an earlier one is in flight
                    boolean hit = awaitFinishedAboveCommitted(rig, before);
                    aimedHits += hit ? 1 : 0;
                    Thread.sleep(random.nextInt(150)); // seeded kill point
                } else {
                    Thread.sleep(500 + random.nextInt(3500)); // seeded kill point, may fall into start-up
                }
                skippedFinished += Rig.metric(rig.scrape(port), "vaultstream_processor_skipped_finished_total");
                LOG.info("ProcessorCrashIT kill {} of {} pid={} produced={}", phase + 1, kills, child.pid(), ids.size());
                child.kill();
            }
            // the last processor finishes everything
            await().atMost(Duration.ofSeconds(Scale.pick(120, 600))).pollInterval(Duration.ofSeconds(1))
                    .until(() -> allCommitted(rig) && rig.results().size() >= commands);
            List<VaultResult> results = rig.results();
            skippedFinished += Rig.metric(rig.scrape(port), "vaultstream_processor_skipped_finished_total");
            child.kill();

            // exactly one committed result per command, none without a command
            Map<String, Long> perId = results.stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId, Collectors.counting()));
            assertThat(perId.keySet()).as("seed %d: results without a command", seed).isSubsetOf(Set.copyOf(ids));
            assertThat(ids).as("seed %d: commands without a result", seed).allMatch(perId::containsKey);
            assertThat(perId).as("seed %d: duplicate committed results", seed).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
            Map<String, VaultResult> byId = results.stream().collect(Collectors.toMap(VaultResult::getVaultingRequestId, Function.identity()));
            for (String id : ids) {
                VaultResult r = byId.get(id);
                String pan = cardOf.get(id).pan();
                assertThat(r.getOutcome()).as("seed %d %s", seed, id).isEqualTo("VAULTED");
                assertThat(r.getMaskedCardNo()).as(id).endsWith(pan.substring(pan.length() - 4));
                assertThat(r.getTraceparent()).isEqualTo(Rig.TRACEPARENT);
            }
            assertThat(results).extracting(VaultResult::getCardToken).as("one token per request").doesNotHaveDuplicates();

            // every Antom call used the command's own id and content: a replay under another id or with other
            // content would be a new vaulting or REPEAT_REQ_INCONSISTENT
            List<SandboxCall> calls = rig.sandbox.calls().all();
            assertThat(calls).extracting(SandboxCall::vaultingRequestId).as("calls for ids never commanded").isSubsetOf(Set.copyOf(ids));
            assertThat(calls).extracting(SandboxCall::resultCode).as("seed %d", seed)
                    .doesNotContain("REPEAT_REQ_INCONSISTENT", "PARAM_ILLEGAL", "INVALID_SIGNATURE");
            Set<String> called = calls.stream().map(SandboxCall::vaultingRequestId).collect(Collectors.toSet());
            assertThat(ids).allMatch(called::contains);

            // the restarts really replayed on top of finished-above-committed metadata
            assertThat(aimedHits).as("seed %d: no aimed kill found finished records above an unfinished one", seed).isPositive();
            assertThat(skippedFinished).as("seed %d: no restart skipped a record finished before the crash", seed).isPositive();
            long aborted = TopicDump.readAll(rig.bootstrap(), rig.topics.results().name(), false).size() - results.size();
            LOG.info("ProcessorCrashIT seed={} commands={} kills={} aimedHits={} antomCalls={} abortedResults={} skippedFinishedSeen={}",
                    seed, commands, kills, aimedHits, calls.size(), aborted, skippedFinished);

            // the status view agrees with the results
            int viewPort = TestInfra.freePort();
            ViewService view = rig.startView("crash-view-" + UUID.randomUUID(), viewState, viewPort, Map.of());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<String, JsonNode> s = rig.viewStatuses(viewPort, null);
                return s.size() == commands && s.values().stream().allMatch(j -> j.get("state").asText().equals("VAULTED"));
            });
            Map<String, JsonNode> statuses = rig.viewStatuses(viewPort, null);
            assertThat(statuses.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            for (String id : ids) {
                JsonNode status = statuses.get(id);
                assertThat(status.get("state").asText()).as(id).isEqualTo(byId.get(id).getOutcome());
                assertThat(status.get("maskedCardNo").asText()).as(id).isEqualTo(byId.get(id).getMaskedCardNo());
                assertThat(status.get("conflict").asBoolean()).as(id).isFalse();
            }
            JsonNode stats = Rig.JSON.readTree(rig.get("http://127.0.0.1:" + viewPort + "/stats", null).body());
            assertThat(stats.get("total").asInt()).isEqualTo(commands);
            assertThat(stats.get("counts").get("VAULTED").asInt()).isEqualTo(commands);

            // card data: nothing in logs (DEBUG), topics, view answers
            CardDataScan scan = Rig.scanner().tokens(results.stream().map(VaultResult::getCardToken).toList());
            rig.scanTopicsAndLogs(scan);
            statuses.forEach((id, json) -> scan.text("view answer " + id, json.toString(), false));
            scan.text("view metrics", rig.get("http://127.0.0.1:" + viewPort + "/metrics", null).body(), false);
            view.close();
            scan.directory("view state", viewState, false);
            scan.assertClean();
        }
    }

    /**
     * Waits (bounded) until this processor life committed, for some partition, metadata listing finished records
     * above its committed offset (a commit that differs from the one before the start).
     */
    static boolean awaitFinishedAboveCommitted(Rig rig, Map<TopicPartition, OffsetAndMetadata> before) {
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                    .until(() -> rig.committed().entrySet().stream().anyMatch(e -> e.getValue() != null && !e.getValue().metadata().isEmpty()
                            && !e.getValue().equals(before.get(e.getKey()))));
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    /** Every partition's committed offset is at its end with nothing finished above it. */
    static boolean allCommitted(Rig rig) {
        Map<TopicPartition, OffsetAndMetadata> committed = rig.committed();
        Map<TopicPartition, Long> ends;
        try (var admin = rig.admin()) {
            var topic = rig.topics.commands().name();
            var desc = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> spec = new HashMap<>();
            desc.partitions().forEach(p -> spec.put(new TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
            ends = new HashMap<>();
            admin.listOffsets(spec).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        } catch (Exception e) {
            return false;
        }
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.get(e.getKey()) != null
                && committed.get(e.getKey()).offset() == e.getValue());
    }
}
