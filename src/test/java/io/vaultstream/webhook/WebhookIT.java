package io.vaultstream.webhook;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.webhook.WebhookTestKit.Notification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.vaultstream.webhook.WebhookTestKit.CLIENT_ID;
import static io.vaultstream.webhook.WebhookTestKit.PATH;
import static io.vaultstream.webhook.WebhookTestKit.body;
import static io.vaultstream.webhook.WebhookTestKit.newId;
import static io.vaultstream.webhook.WebhookTestKit.post;
import static io.vaultstream.webhook.WebhookTestKit.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookIT {

    private static final String ACK = "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"}}";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private VaultstreamConfig config(TestInfo info, Map<String, String> extra) {
        return TestInfra.get().config(info.getDisplayName(), WebhookTestKit.webhookSettings(extra));
    }

    private WebhookService start(VaultstreamConfig config) {
        WebhookService service = new WebhookService(config);
        open.add(service);
        service.start();
        return service;
    }

    @Test
    void sandboxNotificationIsAcknowledgedAndItsEventIsOnTheTopic(TestInfo info) {
        VaultstreamConfig config = config(info, Map.of());
        WebhookService webhook = start(config);
        WebhookTestKit.Sandbox sandbox = new WebhookTestKit.Sandbox(b -> {});
        open.add(sandbox);
        String id = newId();
        Instant before = Instant.now();

        sandbox.vaultViaSession(id, "http://127.0.0.1:" + webhook.port() + PATH);

        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.sandbox.notificationAttempts().stream()
                .anyMatch(a -> a.vaultingRequestId().equals(id) && a.acknowledged()));
        assertThat(sandbox.sandbox.notificationAttempts()).filteredOn(a -> a.vaultingRequestId().equals(id))
                .allSatisfy(a -> assertThat(a.httpStatus()).isEqualTo(200));
        List<ConsumerRecord<String, VaultNotification>> records = readAll(config);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, VaultNotification> record = records.get(0);
        VaultNotification event = record.value();
        assertThat(record.key()).isEqualTo(id);
        assertThat(event.getVaultingRequestId()).isEqualTo(id);
        assertThat(event.getResultCode()).isEqualTo("SUCCESS");
        assertThat(event.getResultStatus()).isEqualTo("S");
        assertThat(event.getResultMessage()).isEqualTo("success");
        assertThat(event.getVaultingStatus()).isEqualTo("SUCCESS");
        assertThat(event.getCardBrand()).isEqualTo("VISA");
        assertThat(event.getMaskedCardNo()).isEqualTo("************1111");
        assertThat(event.getCardToken()).isEqualTo(sandbox.cardTokenOf(id));
        assertThat(event.getVaultingCreateTime()).isNotBlank();
        assertThat(event.getRequestTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
        assertThat(event.getReceivedAt()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(event.getNotificationId()).isEqualTo(NotificationEvents.notificationId(event.getRawJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(event.getRawJson()).contains("\"vaultingRequestId\":\"" + id + "\"");
    }

    @Test
    void everyRejectedRequestGetsItsStatusAndNothingIsProduced(TestInfo info) {
        VaultstreamConfig config = config(info, Map.of());
        WebhookService webhook = start(config);
        int port = webhook.port();
        String token = "TOKEN-" + newId();
        Notification good = Notification.signed(body(newId(), token));

        Map<String, Integer> expected = new LinkedHashMap<>();
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        expect(answers, expected, "no signature", 401, post(port, good.withSignature(null)));
        expect(answers, expected, "signature by another key", 401, post(port, good.withSignature(
                WebhookTestKit.NOT_ANTOM.signatureHeader(PATH, CLIENT_ID, good.requestTime(), good.body()))));
        expect(answers, expected, "garbage signature", 401, post(port, good.withSignature("algorithm=RSA256,keyVersion=1,signature=AAAA")));
        expect(answers, expected, "no client-id", 401, post(port, good.withClientId(null)));
        String otherClient = "SANDBOX_OTHER_MERCHANT";
        expect(answers, expected, "another merchant's client id, validly signed", 401, post(port, good.withClientId(otherClient)
                .withSignature(WebhookTestKit.ANTOM.signatureHeader(PATH, otherClient, good.requestTime(), good.body()))));
        expect(answers, expected, "no Request-Time", 401, post(port, good.withRequestTime(null)));
        expect(answers, expected, "Request-Time changed after signing", 401, post(port, good.withRequestTime(WebhookTestKit.ISO.format(java.time.ZonedDateTime.parse(good.requestTime(), WebhookTestKit.ISO).plusSeconds(1)))));
        expect(answers, expected, "signed over another path", 401, post(port, Notification.signed("/other/path", body(newId(), token))));
        byte[] altered = good.body().clone();
        altered[altered.length - 2] = (byte) 'X';
        expect(answers, expected, "body changed after signing", 401, post(port, good.withBody(altered)));
        expect(answers, expected, "malformed JSON, signed", 400, post(port, Notification.signed("{\"vaultingRequestId\":\"x\",\"cardToken\":\"" + token)));
        expect(answers, expected, "JSON array, signed", 400, post(port, Notification.signed("[1,2]")));
        expect(answers, expected, "no vaultingRequestId, signed", 400, post(port, Notification.signed(
                "{\"result\":{\"resultStatus\":\"S\"},\"paymentMethodDetail\":{\"card\":{\"cardToken\":\"" + token + "\"}}}")));
        expect(answers, expected, "blank vaultingRequestId, signed", 400, post(port, Notification.signed(
                "{\"result\":{\"resultStatus\":\"S\"},\"vaultingRequestId\":\"  \"}")));
        expect(answers, expected, "no result, signed", 400, post(port, Notification.signed("{\"vaultingRequestId\":\"" + newId() + "\"}")));
        expect(answers, expected, "result not an object, signed", 400, post(port, Notification.signed(
                "{\"vaultingRequestId\":\"" + newId() + "\",\"result\":\"S\"}")));
        String huge = body(newId(), token).replace("\"someFutureField\"", "\"padding\":\"" + "x".repeat(70_000) + "\",\"someFutureField\"");
        expect(answers, expected, "body over 64 KiB, signed", 413, post(port, Notification.signed(huge)));
        expect(answers, expected, "body over 64 KiB, chunked", 413, WebhookTestKit.send(HttpRequest.newBuilder(uri(port))
                .header("Content-Type", "application/json").header("client-id", CLIENT_ID)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                .build()));
        expect(answers, expected, "text/plain", 415, post(port, good.withContentType("text/plain")));
        expect(answers, expected, "form content type", 415, post(port, good.withContentType("application/x-www-form-urlencoded")));
        expect(answers, expected, "no content type", 415, post(port, good.withContentType(null)));
        expect(answers, expected, "JSON in another charset", 415, post(port, good.withContentType("application/json; charset=ISO-8859-1")));
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            expect(answers, expected, method, 405, WebhookTestKit.send(HttpRequest.newBuilder(uri(port))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(good.body())).header("Content-Type", "application/json").build()));
        }

        answers.forEach((name, answer) -> {
            assertThat(answer.statusCode()).as(name).isEqualTo(expected.get(name));
            if (!answer.request().method().equals("HEAD")) {
                assertThat(answer.headers().firstValue("Content-Type")).as(name).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
                assertThat(answer.body()).as(name).startsWith("{\"error\":\"").contains("\"message\":\"")
                        .doesNotContain(token).doesNotContain("Exception").doesNotContain("\tat ");
            }
        });
        assertThat(answers.get("GET").headers().firstValue("Allow")).hasValue("POST");

        // the one valid notification is the only event: a rejected request never reaches the producer
        String sentinelId = newId();
        HttpResponse<String> ok = post(port, Notification.signed(body(sentinelId, token)));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(ACK);
        assertThat(readAll(config)).extracting(ConsumerRecord::key).containsExactly(sentinelId);
    }

    private static void expect(Map<String, HttpResponse<String>> answers, Map<String, Integer> expected, String name, int status,
            HttpResponse<String> answer) {
        answers.put(name, answer);
        expected.put(name, status);
    }

    private static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port + PATH);
    }

    @Test
    void resentNotificationIsAcknowledgedAgainUnderTheSameNotificationId(TestInfo info) {
        VaultstreamConfig config = config(info, Map.of());
        WebhookService webhook = start(config);
        Notification n = Notification.signed(body(newId(), "TOKEN"));

        assertThat(post(webhook.port(), n).statusCode()).isEqualTo(200);
        assertThat(post(webhook.port(), n).statusCode()).isEqualTo(200);

        List<ConsumerRecord<String, VaultNotification>> records = readAll(config);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).value().getNotificationId()).isEqualTo(records.get(1).value().getNotificationId());
        assertThat(records.get(0).partition()).isEqualTo(records.get(1).partition());
    }

    @Test
    void replayGuardWhenEnabledRejectsRequestTimesOutsideTheWindowAndAcceptsIsoAndEpochMillis(TestInfo info) {
        VaultstreamConfig config = config(info, Map.of(ConfigKeys.WEBHOOK_REPLAY_WINDOW_MS, "60000"));
        WebhookService webhook = start(config);
        String stale = "2019-07-12T12:08:56+05:30";
        String epochNow = Long.toString(System.currentTimeMillis());

        HttpResponse<String> staleAnswer = post(webhook.port(), signedAt(stale, body(newId(), "T")));
        HttpResponse<String> future = post(webhook.port(), signedAt(Long.toString(System.currentTimeMillis() + 600_000), body(newId(), "T")));
        HttpResponse<String> unreadable = post(webhook.port(), signedAt("yesterday", body(newId(), "T")));
        String isoId = newId();
        String epochId = newId();
        HttpResponse<String> iso = post(webhook.port(), Notification.signed(body(isoId, "T")));
        HttpResponse<String> epoch = post(webhook.port(), signedAt(epochNow, body(epochId, "T")));

        assertThat(staleAnswer.statusCode()).isEqualTo(401);
        assertThat(staleAnswer.body()).contains("REQUEST_TIME_REJECTED");
        assertThat(future.statusCode()).isEqualTo(401);
        assertThat(unreadable.statusCode()).isEqualTo(401);
        assertThat(iso.statusCode()).isEqualTo(200);
        assertThat(epoch.statusCode()).isEqualTo(200);
        assertThat(readAll(config)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(isoId, epochId);
    }

    @Test
    void replayGuardIsOffByDefaultSoAnAntomResendWithItsOriginalHeadersIsAccepted(TestInfo info) {
        VaultstreamConfig config = config(info, Map.of());
        WebhookService webhook = start(config);

        HttpResponse<String> dayOld = post(webhook.port(), signedAt(
                WebhookTestKit.ISO.format(java.time.ZonedDateTime.now().minusHours(23)), body(newId(), "T")));

        assertThat(dayOld.statusCode()).isEqualTo(200);
    }

    private static Notification signedAt(String time, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return Notification.signed(body).withRequestTime(time)
                .withSignature(WebhookTestKit.ANTOM.signatureHeader(PATH, CLIENT_ID, time, bytes));
    }

    @Test
    void signedPathBehindARewritingIngressIsTheOneVerified(TestInfo info) {
        String publicPath = "/public/hooks/antom-vaulting";
        VaultstreamConfig config = config(info, Map.of(ConfigKeys.WEBHOOK_SIGNED_PATH, publicPath));
        WebhookService webhook = start(config);

        assertThat(post(webhook.port(), Notification.signed(publicPath, body(newId(), "T"))).statusCode()).isEqualTo(200);
        assertThat(post(webhook.port(), Notification.signed(PATH, body(newId(), "T"))).statusCode()).isEqualTo(401);
    }

    @Test
    void metricsCountRequestsByStatusVerificationFailuresAndProduceLatency(TestInfo info) {
        VaultstreamConfig config = config(info, Map.of());
        WebhookService webhook = start(config);
        Notification n = Notification.signed(body(newId(), "TOKEN-METRIC"));
        post(webhook.port(), n);
        post(webhook.port(), n.withSignature(null));
        post(webhook.port(), n.withClientId("SOMEONE_ELSE"));

        String metrics = WebhookTestKit.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhook.port() + "/metrics")).build()).body();
        String ready = WebhookTestKit.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhook.port() + "/health/ready")).build()).body();

        assertThat(metrics).containsPattern("vaultstream_webhook_requests_total\\{.*status=\"200\".*\\} 1\\.0")
                .containsPattern("vaultstream_webhook_requests_total\\{.*status=\"401\".*\\} 2\\.0")
                .containsPattern("vaultstream_webhook_verification_failures_total\\{.*reason=\"missing_header\".*\\} 1\\.0")
                .containsPattern("vaultstream_webhook_verification_failures_total\\{.*reason=\"client_id\".*\\} 1\\.0")
                .containsPattern("vaultstream_webhook_produce_latency_seconds_count\\{.*outcome=\"acked\".*\\} 1")
                .doesNotContain("TOKEN-METRIC");
        assertThat(ready).contains("\"status\":\"UP\"");
        assertThat(webhook.isReady()).isTrue();
    }

    @Test
    void missingAntomSettingsFailTheStartNamingTheKey() {
        Map<String, String> settings = new java.util.HashMap<>(WebhookTestKit.webhookSettings(Map.of()));
        settings.remove(ConfigKeys.ANTOM_PUBLIC_KEY_FILE);
        VaultstreamConfig config = VaultstreamConfig.of(settings);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookService(config))
                .hasMessageContaining(ConfigKeys.ANTOM_PUBLIC_KEY_FILE);
    }
}
