package io.vaultstream.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomClassifier;
import io.vaultstream.antom.AntomClient;
import io.vaultstream.antom.AntomClientOptions;
import io.vaultstream.antom.AntomExchange;
import io.vaultstream.antom.AntomOutcome;
import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.InquireVaultingRequest;
import io.vaultstream.antom.InvalidRequestException;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.SignatureStatus;
import io.vaultstream.antom.TestKeys;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AntomSandboxIT {
    private static SandboxFixture fx;

    @BeforeAll
    static void start() {
        fx = new SandboxFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static VaultPaymentMethodRequest vault(String id, String pan) {
        Card card = Card.of(pan, null, new CardholderName("Ada", null, "Lovelace", null), "30", "12", "737",
                new BillingAddress("GB", null, "London", "1 Secret Street", null, "N1 9GU"));
        return new VaultPaymentMethodRequest(id, fx.webhookUrl(), "https://merchant.example/return", "GB", PaymentMethodDetail.card(card),
                Env.web("203.0.113.9", "Mozilla/5.0"), null, null);
    }

    static AntomOutcome call(AntomClient client, AntomAction action, String id, Object request) {
        AntomExchange ex = client.call(action, id, request).join();
        return AntomClassifier.classify(action, ex);
    }

    static String id() {
        return "it-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @EnumSource(SandboxScenario.class)
    void everyScenarioEndsInItsExpectedStateByAnswerNotificationAndInquiry(SandboxScenario scenario) {
        String id = scenario.vaultingRequestId(id());
        AntomOutcome first = scenario.action() == AntomAction.VAULT_PAYMENT_METHOD
                ? call(fx.client, scenario.action(), id, vault(id, scenario.cardNo()))
                : call(fx.client, scenario.action(), id, new CreateVaultingSessionRequest("CARD", id, fx.webhookUrl(), null, "SG", true));

        switch (scenario) {
            case VAULTED_AT_ONCE, SLOW -> assertThat(first).isInstanceOfSatisfying(AntomOutcome.Vaulted.class, v -> {
                assertThat(v.maskedCardNo()).endsWith(scenario.cardNo().substring(12)).doesNotContain(scenario.cardNo().substring(0, 6));
                assertThat(v.cardToken()).isNotBlank();
            });
            case THREE_DS_THEN_SUCCESS, THREE_DS_THEN_FAIL -> assertThat(first).isInstanceOfSatisfying(AntomOutcome.VerificationRequired.class,
                    v -> assertThat(v.normalUrl()).contains("/3ds/"));
            case SESSION_COMPLETES, SESSION_FAILS -> assertThat(first).isInstanceOfSatisfying(AntomOutcome.SessionCreated.class,
                    s -> assertThat(s.sessionData()).isNotBlank());
            default -> assertThat(first).isInstanceOf(AntomOutcome.Failed.class);
        }
        if (first.terminal()) {
            assertThat(first.resultCode()).isEqualTo(scenario.expectedResultCode());
        } else {
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.received.stream().anyMatch(r -> r.body().contains(id)));
            SandboxFixture.Received n = fx.received.stream().filter(r -> r.body().contains(id)).findFirst().orElseThrow();
            assertThat(n.verified()).as("notification signature").isTrue();
            assertThat(n.requestTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
            assertThat(n.body()).contains(scenario.expectedResultCode());
        }
        AntomOutcome inquiry = call(fx.client, AntomAction.INQUIRE_VAULTING, id, InquireVaultingRequest.of(id));
        if (scenario.expectedState().equals("VAULTED")) {
            assertThat(inquiry).isInstanceOf(AntomOutcome.Vaulted.class);
        } else {
            assertThat(inquiry).isInstanceOfSatisfying(AntomOutcome.Failed.class,
                    f -> assertThat(f.resultCode()).isEqualTo(scenario.vaultingResultCode()));
        }
    }

    @Test
    void inquiryWhilePendingReportsProcessingWithTheUrl() {
        String id = id();
        call(fx.client, AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, SandboxScenario.THREE_DS_THEN_SUCCESS.cardNo()));
        assertThat(call(fx.client, AntomAction.INQUIRE_VAULTING, id, InquireVaultingRequest.of(id)))
                .isInstanceOfSatisfying(AntomOutcome.Processing.class, p -> assertThat(p.normalUrl()).contains(id));
    }

    @Test
    void finishedRequestAnswersItsOriginalResultAndDifferentContentIsInconsistent() {
        String id = id();
        var first = (AntomOutcome.Vaulted) call(fx.client, AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "4242424242424242"));
        var again = (AntomOutcome.Vaulted) call(fx.client, AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "4242424242424242"));
        assertThat(again.cardToken()).isEqualTo(first.cardToken());

        assertThat(call(fx.client, AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "5555555555554444")))
                .isInstanceOf(AntomOutcome.RepeatInconsistent.class);
        assertThat(call(fx.client, AntomAction.CREATE_VAULTING_SESSION, id, new CreateVaultingSessionRequest("CARD", id, fx.webhookUrl(), null,
                null, null))).isInstanceOf(AntomOutcome.RepeatInconsistent.class);
        assertThat(fx.sandbox.calls().count(id, "vaultPaymentMethod")).isEqualTo(3);
    }

    @Test
    void noLogLineOfOursCarriesCardDataOrTokens() {
        ch.qos.logback.classic.Logger ours = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.vaultstream");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Level level = ours.getLevel();
        ours.setLevel(ch.qos.logback.classic.Level.DEBUG);
        ours.addAppender(appender);
        try {
            String a = id();
            var vaulted = (AntomOutcome.Vaulted) call(fx.client, AntomAction.VAULT_PAYMENT_METHOD, a, vault(a, "4242424242424242"));
            String b = id();
            call(fx.client, AntomAction.VAULT_PAYMENT_METHOD, b, vault(b, SandboxScenario.THREE_DS_THEN_SUCCESS.cardNo()));
            await().atMost(Duration.ofSeconds(10)).until(() -> fx.received.stream().anyMatch(r -> r.body().contains(b)));
            String c = id();
            String bad = "{\"vaultingRequestId\":\"" + c + "\",\"paymentMethodDetail\":{\"card\":{\"cardNo\":\"4242424242424241\",\"cvv\":\"12345\"}}}";
            fx.client.callRaw(AntomAction.VAULT_PAYMENT_METHOD, c, bad.getBytes(StandardCharsets.UTF_8)).join();

            assertThat(appender.list).isNotEmpty();
            assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).allSatisfy(line -> assertThat(line)
                    .doesNotContain("4242424242424242", "4242424242424241", SandboxScenario.THREE_DS_THEN_SUCCESS.cardNo(), "cvv=737", "\"737\"", "\"12345\"",
                            "Secret Street", "Lovelace", vaulted.cardToken()));
        } finally {
            ours.detachAppender(appender);
            ours.setLevel(level);
        }
    }

    @Test
    void wrongMediaTypeAndMethodAreAnsweredAsAntomDoes() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var get = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fx.sandbox.port()
                + "/ams/api/v1/vaults/inquireVaulting")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).contains("METHOD_NOT_SUPPORTED");

        String id = id();
        byte[] body = ("{\"vaultingRequestId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        String time = "1700000000000";
        String path = "/ams/api/v1/vaults/inquireVaulting";
        String sig = new io.vaultstream.antom.AntomSigner(TestKeys.merchantPrivate(), "1").signatureHeader(path, TestKeys.CLIENT_ID, time, body);
        var text = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fx.sandbox.port() + path))
                .header("Content-Type", "text/plain").header("Client-Id", TestKeys.CLIENT_ID).header("Request-Time", time)
                .header("Signature", sig).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.body()).contains("MEDIA_TYPE_NOT_ACCEPTABLE");
    }

    @Test
    void unknownIdIsNotFound() {
        String id = "nope-" + id();
        assertThat(call(fx.client, AntomAction.INQUIRE_VAULTING, id, InquireVaultingRequest.of(id)))
                .isInstanceOf(AntomOutcome.NotFound.class);
    }

    @Test
    void stringAndNativeJsonFormsAreBothAcceptedAndAreTheSameRequest() {
        String id = id();
        String body = "{\"paymentMethodType\":\"CARD\",\"vaultingRequestId\":\"" + id + "\",\"vaultingNotificationUrl\":\"" + fx.webhookUrl()
                + "\",\"is3DSAuthentication\":\"true\"}";
        String nativeBody = body.replace("\"true\"", "true");
        AntomExchange a = fx.client.callRaw(AntomAction.CREATE_VAULTING_SESSION, id, body.getBytes(StandardCharsets.UTF_8)).join();
        AntomExchange b = fx.client.callRaw(AntomAction.CREATE_VAULTING_SESSION, id, nativeBody.getBytes(StandardCharsets.UTF_8)).join();
        assertThat(AntomClassifier.classify(AntomAction.CREATE_VAULTING_SESSION, a)).isInstanceOf(AntomOutcome.SessionCreated.class);
        assertThat(AntomClassifier.classify(AntomAction.CREATE_VAULTING_SESSION, b)).isInstanceOf(AntomOutcome.SessionCreated.class);
    }

    @Test
    void invalidParametersAreParamIllegalWithoutEchoingCardData() {
        String id = id();
        String body = "{\"vaultingRequestId\":\"" + id + "\",\"vaultingNotificationUrl\":\"x\",\"redirectUrl\":\"https://m/r\","
                + "\"paymentMethodDetail\":{\"paymentMethodType\":\"CARD\",\"card\":{\"cardNo\":\"4242424242424241\",\"cvv\":\"99999\","
                + "\"expiryYear\":\"30\",\"expiryMonth\":\"12\"}},\"env\":{\"terminalType\":\"WEB\"}}";
        AntomExchange ex = fx.client.callRaw(AntomAction.VAULT_PAYMENT_METHOD, id, body.getBytes(StandardCharsets.UTF_8)).join();
        AntomOutcome o = AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex);
        assertThat(o).isInstanceOf(AntomOutcome.Failed.class);
        assertThat(o.resultCode()).isEqualTo("PARAM_ILLEGAL");
        assertThat(o.resultMessage()).contains("paymentMethodDetail.card.cardNo").doesNotContain("4242424242424241", "99999");
    }

    @Test
    void clientRefusesToSendAnInvalidRequest() {
        String id = id();
        assertThatThrownBy(() -> fx.client.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "4242424242424241")).join())
                .hasCauseInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Luhn")
                .hasMessageNotContaining("4242424242424241");
        assertThatThrownBy(() -> fx.client.call(AntomAction.INQUIRE_VAULTING, id, InquireVaultingRequest.of("other")).join())
                .hasCauseInstanceOf(InvalidRequestException.class).hasMessageContaining("vaultingRequestId");
        assertThat(fx.sandbox.calls().forRequest(id)).isEmpty();
    }

    @Test
    void wrongMerchantKeyIsAnUnsignedInvalidSignatureAndUnknownClientIsClientInvalid() {
        try (AntomClient wrongKey = new AntomClient(AntomClientOptions.builder().gatewayUrl("http://127.0.0.1:" + fx.sandbox.port())
                .clientId(TestKeys.CLIENT_ID).merchantPrivateKey(TestKeys.antomPrivate()).antomPublicKeys(TestKeys.antomPublic()).build());
             AntomClient wrongClient = new AntomClient(AntomClientOptions.builder().gatewayUrl("http://127.0.0.1:" + fx.sandbox.port())
                .clientId("SANDBOX_UNKNOWN").merchantPrivateKey(TestKeys.merchantPrivate()).antomPublicKeys(TestKeys.antomPublic()).build())) {
            String id = id();
            AntomExchange ex = wrongKey.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "4242424242424242")).join();
            assertThat(ex.signature()).isEqualTo(SignatureStatus.MISSING);
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex))
                    .isEqualTo(new AntomOutcome.Misconfigured("INVALID_SIGNATURE", "F", "the signature is invalid", false));
            assertThat(AntomClassifier.classify(AntomAction.INQUIRE_VAULTING,
                    wrongClient.call(AntomAction.INQUIRE_VAULTING, id, InquireVaultingRequest.of(id)).join()))
                    .isInstanceOfSatisfying(AntomOutcome.Misconfigured.class, m -> assertThat(m.resultCode()).isEqualTo("CLIENT_INVALID"));
            assertThat(fx.sandbox.vaultingStatus(id)).isEmpty();
            assertThat(fx.sandbox.calls().forRequest(id)).extracting(SandboxCall::resultCode)
                    .containsExactly("INVALID_SIGNATURE", "CLIENT_INVALID");
        }
    }

    @Test
    void sandboxPathFormWorksAndAnswersAreVerified() {
        try (AntomClient sandboxPath = new AntomClient(AntomClientOptions.builder().gatewayUrl("http://127.0.0.1:" + fx.sandbox.port())
                .clientId(TestKeys.CLIENT_ID).merchantPrivateKey(TestKeys.merchantPrivate()).antomPublicKeys(TestKeys.antomPublic())
                .sandbox(true).build())) {
            String id = id();
            AntomExchange ex = sandboxPath.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "4242424242424242")).join();
            assertThat(ex.signature()).isEqualTo(SignatureStatus.VERIFIED);
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Vaulted.class);
        }
    }

    @Test
    void answersSignedWithAKeyWeDoNotTrustAreUnknown() {
        try (AntomClient distrusting = new AntomClient(AntomClientOptions.builder().gatewayUrl("http://127.0.0.1:" + fx.sandbox.port())
                .clientId(TestKeys.CLIENT_ID).merchantPrivateKey(TestKeys.merchantPrivate()).antomPublicKeys(TestKeys.otherPublic()).build())) {
            String id = id();
            AntomExchange ex = distrusting.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "4242424242424242")).join();
            assertThat(ex.signature()).isEqualTo(SignatureStatus.INVALID);
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
        }
    }

    @Test
    void transportFailureBecomesAnExchangeNotAnException() {
        try (AntomClient nowhere = new AntomClient(AntomClientOptions.builder().gatewayUrl("http://127.0.0.1:1")
                .clientId(TestKeys.CLIENT_ID).merchantPrivateKey(TestKeys.merchantPrivate()).antomPublicKeys(TestKeys.antomPublic())
                .connectTimeout(Duration.ofSeconds(1)).build())) {
            String id = id();
            AntomExchange ex = nowhere.call(AntomAction.VAULT_PAYMENT_METHOD, id, vault(id, "4242424242424242")).join();
            assertThat(ex.transportError()).isTrue();
            assertThat(ex.problem()).doesNotContain("4242424242424242");
            assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
        }
    }
}
