package io.vaultstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultResult;
import io.vaultstream.processor.Commands;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.SandboxCall;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.testsupport.CardDataScan;
import io.vaultstream.testsupport.DebugLogCapture;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.webhook.WebhookOptions;
import io.vaultstream.webhook.WebhookService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3, Antom faults (DESIGN.md "Unknown outcomes are resolved, not guessed"): 30% of the sandbox's
 * answers are faulty in every way it knows (HTTP 5xx, answers held past the client's timeout, {@code U}
 * UNKNOWN_EXCEPTION, rate limiting, malformed JSON, unsigned and wrongly signed answers), half of them
 * after processing the request, drawn from the test seed, the request id and the call number. With a
 * retry budget of {@value #MAX_ATTEMPTS} calls a request fails to converge with probability 0.3^12, so
 * every request must end in the state its sandbox scenario dictates (via notifications through the real
 * webhook for 3DS and sessions), with one result each, no UNKNOWN, and never more Antom calls than the cap.
 */
class AntomFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(AntomFaultsIT.class);
    static final int MAX_ATTEMPTS = 12;

    @TempDir Path viewState;

    @Test
    void everyRequestEndsInItsScenarioStateWithinTheCallCapDespiteThirtyPercentFaultyAnswers() throws Exception {
        long seed = Scale.seed("AntomFaultsIT");
        int requests = Scale.pick(200, 3000);
        FaultOptions faults = FaultOptions.builder().seed(seed).latency(Duration.ofMillis(5)).jitter(Duration.ofMillis(15))
                .serverErrorShare(0.06).timeoutShare(0.04).timeoutHold(Duration.ofMillis(1500)).unknownExceptionShare(0.05)
                .rateLimitShare(0.02).malformedShare(0.04).missingSignatureShare(0.04).wrongSignatureShare(0.05)
                .processedOnFaultShare(0.5).duplicateNotificationShare(0.2).build();
        Map<String, String> extra = Map.of(ConfigKeys.ANTOM_RESPONSE_TIMEOUT_MS, "1000", ConfigKeys.PROCESSOR_MAX_ATTEMPTS,
                Integer.toString(MAX_ATTEMPTS), ConfigKeys.PROCESSOR_MAX_BACKOFF_MS, "300");
        CardDataScan scan = Rig.scanner(List.of());
        try (DebugLogCapture logs = new DebugLogCapture();
             Rig rig = new Rig("faults", b -> b.faults(faults).slowDelay(Duration.ofMillis(100)), extra)) {
            WebhookService webhook = rig.startWebhook(Map.of());
            Map<String, String> roleSettings = new HashMap<>(rig.settings);
            roleSettings.put(ConfigKeys.WEBHOOK_PUBLIC_URL, "http://127.0.0.1:" + webhook.port() + WebhookOptions.DEFAULT_PATH);
            ProcessorService processor = new ProcessorService(VaultstreamConfig.of(roleSettings));
            processor.start();
            int viewPort = TestInfra.freePort();
            rig.startView("faults-view-" + seed + "-" + System.nanoTime(), viewState, viewPort, Map.of());

            // ids from the seed, so the fault schedule (seed, id, call number) replays exactly
            Map<String, SandboxScenario> scenarioOf = new LinkedHashMap<>();
            SandboxScenario[] all = SandboxScenario.values();
            for (int i = 0; i < requests; i++) {
                SandboxScenario s = all[i % all.length];
                String id = s.vaultingRequestId("faults-" + seed + "-" + i);
                scenarioOf.put(id, s);
                if (s.cardNo() != null) {
                    Rig.TestCard card = s == SandboxScenario.VAULTED_AT_ONCE ? Rig.CARDS.get(i % Rig.CARDS.size()) : new Rig.TestCard(s.cardNo(), "123");
                    rig.send(rig.vaultCommand(id, card));
                } else {
                    rig.send(Commands.session(new CreateVaultingSessionRequest("CARD", id, null, null, "US", null), "UPSTREAM", null,
                            Instant.now()));
                }
            }
            rig.flush();

            await().atMost(Duration.ofSeconds(Scale.pick(120, 900))).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<String, JsonNode> s = rig.viewStatuses(viewPort, null);
                return scenarioOf.keySet().stream().allMatch(id -> s.containsKey(id) && List.of("VAULTED", "FAILED", "REJECTED", "UNKNOWN")
                        .contains(s.get(id).get("state").asText()));
            });
            // a session's notification can settle its status while the processor still retries the create call
            // whose answer was faulty; its result commits with its offset, so wait for every offset
            await().atMost(Duration.ofSeconds(Scale.pick(60, 300))).pollInterval(Duration.ofMillis(500))
                    .until(() -> ProcessorCrashIT.allCommitted(rig));
            Map<String, JsonNode> statuses = rig.viewStatuses(viewPort, null);
            scenarioOf.forEach((id, s) -> {
                JsonNode status = statuses.get(id);
                assertThat(status.get("state").asText()).as("seed %d %s %s: %s", seed, s, id, status).isEqualTo(s.expectedState());
                if (s.expectedState().equals("FAILED")) {
                    assertThat(status.get("resultCode").asText()).as("%s %s", s, id).isIn(s.expectedResultCode(), s.vaultingResultCode());
                }
            });

            List<VaultResult> results = rig.results();
            Map<String, Long> perId = results.stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId, Collectors.counting()));
            assertThat(perId).as("seed %d: one result per command", seed).hasSize(requests).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
            assertThat(results).extracting(VaultResult::getOutcome).as("seed %d", seed).doesNotContain("UNKNOWN", "REJECTED");

            List<SandboxCall> calls = rig.sandbox.calls().all();
            Map<String, Long> callsPerId = calls.stream().filter(c -> c.vaultingRequestId() != null)
                    .collect(Collectors.groupingBy(SandboxCall::vaultingRequestId, Collectors.counting()));
            assertThat(callsPerId).as("seed %d: Antom calls per request within the cap", seed)
                    .allSatisfy((id, n) -> assertThat(n).as(id).isLessThanOrEqualTo(MAX_ATTEMPTS));
            Map<String, Long> faultCounts = calls.stream().map(SandboxCall::fault).filter(Objects::nonNull)
                    .collect(Collectors.groupingBy(f -> f, Collectors.counting()));
            assertThat(faultCounts).as("every kind of fault was injected").containsKeys("SERVER_ERROR", "TIMEOUT", "UNKNOWN_EXCEPTION",
                    "RATE_LIMIT", "MALFORMED", "MISSING_SIGNATURE", "WRONG_SIGNATURE");
            double faultShare = faultCounts.values().stream().mapToLong(Long::longValue).sum() / (double) calls.size();
            assertThat(faultShare).as("about 30%% of the answers were faulty").isBetween(0.2, 0.4);
            assertThat(calls).anyMatch(c -> c.action().equals("inquireVaulting"));
            LOG.info("AntomFaultsIT seed={} requests={} calls={} faults={} maxCallsPerRequest={}", seed, requests, calls.size(), faultCounts,
                    callsPerId.values().stream().mapToLong(Long::longValue).max().orElse(0));

            processor.close();
            scan.tokens(results.stream().map(VaultResult::getCardToken).toList());
            rig.scanTopicsAndLogs(scan);
            scan.text("log", logs.text(), false);
        }
        scan.assertClean();
    }
}
