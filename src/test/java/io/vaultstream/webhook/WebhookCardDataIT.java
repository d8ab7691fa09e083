package io.vaultstream.webhook;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.http.Metrics;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.webhook.WebhookTestKit.Notification;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.vaultstream.webhook.WebhookTestKit.PATH;
import static io.vaultstream.webhook.WebhookTestKit.body;
import static io.vaultstream.webhook.WebhookTestKit.newId;
import static io.vaultstream.webhook.WebhookTestKit.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No card token in any log line (every logger, vaultstream at DEBUG), error body or metric, on every path. */
class WebhookCardDataIT {

    @Test
    void cardTokensNeverAppearInLogsErrorBodiesOrMetrics() {
        List<HttpResponse<String>> answers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> lines;
        String metrics;
        try (LogCapture logs = new LogCapture()) {
            VaultstreamConfig config = TestInfra.get().config("cardData", WebhookTestKit.webhookSettings(Map.of()));
            try (WebhookService webhook = new WebhookService(config);
                 WebhookTestKit.Sandbox sandbox = new WebhookTestKit.Sandbox(b -> {})) {
                webhook.start();
                int port = webhook.port();

                // accepted: from the sandbox, and directly
                String id = newId();
                sandbox.vaultViaSession(id, "http://127.0.0.1:" + port + PATH);
                await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.sandbox.notificationAttempts().stream()
                        .anyMatch(a -> a.vaultingRequestId().equals(id) && a.acknowledged()));
                tokens.add(sandbox.cardTokenOf(id));
                String token = "TOKEN-SECRET-" + newId();
                tokens.add(token);
                Notification good = Notification.signed(body(newId(), token));
                answers.add(post(port, good));

                // refused at every stage, each body carrying the token
                answers.add(post(port, good.withSignature(null)));
                answers.add(post(port, good.withClientId("SOMEONE_ELSE")));
                answers.add(post(port, good.withContentType("text/plain")));
                answers.add(post(port, Notification.signed("{\"vaultingRequestId\":\"x\",\"card\":{\"cardToken\":\"" + token + "\"")));
                answers.add(post(port, Notification.signed("{\"result\":{},\"cardToken\":\"" + token + "\"}")));
                answers.add(post(port, Notification.signed("{\"vaultingRequestId\":\"" + token + token + token + "\",\"result\":{}}")));
                answers.add(post(port, Notification.signed(body(newId(), token) + " ".repeat(70_000))));
                metrics = WebhookTestKit.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build()).body();
            }

            // not written: the producer's exception even quotes the token, as a worst case
            String token = "TOKEN-503-" + newId();
            tokens.add(token);
            MockProducer<String, VaultNotification> failing = new MockProducer<>(true, null, new StringSerializer(), (t, v) -> new byte[0]);
            failing.sendException = new KafkaException("cannot write record with cardToken " + token);
            try (WebhookService webhook = new WebhookService(config, WebhookService.optionsFrom(config), Metrics.newRegistry("webhook"),
                    topic -> failing)) {
                webhook.start();
                answers.add(post(webhook.port(), Notification.signed(body(newId(), token))));
            }
            lines = logs.lines();
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 401, 401, 415, 400, 400, 400, 413, 503);
        assertThat(lines).anyMatch(l -> l.contains("notification written"))
                .anyMatch(l -> l.contains("notification rejected"))
                .anyMatch(l -> l.contains("signed notification rejected"))
                .anyMatch(l -> l.contains("answered 503"));
        for (String token : tokens) {
            assertThat(token).isNotBlank();
            assertThat(lines).noneMatch(l -> l.contains(token));
            assertThat(answers).noneMatch(a -> a.body().contains(token));
            assertThat(metrics).doesNotContain(token);
        }
    }
}
