package io.vaultstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.antom.AntomSigner;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.TestKeys;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.processor.Commands;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.testsupport.CardDataScan;
import io.vaultstream.testsupport.DebugLogCapture;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.testsupport.TopicDump;
import io.vaultstream.view.ViewService;
import io.vaultstream.webhook.WebhookOptions;
import io.vaultstream.webhook.WebhookService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6, card-data leak scan (DESIGN.md "Card data", antom-api.md "Card data rules"): the whole system
 * (sandbox with faults and duplicate notifications, processor, webhook, view with its reconciler) runs at
 * DEBUG with known test cards through every sandbox scenario, invalid and poison commands, commands sealed
 * with an unknown key and hostile webhook requests. Then every log line, every topic's records (decoded and
 * raw, aborted transactions included), the dead letters, the view's internal topics and RocksDB files, every
 * role's metrics and every query answer are scanned: no test PAN, CVV or cardholder detail anywhere, and no
 * card token outside the results and notifications topics.
 */
class CardDataLeakIT {

    private static final String VIEW_TOKEN = "leak-scan-token";

    @TempDir Path viewState;

    @Test
    void noPanCvvOrCardholderDataAnywhereAndTokensOnlyOnResultsAndNotifications() throws Exception {
        long seed = Scale.seed("CardDataLeakIT");
        FaultOptions faults = FaultOptions.builder().seed(seed).latency(Duration.ofMillis(5)).jitter(Duration.ofMillis(15))
                .serverErrorShare(0.05).timeoutShare(0.03).timeoutHold(Duration.ofMillis(800)).unknownExceptionShare(0.05)
                .malformedShare(0.03).missingSignatureShare(0.03).wrongSignatureShare(0.03).rateLimitShare(0.03)
                .duplicateNotificationShare(0.3).build();
        Map<String, String> extra = Map.of(ConfigKeys.ANTOM_RESPONSE_TIMEOUT_MS, "400", ConfigKeys.PROCESSOR_MAX_ATTEMPTS, "20",
                ConfigKeys.PROCESSOR_MAX_BACKOFF_MS, "200", ConfigKeys.PROCESSOR_BREAKER_FAILURE_THRESHOLD, "1000");
        List<String> ids = new ArrayList<>();
        Map<SandboxScenario, Rig.TestCard> scenarioCards = new HashMap<>();
        for (SandboxScenario s : SandboxScenario.values()) {
            if (s.cardNo() != null) {
                scenarioCards.put(s, s == SandboxScenario.SLOW ? Rig.SLOW_CARD : new Rig.TestCard(s.cardNo(), "3" + s.ordinal() + "7"));
            }
        }
        CardDataScan scan = Rig.scanner(scenarioCards.values());
        try (DebugLogCapture logs = new DebugLogCapture();
             Rig rig = new Rig("leak", b -> b.faults(faults), extra)) {
            WebhookService webhook = rig.startWebhook(Map.of());
            String webhookUrl = "http://127.0.0.1:" + webhook.port() + WebhookOptions.DEFAULT_PATH;
            Map<String, String> roleSettings = new HashMap<>(rig.settings);
            roleSettings.put(ConfigKeys.WEBHOOK_PUBLIC_URL, webhookUrl);
            ProcessorService processor = new ProcessorService(VaultstreamConfig.of(roleSettings));
            processor.start();
            int viewPort = TestInfra.freePort();
            ViewService view = rig.startView("leak-view-" + UUID.randomUUID(), viewState, viewPort, Map.of(
                    ConfigKeys.VIEW_AUTH_TOKEN, VIEW_TOKEN, ConfigKeys.VIEW_RECONCILER_FIRST_INQUIRY_AGE_MS, "1000",
                    ConfigKeys.VIEW_RECONCILER_INTERVAL_MS, "500"));

            // every sandbox scenario, each vaultPaymentMethod card also with every test card
            for (SandboxScenario s : SandboxScenario.values()) {
                String id = s.vaultingRequestId("leak-" + UUID.randomUUID());
                ids.add(id);
                if (s.cardNo() != null) {
                    rig.send(rig.vaultCommand(id, scenarioCards.get(s)));
                } else {
                    rig.send(Commands.session(new CreateVaultingSessionRequest("CARD", id, null, null, "US", null), "UPSTREAM", null,
                            Instant.now()));
                }
            }
            for (Rig.TestCard card : Rig.CARDS) {
                String id = "leak-card-" + UUID.randomUUID();
                ids.add(id);
                rig.send(rig.vaultCommand(id, card));
            }
            // invalid: expiry month 13, with a real card number and CVV in it
            String invalid = "leak-invalid-" + UUID.randomUUID();
            var good = Rig.vaultRequest(invalid, Rig.CARDS.get(0));
            var badCard = new io.vaultstream.antom.Card(Rig.CARDS.get(0).pan(), "VISA", null, "30", "13", Rig.CARDS.get(0).cvv(), null, null,
                    null, null, null, null);
            rig.send(Commands.vault(new io.vaultstream.antom.VaultPaymentMethodRequest(invalid, null, good.redirectUrl(), "US",
                    io.vaultstream.antom.PaymentMethodDetail.card(badCard), good.env(), null, null), rig.cipher, "UPSTREAM", null, Instant.now()));
            // poison: card data in clear in bytes that are not a command
            String garbage = "leak-garbage-" + UUID.randomUUID();
            rig.sendRaw(garbage, ("{\"cardNo\":\"" + Rig.CARDS.get(1).pan() + "\",\"cvv\":\"" + Rig.CARDS.get(1).cvv() + "\",\"street\":\""
                    + Rig.CARDHOLDER_STREET + "\"}").getBytes(StandardCharsets.UTF_8));
            // sealed with a key the processor does not have
            String foreign = "leak-foreign-" + UUID.randomUUID();
            CardCipher other = new CardCipher(CardKeyring.parse("{\"primary\":\"gone\",\"keys\":[{\"id\":\"gone\",\"key\":\""
                    + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}]}", "test"));
            rig.send(Commands.vault(Rig.vaultRequest(foreign, Rig.CARDS.get(2)), other, "UPSTREAM", null, Instant.now()));
            rig.flush();
            List<String> answersToScan = new ArrayList<>(hostileWebhookRequests(webhook.port()));

            // everything settles: terminal states for the scenarios, REJECTED for the bad ones
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<String, JsonNode> s = rig.viewStatuses(viewPort, VIEW_TOKEN);
                return ids.stream().allMatch(id -> s.containsKey(id) && isTerminal(s.get(id)))
                        && List.of(invalid, garbage, foreign).stream().allMatch(id -> s.containsKey(id)
                        && s.get(id).get("state").asText().equals("REJECTED"));
            });
            // every result is committed too, so the scan below sees every card token
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> ProcessorCrashIT.allCommitted(rig));
            for (SandboxScenario s : SandboxScenario.values()) {
                String id = ids.get(s.ordinal());
                JsonNode status = rig.viewStatuses(viewPort, VIEW_TOKEN).get(id);
                assertThat(status.get("state").asText()).as("%s (seed %d)", s, seed).isEqualTo(s.expectedState());
            }
            List<VaultResult> results = rig.results();
            List<VaultNotification> notifications = Rig.decode(TopicDump.readAll(rig.bootstrap(), rig.topics.notifications().name(), true),
                    v -> rig.topics.notifications().valueSerde().deserializer().deserialize(rig.topics.notifications().name(), v));
            List<String> tokens = new ArrayList<>();
            results.forEach(r -> tokens.add(r.getCardToken()));
            notifications.forEach(n -> tokens.add(n.getCardToken()));
            scan.tokens(tokens);
            assertThat(tokens).as("the scan looks for real tokens").filteredOn(t -> t != null).isNotEmpty();
            assertThat(rig.sandbox.calls().all()).as("faults were injected").anyMatch(c -> c.fault() != null);

            // query answers: one by one, lists, stats, the dashboard
            for (String id : ids) {
                answersToScan.add(rig.get("http://127.0.0.1:" + viewPort + "/vaults/" + id, VIEW_TOKEN).body());
            }
            rig.viewStatuses(viewPort, VIEW_TOKEN).values().forEach(j -> answersToScan.add(j.toString()));
            answersToScan.add(rig.get("http://127.0.0.1:" + viewPort + "/stats", VIEW_TOKEN).body());
            answersToScan.add(rig.get("http://127.0.0.1:" + viewPort + "/", VIEW_TOKEN).body());
            for (int i = 0; i < answersToScan.size(); i++) {
                scan.text("answer " + i, answersToScan.get(i), false);
            }
            // metrics of every role
            scan.text("metrics processor", rig.scrape(processor.port()), false);
            scan.text("metrics webhook", rig.scrape(webhook.port()), false);
            scan.text("metrics view", rig.get("http://127.0.0.1:" + viewPort + "/metrics", VIEW_TOKEN).body(), false);

            processor.close();
            view.close();
            webhook.close();
            // the planted clear-text poison record on the commands topic is the test's input, not a leak
            rig.scanTopicsAndLogs(scan, java.util.Set.of(garbage));
            scan.directory("view state", viewState, false);
            scan.text("log", logs.text(), false);
            assertThat(logs.lines()).as("DEBUG really was on").anyMatch(l -> l.startsWith("DEBUG io.vaultstream"));
        }
        assertThat(scan.scanned()).containsKeys("log", "topic", "view", "answer", "metrics");
        scan.assertClean();

        // the scanner itself finds what it looks for
        CardDataScan control = Rig.scanner().tokens(List.of("SBXTOKcontrol"));
        control.text("control", "card " + Rig.CARDS.get(3).pan() + " cvv=" + Rig.CARDS.get(3).cvv() + " token SBXTOKcontrol", false);
        assertThat(control.findings()).hasSize(3);
    }

    private static boolean isTerminal(JsonNode status) {
        return List.of("VAULTED", "FAILED", "REJECTED").contains(status.get("state").asText());
    }

    /** Requests the webhook must refuse, each carrying card data; returns their answers for the scan. */
    private static List<String> hostileWebhookRequests(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String pan = Rig.CARDS.get(4).pan();
        String body = "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\"},\"vaultingRequestId\":\"" + pan
                + "\",\"paymentMethodDetail\":{\"card\":{\"cardNo\":\"" + pan + "\",\"cvv\":\"" + Rig.CARDS.get(4).cvv() + "\"}}";
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
        AntomSigner notAntom = new AntomSigner(TestKeys.merchantPrivate(), "1");
        AntomSigner antom = new AntomSigner(TestKeys.antomPrivate(), "1");
        List<HttpRequest> requests = List.of(
                // unsigned
                request(port, body + "}", time, null),
                // signed by someone else
                request(port, body + "}", time, notAntom.signatureHeader(WebhookOptions.DEFAULT_PATH, TestKeys.CLIENT_ID, time,
                        (body + "}").getBytes(StandardCharsets.UTF_8))),
                // validly signed but malformed JSON
                request(port, body, time, antom.signatureHeader(WebhookOptions.DEFAULT_PATH, TestKeys.CLIENT_ID, time,
                        body.getBytes(StandardCharsets.UTF_8))));
        List<String> answers = new ArrayList<>();
        for (HttpRequest r : requests) {
            HttpResponse<String> answer = client.send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isBetween(400, 499);
            answers.add(answer.body());
        }
        return answers;
    }

    private static HttpRequest request(int port, String body, String time, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WebhookOptions.DEFAULT_PATH))
                .header("Content-Type", "application/json").header("client-id", TestKeys.CLIENT_ID).header("Request-Time", time)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("Signature", signature);
        }
        return b.build();
    }
}
