package io.vaultstream.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomClassifier;
import io.vaultstream.antom.AntomExchange;
import io.vaultstream.antom.AntomJson;
import io.vaultstream.antom.AntomOutcome;
import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.SignatureStatus;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SandboxFaultsIT {

    private static VaultPaymentMethodRequest vault(SandboxFixture fx, String id, String pan) {
        Card card = Card.of(pan, null, null, "30", "12", "737", new BillingAddress("GB", null, null, "1 Secret Street", null, null));
        return new VaultPaymentMethodRequest(id, fx.webhookUrl(), "https://merchant.example/return", null, PaymentMethodDetail.card(card),
                Env.web("203.0.113.9", "ua"), null, null);
    }

    private static SandboxFixture withFaults(Consumer<FaultOptions.Builder> faults) {
        FaultOptions.Builder b = FaultOptions.builder().seed(42);
        faults.accept(b);
        return new SandboxFixture(s -> s.faults(b.build()), c -> c.responseTimeout(Duration.ofMillis(700)));
    }

    private static AntomExchange vaultOnce(SandboxFixture fx, String id) {
        return fx.client.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(fx, id, "4242424242424242")).join();
    }

    private static String id() {
        return "f-" + UUID.randomUUID();
    }

    @Test
    void serverErrorsAreUnknownOutcomes() {
        try (SandboxFixture fx = withFaults(f -> f.serverErrorShare(1))) {
            AntomExchange ex = vaultOnce(fx, id());
            assertThat(ex.httpStatus()).isEqualTo(500);
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
        }
    }

    @Test
    void heldAnswersTimeOutInTheClientAndAreUnknown() {
        try (SandboxFixture fx = withFaults(f -> f.timeoutShare(1).timeoutHold(Duration.ofSeconds(3)))) {
            AntomExchange ex = vaultOnce(fx, id());
            assertThat(ex.transportError()).isTrue();
            assertThat(ex.problem()).contains("timeout");
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
        }
    }

    @Test
    void unknownExceptionIsSignedUnknownAndMayStillHaveProcessedTheRequest() {
        try (SandboxFixture fx = withFaults(f -> f.unknownExceptionShare(1).processedOnFaultShare(1))) {
            String id = id();
            AntomExchange ex = vaultOnce(fx, id);
            assertThat(ex.signature()).isEqualTo(SignatureStatus.VERIFIED);
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex))
                    .isInstanceOfSatisfying(AntomOutcome.Unknown.class, u -> assertThat(u.resultCode()).isEqualTo("UNKNOWN_EXCEPTION"));
            assertThat(fx.sandbox.vaultingStatus(id)).contains("SUCCESS");
        }
        try (SandboxFixture fx = withFaults(f -> f.unknownExceptionShare(1).processedOnFaultShare(0))) {
            String id = id();
            vaultOnce(fx, id);
            assertThat(fx.sandbox.vaultingStatus(id)).isEmpty();
        }
    }

    @Test
    void rateLimitedRequestsAreNotProcessed() {
        try (SandboxFixture fx = withFaults(f -> f.rateLimitShare(1).processedOnFaultShare(1))) {
            String id = id();
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, vaultOnce(fx, id))).isInstanceOf(AntomOutcome.RateLimited.class);
            assertThat(fx.sandbox.vaultingStatus(id)).isEmpty();
        }
    }

    @Test
    void malformedMissingAndWrongSignatureAnswersAreNeverTakenAsSuccess() {
        try (SandboxFixture fx = withFaults(f -> f.malformedShare(1))) {
            AntomExchange ex = vaultOnce(fx, id());
            assertThat(ex.response()).isNull();
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
        }
        try (SandboxFixture fx = withFaults(f -> f.missingSignatureShare(1).processedOnFaultShare(1))) {
            AntomExchange ex = vaultOnce(fx, id());
            assertThat(ex.signature()).isEqualTo(SignatureStatus.MISSING);
            assertThat(ex.result().resultCode()).isEqualTo("SUCCESS");
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
        }
        try (SandboxFixture fx = withFaults(f -> f.wrongSignatureShare(1).processedOnFaultShare(1))) {
            AntomExchange ex = vaultOnce(fx, id());
            assertThat(ex.signature()).isEqualTo(SignatureStatus.INVALID);
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
        }
    }

    @Test
    void latencyIsAddedWithoutBlockingAndCallsAreRecordedWithTimes() throws Exception {
        try (SandboxFixture fx = withFaults(f -> f.latency(Duration.ofMillis(100)).jitter(Duration.ofMillis(50)))) {
            String id = id();
            AntomExchange ex = vaultOnce(fx, id);
            assertThat(ex.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            SandboxCall call = fx.sandbox.calls().forRequest(id).get(0);
            assertThat(Duration.between(call.start(), call.end())).isBetween(Duration.ofMillis(100), Duration.ofMillis(2000));

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fx.sandbox.port() + "/ams/sandbox/calls?vaultingRequestId=" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode calls = AntomJson.mapper().readTree(r.body());
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).get("action").asText()).isEqualTo("vaultPaymentMethod");
            assertThat(calls.get(0).get("vaultingRequestId").asText()).isEqualTo(id);
            assertThat(calls.get(0).has("start")).isTrue();
        }
    }

    @Test
    void manyConcurrentSlowAnswersDoNotNeedAThreadEach() {
        try (SandboxFixture fx = new SandboxFixture(s -> s.faults(FaultOptions.builder().latency(Duration.ofMillis(1500)).build()),
                c -> c.maxConnections(600).responseTimeout(Duration.ofSeconds(20)))) {
            long before = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("qtp")).count();
            var futures = IntStream.range(0, 500).mapToObj(i -> id())
                    .map(id -> fx.client.call(AntomAction.INQUIRE_VAULTING, id, io.vaultstream.antom.InquireVaultingRequest.of(id))).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> fx.sandbox.calls().all().size() > 0
                    || futures.stream().anyMatch(java.util.concurrent.CompletableFuture::isDone));
            long during = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("qtp")).count();
            List<AntomExchange> done = futures.stream().map(java.util.concurrent.CompletableFuture::join).toList();
            assertThat(done).allSatisfy(e -> assertThat(AntomClassifier.classify(AntomAction.INQUIRE_VAULTING, e))
                    .isInstanceOf(AntomOutcome.NotFound.class));
            // a sleeping handler would need ~500 threads; Jetty's pool stays at its idle size plus a few
            assertThat(during).isLessThan(before + 100);
        }
    }

    @Test
    void memoryIsBoundedByForgettingTheOldestRequests() {
        try (SandboxFixture fx = new SandboxFixture(s -> s.recordCapacity(2), c -> {})) {
            List<String> ids = List.of(id(), id(), id());
            ids.forEach(id -> vaultOnce(fx, id));
            assertThat(fx.sandbox.vaultingStatus(ids.get(0))).isEmpty();
            assertThat(fx.sandbox.vaultingStatus(ids.get(2))).contains("SUCCESS");
        }
    }

    @Test
    void faultsAreReproducibleForTheSameSeed() {
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "seeded-" + i).toList();
        List<List<String>> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (SandboxFixture fx = withFaults(f -> f.unknownExceptionShare(0.3).rateLimitShare(0.2))) {
                ids.forEach(id -> vaultOnce(fx, id));
                runs.add(ids.stream().map(id -> String.valueOf(fx.sandbox.calls().forRequest(id).get(0).fault())).toList());
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(runs.get(0)).contains("UNKNOWN_EXCEPTION", "RATE_LIMIT", "null");
    }

    @Test
    void notificationsAreResentUntilAcknowledged() {
        try (SandboxFixture fx = new SandboxFixture()) {
            fx.refuseNext.set(2);
            String id = id();
            fx.client.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(fx, id, SandboxScenario.THREE_DS_THEN_SUCCESS.cardNo())).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.sandbox.notificationAttempts().stream().anyMatch(NotificationAttempt::acknowledged));
            List<NotificationAttempt> attempts = fx.sandbox.notificationAttempts().stream().filter(a -> a.vaultingRequestId().equals(id)).toList();
            assertThat(attempts).extracting(NotificationAttempt::attempt).containsExactly(1, 2, 3);
            assertThat(attempts).extracting(NotificationAttempt::httpStatus).containsExactly(500, 500, 200);
            // scale 0.001: 2 min -> 120 ms, 10 min -> 600 ms between attempts
            assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(550));
            assertThat(fx.received).hasSize(3).allMatch(SandboxFixture.Received::verified);
        }
    }

    @Test
    void duplicateAndLateNotificationsAreSentWhenConfigured() {
        try (SandboxFixture fx = withFaults(f -> f.duplicateNotificationShare(1).lateNotificationShare(1)
                .lateNotificationDelay(Duration.ofMillis(1500)))) {
            String id = id();
            long start = System.nanoTime();
            fx.client.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(fx, id, SandboxScenario.THREE_DS_THEN_FAIL.cardNo())).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.received.size() == 2);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500 + 300));
            assertThat(fx.received.get(0).body()).isEqualTo(fx.received.get(1).body()).contains("VERIFICATION_FAIL");
        }
    }
}
