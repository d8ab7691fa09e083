package io.vaultstream.antom;

import static io.vaultstream.antom.AntomAction.CREATE_VAULTING_SESSION;
import static io.vaultstream.antom.AntomAction.INQUIRE_VAULTING;
import static io.vaultstream.antom.AntomAction.VAULT_PAYMENT_METHOD;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.antom.AntomOutcome.Failed;
import io.vaultstream.antom.AntomOutcome.Misconfigured;
import io.vaultstream.antom.AntomOutcome.NotFound;
import io.vaultstream.antom.AntomOutcome.Processing;
import io.vaultstream.antom.AntomOutcome.RateLimited;
import io.vaultstream.antom.AntomOutcome.RepeatInconsistent;
import io.vaultstream.antom.AntomOutcome.SessionCreated;
import io.vaultstream.antom.AntomOutcome.Unknown;
import io.vaultstream.antom.AntomOutcome.Vaulted;
import io.vaultstream.antom.AntomOutcome.VerificationRequired;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AntomClassifierTest {
    private static final String[][] COMMON = {
            {"INVALID_SIGNATURE", "F", "Misconfigured"}, {"KEY_NOT_FOUND", "F", "Misconfigured"}, {"CLIENT_INVALID", "F", "Misconfigured"},
            {"INVALID_CLIENT_STATUS", "F", "Misconfigured"}, {"ACCESS_DENIED", "F", "Misconfigured"}, {"INVALID_API", "F", "Misconfigured"},
            {"NO_INTERFACE_DEF", "F", "Misconfigured"}, {"MEDIA_TYPE_NOT_ACCEPTABLE", "F", "Misconfigured"},
            {"METHOD_NOT_SUPPORTED", "F", "Misconfigured"}, {"REQUEST_TRAFFIC_EXCEED_LIMIT", "U", "RateLimited"},
            {"REPEAT_REQ_INCONSISTENT", "F", "RepeatInconsistent"}, {"SYSTEM_ERROR", "U", "Unknown"}, {"UNKNOWN_EXCEPTION", "U", "Unknown"}};

    static Stream<Arguments> everyDocumentedCode() {
        List<Arguments> rows = new ArrayList<>();
        for (AntomAction a : AntomAction.values()) {
            for (String[] c : COMMON) {
                rows.add(Arguments.of(a, c[0], c[1], c[2]));
            }
        }
        rows.add(Arguments.of(VAULT_PAYMENT_METHOD, "SUCCESS", "S", "Vaulted"));
        rows.add(Arguments.of(VAULT_PAYMENT_METHOD, "PARAM_ILLEGAL", "F", "Failed"));
        rows.add(Arguments.of(VAULT_PAYMENT_METHOD, "PROCESS_FAIL", "F", "Failed"));
        rows.add(Arguments.of(VAULT_PAYMENT_METHOD, "VERIFICATION_FAIL", "F", "Failed"));
        rows.add(Arguments.of(VAULT_PAYMENT_METHOD, "VERIFICATION_IN_PROCESS", "U", "VerificationRequired"));
        rows.add(Arguments.of(VAULT_PAYMENT_METHOD, "SOME_NEW_FAILURE", "F", "Failed"));
        rows.add(Arguments.of(VAULT_PAYMENT_METHOD, "SOME_NEW_UNKNOWN", "U", "Unknown"));
        rows.add(Arguments.of(CREATE_VAULTING_SESSION, "SUCCESS", "S", "SessionCreated"));
        rows.add(Arguments.of(CREATE_VAULTING_SESSION, "PARAM_ILLEGAL", "F", "Failed"));
        rows.add(Arguments.of(CREATE_VAULTING_SESSION, "PROCESS_FAIL", "F", "Failed"));
        rows.add(Arguments.of(INQUIRE_VAULTING, "VAULTING_NOT_EXIST", "F", "NotFound"));
        rows.add(Arguments.of(INQUIRE_VAULTING, "PARAM_ILLEGAL", "F", "Unknown"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1}/{2} -> {3}")
    @MethodSource("everyDocumentedCode")
    void signedAnswersAreClassifiedByResultCode(AntomAction action, String code, String status, String expected) {
        AntomResponse body = new AntomResponse(new Result(code, status, "msg"), "v-1",
                PaymentMethodDetail.card(Card.vaulted("tok", "************4242", "VISA")), "https://3ds.example/n", null, null,
                "data", "sess-1", "2030-01-01T00:00:00Z", "SUCCESS", null, null);
        AntomOutcome outcome = AntomClassifier.classify(action, signed(action, 200, body));
        assertThat(outcome.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(outcome.resultCode()).isEqualTo(code);
    }

    @Test
    void vaultedCarriesTheCardFromTheAnswer() {
        var o = (Vaulted) classify(VAULT_PAYMENT_METHOD, success(null));
        assertThat(o.cardToken()).isEqualTo("tok");
        assertThat(o.maskedCardNo()).isEqualTo("************4242");
        assertThat(o.brand()).isEqualTo("NEW_BRAND");
        assertThat(o.terminal()).isTrue();
        assertThat(o.toString()).doesNotContain("tok,").contains("redacted");
    }

    @Test
    void verificationInProcessWithUrlsNeedsTheBuyerAndWithoutUrlFails() {
        var withUrl = new AntomResponse(new Result("VERIFICATION_IN_PROCESS", "U", "3ds"), "v", null, null, "scheme://x", "https://app/x",
                null, null, null, null, null, null);
        var o = (VerificationRequired) classify(VAULT_PAYMENT_METHOD, withUrl);
        assertThat(o.schemeUrl()).isEqualTo("scheme://x");
        assertThat(o.applinkUrl()).isEqualTo("https://app/x");
        assertThat(o.terminal()).isFalse();

        var noUrl = AntomResponse.of(new Result("VERIFICATION_IN_PROCESS", "U", "3ds"));
        var f = (Failed) classify(VAULT_PAYMENT_METHOD, noUrl);
        assertThat(f.resultCode()).isEqualTo("VERIFICATION_IN_PROCESS");
        assertThat(f.terminal()).isTrue();
    }

    @Test
    void sessionCreatedCarriesSessionData() {
        var o = (SessionCreated) classify(CREATE_VAULTING_SESSION, success(null));
        assertThat(o.sessionData()).isEqualTo("data");
        assertThat(o.sessionId()).isEqualTo("sess-1");
        assertThat(o.expiryTime()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(o.toString()).doesNotContain("data,");
    }

    @Test
    void inquiryMapsVaultingStatus() {
        assertThat(classify(INQUIRE_VAULTING, success("SUCCESS"))).isInstanceOf(Vaulted.class);
        assertThat(classify(INQUIRE_VAULTING, success("PROCESSING"))).isInstanceOfSatisfying(Processing.class,
                p -> assertThat(p.normalUrl()).isEqualTo("https://3ds.example/n"));
        var fail = new AntomResponse(Result.success(), "v", null, null, null, null, null, null, null, "FAIL", "CARD_EXPIRED", "expired");
        assertThat(classify(INQUIRE_VAULTING, fail)).isEqualTo(new Failed("CARD_EXPIRED", "F", "expired"));
        var failNoCode = new AntomResponse(Result.success(), "v", null, null, null, null, null, null, null, "FAIL", null, null);
        assertThat(classify(INQUIRE_VAULTING, failNoCode).resultCode()).isEqualTo("VAULTING_FAILED");
        assertThat(classify(INQUIRE_VAULTING, success("BRAND_NEW_STATUS"))).isInstanceOf(Unknown.class);
        assertThat(classify(INQUIRE_VAULTING, success(null))).isInstanceOf(Unknown.class);
    }

    @Test
    void unverifiedAnswersAreNeverTakenAsAntomsWord() {
        for (SignatureStatus s : List.of(SignatureStatus.MISSING, SignatureStatus.INVALID)) {
            for (AntomAction a : AntomAction.values()) {
                var ex = AntomExchange.answered(a, "v", 200, s, success("SUCCESS"), null, Duration.ZERO);
                assertThat(AntomClassifier.classify(a, ex)).as(s + " " + a).isInstanceOf(Unknown.class);
                var failed = AntomExchange.answered(a, "v", 200, s, AntomResponse.of(new Result("PROCESS_FAIL", "F", "x")), null, Duration.ZERO);
                assertThat(AntomClassifier.classify(a, failed)).isInstanceOf(Unknown.class);
            }
        }
    }

    @Test
    void unsignedMisconfigurationAnswersAreRecognisedAsSuch() {
        var ex = AntomExchange.answered(VAULT_PAYMENT_METHOD, "v", 200, SignatureStatus.MISSING,
                AntomResponse.of(new Result("INVALID_SIGNATURE", "F", "bad sig")), null, Duration.ZERO);
        assertThat(AntomClassifier.classify(VAULT_PAYMENT_METHOD, ex)).isEqualTo(new Misconfigured("INVALID_SIGNATURE", "F", "bad sig", false));
    }

    @Test
    void transportErrorsServerErrorsAndMalformedBodiesAreUnknown() {
        var transport = AntomExchange.transportFailure(VAULT_PAYMENT_METHOD, "v", "timeout after 5s", Duration.ofSeconds(5));
        assertThat(AntomClassifier.classify(VAULT_PAYMENT_METHOD, transport)).isInstanceOfSatisfying(Unknown.class,
                u -> assertThat(u.reason()).contains("timeout"));
        var fiveHundred = AntomExchange.answered(VAULT_PAYMENT_METHOD, "v", 503, SignatureStatus.VERIFIED, success(null), null, Duration.ZERO);
        assertThat(AntomClassifier.classify(VAULT_PAYMENT_METHOD, fiveHundred)).isInstanceOfSatisfying(Unknown.class,
                u -> assertThat(u.httpStatus()).isEqualTo(503));
        var malformed = AntomExchange.answered(VAULT_PAYMENT_METHOD, "v", 200, SignatureStatus.VERIFIED, null, "body is not JSON", Duration.ZERO);
        assertThat(AntomClassifier.classify(VAULT_PAYMENT_METHOD, malformed)).isInstanceOfSatisfying(Unknown.class,
                u -> assertThat(u.reason()).contains("not JSON"));
    }

    @Test
    void rateLimitAndRepeatInconsistentAreDistinct() {
        assertThat(classify(VAULT_PAYMENT_METHOD, AntomResponse.of(new Result("REQUEST_TRAFFIC_EXCEED_LIMIT", "U", "slow"))))
                .isInstanceOf(RateLimited.class);
        var repeat = classify(VAULT_PAYMENT_METHOD, AntomResponse.of(new Result("REPEAT_REQ_INCONSISTENT", "F", "x")));
        assertThat(repeat).isInstanceOf(RepeatInconsistent.class);
        assertThat(repeat.terminal()).isTrue();
        assertThat(classify(INQUIRE_VAULTING, AntomResponse.of(new Result("VAULTING_NOT_EXIST", "F", "x")))).isInstanceOf(NotFound.class);
    }

    private static AntomResponse success(String vaultingStatus) {
        return new AntomResponse(Result.success(), "v-1", PaymentMethodDetail.card(Card.vaulted("tok", "************4242", "NEW_BRAND")),
                "https://3ds.example/n", null, null, "data", "sess-1", "2030-01-01T00:00:00Z", vaultingStatus, null, null);
    }

    private static AntomOutcome classify(AntomAction action, AntomResponse body) {
        return AntomClassifier.classify(action, signed(action, 200, body));
    }

    private static AntomExchange signed(AntomAction action, int status, AntomResponse body) {
        return AntomExchange.answered(action, "v-1", status, SignatureStatus.VERIFIED, body, null, Duration.ofMillis(5));
    }
}
