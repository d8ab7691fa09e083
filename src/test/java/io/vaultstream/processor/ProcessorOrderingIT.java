package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.events.VaultResult;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.SandboxCall;
import io.vaultstream.sandbox.SandboxScenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProcessorOrderingIT {

    @Test
    void commandsOfOneIdNeverOverlapAndRunInArrivalOrder() {
        try (ProcessorFixture fx = new ProcessorFixture("ordering", b -> b.faults(FaultOptions.builder().latency(Duration.ofMillis(60)).build()),
                Map.of(ConfigKeys.TOPICS_PARTITIONS, "1"))) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            List<String> hot = List.of("hot-a-" + UUID.randomUUID(), "hot-b-" + UUID.randomUUID());
            List<String> others = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String id : hot) {
                    fx.send(round == 0 ? fx.vaultCommand(id, "4242424242424242") : Commands.inquire(id, null, "CLI", null, Instant.now()));
                }
                String other = "cold-" + UUID.randomUUID();
                others.add(other);
                fx.send(fx.vaultCommand(other, "4242424242424242"));
            }
            fx.startProcessor();
            await().atMost(Duration.ofSeconds(30)).until(() -> results.values.size() == 12);
            for (String id : hot) {
                List<SandboxCall> calls = new ArrayList<>(fx.sandbox.calls().forRequest(id));
                calls.sort(Comparator.comparing(SandboxCall::start));
                assertThat(calls).hasSize(4);
                assertThat(calls.get(0).action()).as("the vault command, which arrived first, runs first").isEqualTo("vaultPaymentMethod");
                for (int i = 1; i < calls.size(); i++) {
                    assertThat(calls.get(i).start()).as("call %d of %s starts after call %d ended", i, id, i - 1)
                            .isAfterOrEqualTo(calls.get(i - 1).end());
                }
                List<VaultResult> mine = results.values.stream().filter(r -> r.getVaultingRequestId().equals(id)).toList();
                assertThat(mine).extracting(VaultResult::getCommandType)
                        .containsExactly("VAULT_PAYMENT_METHOD", "INQUIRE_VAULTING", "INQUIRE_VAULTING", "INQUIRE_VAULTING");
                assertThat(mine).extracting(VaultResult::getSourceOffset).isSorted();
                assertThat(mine).allMatch(r -> r.getOutcome().equals("VAULTED"));
            }
            // different ids did overlap: concurrency is per key, not per partition
            List<SandboxCall> all = fx.sandbox.calls().all();
            boolean overlapped = false;
            for (SandboxCall a : all) {
                for (SandboxCall b : all) {
                    if (!a.vaultingRequestId().equals(b.vaultingRequestId()) && a.start().isBefore(b.end()) && b.start().isBefore(a.end())) {
                        overlapped = true;
                    }
                }
            }
            assertThat(overlapped).as("calls for different ids on one partition run concurrently").isTrue();
        }
    }

    @Test
    void aSlowKeyDoesNotDelayOtherKeysOnTheSamePartition() {
        try (ProcessorFixture fx = new ProcessorFixture("slowkey", b -> b.slowDelay(Duration.ofSeconds(3)),
                Map.of(ConfigKeys.TOPICS_PARTITIONS, "1"))) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            fx.startProcessor();
            String slow = "slow-" + UUID.randomUUID();
            fx.send(fx.vaultCommand(slow, SandboxScenario.SLOW.cardNo()));
            fx.send(Commands.inquire(slow, null, "CLI", null, Instant.now())); // queued behind the slow call
            List<String> fast = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "fast-" + i + "-" + UUID.randomUUID();
                fast.add(id);
                fx.send(fx.vaultCommand(id, "4242424242424242"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> results.values.size() == 22);
            List<String> order = results.values.stream().map(VaultResult::getVaultingRequestId).toList();
            assertThat(order.subList(0, 20)).containsExactlyInAnyOrderElementsOf(fast);
            assertThat(order.subList(20, 22)).containsOnly(slow);
            assertThat(results.values.get(21).getCommandType()).isEqualTo("INQUIRE_VAULTING");
            assertThat(results.values.get(20).getLatencyMs()).isGreaterThanOrEqualTo(2900);
        }
    }
}
