package io.vaultstream.webhook;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.kafka.EmbeddedKafkaBroker;
import io.vaultstream.sandbox.NotificationAttempt;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.webhook.WebhookTestKit.Notification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.vaultstream.webhook.WebhookTestKit.PATH;
import static io.vaultstream.webhook.WebhookTestKit.body;
import static io.vaultstream.webhook.WebhookTestKit.newId;
import static io.vaultstream.webhook.WebhookTestKit.post;
import static io.vaultstream.webhook.WebhookTestKit.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookBrokerDownIT {

    @TempDir Path dataDir;

    @Test
    void brokerDownMeans503AndTheSandboxResendAfterItReturnsLandsOnTheTopic() throws Exception {
        int port = TestInfra.freePort();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, port, TestInfra.freePort());
             LogCapture logs = new LogCapture()) {
            broker.start();
            VaultstreamConfig config = TestInfra.get().config("brokerDown", WebhookTestKit.webhookSettings(Map.of(
                    ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    ConfigKeys.WEBHOOK_PRODUCE_TIMEOUT_MS, "1000")));
            String token = "TOKEN-" + newId();
            // 0 s, 0.6 s, 3 s, 3 s, 18 s, 36 s, ... between attempts
            try (WebhookService webhook = new WebhookService(config);
                 WebhookTestKit.Sandbox sandbox = new WebhookTestKit.Sandbox(b -> b.notificationScheduleScale(0.005))) {
                webhook.start();
                String before = newId();
                assertThat(post(webhook.port(), Notification.signed(body(before, token))).statusCode()).isEqualTo(200);

                broker.stop();

                long t0 = System.nanoTime();
                HttpResponse<String> down = post(webhook.port(), Notification.signed(body(newId(), token)));
                long answeredMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("\"error\":\"KAFKA_UNAVAILABLE\"").doesNotContain(token);
                assertThat(answeredMs).as("answered at the produce deadline, not later").isLessThan(3_000);

                String id = newId();
                sandbox.vaultViaSession(id, "http://127.0.0.1:" + webhook.port() + PATH);
                await().atMost(Duration.ofSeconds(20)).until(() -> attempts(sandbox, id).stream().anyMatch(a -> a.httpStatus() == 503));

                broker.start();

                await().atMost(Duration.ofSeconds(90)).until(() -> attempts(sandbox, id).stream().anyMatch(NotificationAttempt::acknowledged));
                assertThat(attempts(sandbox, id)).filteredOn(a -> a.httpStatus() == 200).allMatch(NotificationAttempt::acknowledged);
                assertThat(attempts(sandbox, id)).filteredOn(a -> a.httpStatus() != 200).allMatch(a -> a.httpStatus() == 503);

                List<ConsumerRecord<String, VaultNotification>> records = readAll(config);
                List<ConsumerRecord<String, VaultNotification>> resent = records.stream().filter(r -> r.key().equals(id)).toList();
                // acknowledged means written; a write that timed out may land later too: once or twice, never zero times
                assertThat(resent).hasSizeBetween(1, 2);
                assertThat(resent).extracting(r -> r.value().getNotificationId()).containsOnly(resent.get(0).value().getNotificationId());
                assertThat(records).extracting(ConsumerRecord::key).contains(before);
            }
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(token));
            assertThat(logs.lines()).anyMatch(l -> l.contains("answered 503"));
        }
    }

    private static List<NotificationAttempt> attempts(WebhookTestKit.Sandbox sandbox, String id) {
        return sandbox.sandbox.notificationAttempts().stream().filter(a -> a.vaultingRequestId().equals(id)).toList();
    }
}
