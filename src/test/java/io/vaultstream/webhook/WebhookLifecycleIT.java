package io.vaultstream.webhook;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.http.Metrics;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.webhook.WebhookTestKit.Notification;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.vaultstream.webhook.WebhookTestKit.PATH;
import static io.vaultstream.webhook.WebhookTestKit.body;
import static io.vaultstream.webhook.WebhookTestKit.newId;
import static io.vaultstream.webhook.WebhookTestKit.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Deadline and shutdown behaviour, with a producer whose acknowledgements the test controls. */
class WebhookLifecycleIT {

    private final MockProducer<String, VaultNotification> producer =
            new MockProducer<>(false, null, new StringSerializer(), (topic, value) -> new byte[0]);

    private WebhookService start(String name, long produceTimeoutMs) {
        VaultstreamConfig config = TestInfra.get().config(name, WebhookTestKit.webhookSettings(
                Map.of(ConfigKeys.WEBHOOK_PRODUCE_TIMEOUT_MS, Long.toString(produceTimeoutMs))));
        WebhookService service = new WebhookService(config, WebhookService.optionsFrom(config), Metrics.newRegistry("webhook"), topic -> producer);
        service.start();
        return service;
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(int port, Notification n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .header("Content-Type", n.contentType()).header("client-id", n.clientId()).header("Request-Time", n.requestTime())
                .header("Signature", n.signature()).POST(HttpRequest.BodyPublishers.ofByteArray(n.body())).build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unacknowledgedWriteIsAnswered503AtTheDeadlineNever200() {
        try (WebhookService webhook = start("deadline", 500)) {
            long t0 = System.nanoTime();
            HttpResponse<String> answer = post(webhook.port(), Notification.signed(body(newId(), "T")));
            long ms = (System.nanoTime() - t0) / 1_000_000;

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("\"error\":\"KAFKA_UNAVAILABLE\"");
            assertThat(ms).isBetween(450L, 3_000L);
            // the acknowledgement arriving after the answer changes nothing for that request
            producer.completeNext();
        }
    }

    @Test
    void producerErrorIsAnswered503() {
        producer.sendException = new org.apache.kafka.common.errors.SerializationException("registry unreachable");
        try (WebhookService webhook = start("sendError", 5_000)) {
            assertThat(post(webhook.port(), Notification.signed(body(newId(), "T"))).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shutdownTurnsReadinessFalseRefusesNewWorkAndAnswersTheRequestInFlightBeforeStopping() throws Exception {
        WebhookService webhook = start("shutdown", 10_000);
        int port = webhook.port();
        CompletableFuture<HttpResponse<String>> inFlight = postAsync(port, Notification.signed(body(newId(), "T")));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(webhook::close);
        await().atMost(Duration.ofSeconds(5)).until(() -> !webhook.isReady());

        HttpResponse<String> ready = WebhookTestKit.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build());
        HttpResponse<String> newcomer = post(port, Notification.signed(body(newId(), "T")));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(newcomer.statusCode()).isEqualTo(503);
        assertThat(newcomer.body()).contains("SHUTTING_DOWN");
        assertThat(producer.history()).hasSize(1);
        assertThat(closed).isNotDone();
        assertThat(inFlight).isNotDone();

        producer.completeNext();

        HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(new String(NotificationEndpoint.ACK, java.nio.charset.StandardCharsets.UTF_8));
        closed.get(15, TimeUnit.SECONDS);
        assertThat(producer.closed()).isTrue();
    }
}
