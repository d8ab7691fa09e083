package io.vaultstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.antom.AntomSigner;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.TestKeys;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.EmbeddedKafkaBroker;
import io.vaultstream.processor.Commands;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.NotificationAttempt;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.testsupport.TopicDump;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 2, broker restart under load (DESIGN.md "Exactly-once between topics" and "Webhook: acknowledge
 * only what is durable"): the dev-style broker ({@link EmbeddedKafkaBroker}, fixed ports, its own log dirs)
 * is stopped while commands flow and notifications arrive, then started again on the same data. Nothing may
 * be lost or committed twice; the webhook must answer 503 while the broker is down, and the sandbox's
 * re-sends must land on the notifications topic afterwards; the view, on the same broker, must end in the
 * states the scenarios dictate.
 */
class BrokerRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);

    @TempDir Path kafkaData;
    @TempDir Path viewState;

    @Test
    void brokerStoppedAndRestartedUnderLoadLosesAndDuplicatesNothingAndTheWebhookSays503MeanwhileThenTakesTheResends() throws Exception {
        long seed = Scale.seed("BrokerRestartIT");
        Random random = new Random(seed);
        int commands = Scale.pick(150, 2000);
        int kafkaPort = TestInfra.freePort();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(kafkaData, kafkaPort, TestInfra.freePort())) {
            broker.start();
            Map<String, String> extra = Map.of(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    ConfigKeys.WEBHOOK_PRODUCE_TIMEOUT_MS, "1000", "kafka.producer.delivery.timeout.ms", "300000",
                    "kafka.producer.request.timeout.ms", "5000");
            // Antom's re-send schedule scaled: 0 s, 0.6 s, 3 s, 3 s, 18 s, 36 s ...
            // half of the notifications go out a second late, so some are on their way whenever the broker stops
            FaultOptions notifications = FaultOptions.builder().seed(seed).latency(Duration.ofMillis(5)).jitter(Duration.ofMillis(15))
                    .lateNotificationShare(0.5).lateNotificationDelay(Duration.ofSeconds(1)).build();
            try (Rig rig = new Rig("brokerRestart", b -> b.notificationScheduleScale(0.005).sessionCompletionDelay(Duration.ofMillis(200))
                    .verificationDelay(Duration.ofMillis(200)).faults(notifications), extra)) {
                WebhookService webhook = rig.startWebhook(Map.of());
                String hook = "http://127.0.0.1:" + webhook.port() + WebhookOptions.DEFAULT_PATH;
                Map<String, String> roleSettings = new HashMap<>(rig.settings);
                roleSettings.put(ConfigKeys.WEBHOOK_PUBLIC_URL, hook);
                ProcessorService processor = new ProcessorService(VaultstreamConfig.of(roleSettings));
                processor.start();
                int viewPort = TestInfra.freePort();
                rig.startView("restart-view-" + seed + "-" + System.nanoTime(), viewState, viewPort, Map.of());

                Map<String, SandboxScenario> scenarioOf = new LinkedHashMap<>();
                List<SandboxScenario> mix = List.of(SandboxScenario.VAULTED_AT_ONCE, SandboxScenario.VAULTED_AT_ONCE,
                        SandboxScenario.SESSION_COMPLETES, SandboxScenario.THREE_DS_THEN_SUCCESS, SandboxScenario.DECLINED_PROCESS_FAIL,
                        SandboxScenario.SESSION_FAILS);
                int before = commands / 2;
                for (int i = 0; i < commands; i++) {
                    SandboxScenario s = mix.get(i % mix.size());
                    scenarioOf.put(s.vaultingRequestId("restart-" + seed + "-" + i), s);
                }
                List<String> ids = List.copyOf(scenarioOf.keySet());
                sendAll(rig, ids.subList(0, before), scenarioOf);
                rig.flush();
                // stop while work is in flight: some results are committed, notifications are being sent
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.sandbox.notificationAttempts().size() > 3);
                Thread.sleep(random.nextInt(200)); // seeded stop point
                broker.stop();
                LOG.info("BrokerRestartIT broker stopped after {} commands", before);
                HttpResponse<String> down = postSigned(hook, "restart-direct-" + seed);
                assertThat(down.statusCode()).as("webhook while Kafka is down").isEqualTo(503);
                assertThat(down.body()).contains("\"error\":\"KAFKA_UNAVAILABLE\"");
                // upstream keeps producing: its sends wait for the broker
                Thread upstream = new Thread(() -> sendAll(rig, ids.subList(before, ids.size()), scenarioOf), "upstream");
                upstream.start();
                // commands produced while down wait in the producer; notifications meet 503s
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.sandbox.notificationAttempts().stream()
                        .anyMatch(a -> a.httpStatus() == 503));
                Thread.sleep(500 + random.nextInt(1500)); // seeded downtime
                broker.start();
                LOG.info("BrokerRestartIT broker started again");
                upstream.join(120_000);
                assertThat(upstream.isAlive()).as("upstream could produce again").isFalse();
                rig.flush();

                await().atMost(Duration.ofSeconds(Scale.pick(150, 900))).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    Map<String, JsonNode> s = rig.viewStatuses(viewPort, null);
                    return scenarioOf.entrySet().stream().allMatch(e -> s.containsKey(e.getKey())
                            && s.get(e.getKey()).get("state").asText().equals(e.getValue().expectedState()));
                });
                // a notification can settle a status before the processor's result commits (with its offset)
                await().atMost(Duration.ofSeconds(Scale.pick(60, 300))).pollInterval(Duration.ofMillis(500))
                        .until(() -> ProcessorCrashIT.allCommitted(rig));

                List<VaultResult> results = rig.results();
                Map<String, Long> perId = results.stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId,
                        Collectors.counting()));
                assertThat(perId.keySet()).as("seed %d: no loss, no result without a command", seed).isEqualTo(scenarioOf.keySet());
                assertThat(perId).as("seed %d: no duplicate committed results", seed).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));

                // every notification the sandbox had to re-send because of a 503 was acknowledged later and is on the topic
                Set<String> refused = rig.sandbox.notificationAttempts().stream().filter(a -> a.httpStatus() == 503)
                        .map(NotificationAttempt::vaultingRequestId).collect(Collectors.toSet());
                assertThat(refused).as("the outage met notifications").isNotEmpty();
                Set<String> acknowledged = rig.sandbox.notificationAttempts().stream().filter(NotificationAttempt::acknowledged)
                        .map(NotificationAttempt::vaultingRequestId).collect(Collectors.toSet());
                assertThat(acknowledged).containsAll(refused);
                Set<String> onTopic = Rig.decode(TopicDump.readAll(rig.bootstrap(), rig.topics.notifications().name(), false),
                        v -> rig.topics.notifications().valueSerde().deserializer().deserialize(rig.topics.notifications().name(), v))
                        .stream().map(VaultNotification::getVaultingRequestId).collect(Collectors.toSet());
                assertThat(onTopic).as("re-sends landed").containsAll(refused);
                assertThat(rig.sandbox.notificationAttempts()).filteredOn(a -> a.httpStatus() != 200 && a.httpStatus() != 0)
                        .allMatch(a -> a.httpStatus() == 503);
                LOG.info("BrokerRestartIT seed={} commands={} refusedNotifications={} attempts={}", seed, commands, refused.size(),
                        rig.sandbox.notificationAttempts().size());
                processor.close();
            }
        }
    }

    private static void sendAll(Rig rig, List<String> ids, Map<String, SandboxScenario> scenarioOf) {
        int i = 0;
        for (String id : ids) {
            SandboxScenario s = scenarioOf.get(id);
            if (s.cardNo() != null) {
                rig.send(rig.vaultCommand(id, s == SandboxScenario.VAULTED_AT_ONCE ? Rig.CARDS.get(i++ % Rig.CARDS.size())
                        : new Rig.TestCard(s.cardNo(), "123")));
            } else {
                rig.send(Commands.session(new CreateVaultingSessionRequest("CARD", id, null, null, "US", null), "UPSTREAM", null,
                        Instant.now()));
            }
        }
    }

    private static HttpResponse<String> postSigned(String url, String id) throws Exception {
        String body = "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"},"
                + "\"vaultingRequestId\":\"" + id + "\",\"vaultingStatus\":\"SUCCESS\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
        String signature = new AntomSigner(TestKeys.antomPrivate(), "1").signatureHeader(WebhookOptions.DEFAULT_PATH, TestKeys.CLIENT_ID,
                time, bytes);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("client-id", TestKeys.CLIENT_ID).header("Request-Time", time).header("Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
