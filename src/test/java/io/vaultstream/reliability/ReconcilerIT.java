package io.vaultstream.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.processor.Commands;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.testsupport.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciler end to end: notifications never arrive (the webhook URL is dead), so only the view's
 * reconciler can finish these requests, by inquiry commands that the processor sends to the sandbox; a
 * request Antom never finishes ends in FAILED / RECONCILE_TIMEOUT.
 */
class ReconcilerIT {

    @TempDir Path viewState;

    @Test
    void requestsWhoseNotificationNeverCameAreFinishedByInquiryOrGivenUp() throws Exception {
        // 3DS finishes in the sandbox after 300 ms; a session's buyer never comes back (1 h)
        try (Rig rig = new Rig("reconcile", b -> b.sessionCompletionDelay(Duration.ofHours(1)), Map.of())) {
            ProcessorService processor = new ProcessorService(VaultstreamConfig.of(rig.settings));
            processor.start();
            int viewPort = TestInfra.freePort();
            rig.startView("reconcile-view-" + System.nanoTime(), viewState, viewPort, Map.of(
                    ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS, "1000",
                    ConfigKeys.VIEW_RECONCILER_INTERVAL_MS, "250",
                    ConfigKeys.VIEW_RECONCILER_GIVE_UP_AGE_MS, "8000"));
            try {
                String vaulted = SandboxScenario.THREE_DS_THEN_SUCCESS.vaultingRequestId("rec-ok-" + System.nanoTime());
                String failed = SandboxScenario.THREE_DS_THEN_FAIL.vaultingRequestId("rec-fail-" + System.nanoTime());
                String abandoned = SandboxScenario.SESSION_COMPLETES.vaultingRequestId("rec-session-" + System.nanoTime());
                rig.send(rig.vaultCommand(vaulted, new Rig.TestCard(SandboxScenario.THREE_DS_THEN_SUCCESS.cardNo(), "123")));
                rig.send(rig.vaultCommand(failed, new Rig.TestCard(SandboxScenario.THREE_DS_THEN_FAIL.cardNo(), "123")));
                rig.send(Commands.session(new CreateVaultingSessionRequest("CARD", abandoned, null, null, "US", null),
                        "UPSTREAM", null, Instant.now()));
                rig.flush();

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    Map<String, JsonNode> s = rig.viewStatuses(viewPort, null);
                    return List.of(vaulted, failed, abandoned).stream().allMatch(id -> s.containsKey(id)
                            && List.of("VAULTED", "FAILED").contains(s.get(id).get("state").asText()));
                });
                Map<String, JsonNode> s = rig.viewStatuses(viewPort, null);

                assertThat(s.get(vaulted).get("state").asText()).isEqualTo("VAULTED");
                assertThat(sources(s.get(vaulted))).containsSubsequence("COMMAND", "RESULT", "INQUIRY").doesNotContain("NOTIFICATION");
                assertThat(s.get(failed).get("state").asText()).isEqualTo("FAILED");
                assertThat(sources(s.get(failed))).contains("INQUIRY").doesNotContain("NOTIFICATION", "RECONCILER");

                JsonNode gaveUp = s.get(abandoned);
                assertThat(gaveUp.get("state").asText()).isEqualTo("FAILED");
                assertThat(gaveUp.get("resultCode").asText()).isEqualTo("RECONCILE_TIMEOUT");
                assertThat(sources(gaveUp)).endsWith("RECONCILER");

                // every inquiry came from the reconciler's commands, under the request's own id
                assertThat(rig.sandbox.calls().forRequest(vaulted)).anyMatch(c -> c.action().equals("inquireVaulting"));
                assertThat(rig.sandbox.calls().forRequest(abandoned)).anyMatch(c -> c.action().equals("inquireVaulting"));
            } finally {
                processor.close();
            }
        }
    }

    private static List<String> sources(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.get("history").forEach(h -> out.add(h.get("source").asText()));
        return out;
    }
}
