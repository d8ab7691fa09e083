package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    @Test
    void validRequestsHaveNoViolations() {
        assertThat(RequestValidator.validate(Requests.vault("v-1"))).isEmpty();
        assertThat(RequestValidator.validate(Requests.session("s-1"))).isEmpty();
        assertThat(RequestValidator.validate(InquireVaultingRequest.of("i-1"))).isEmpty();
        assertThat(RequestValidator.validate(Requests.vault("v-1", "378282246310005"))).as("amex 15 digits").isEmpty();
    }

    static Stream<Arguments> brokenVaultRequests() {
        return Stream.of(
                broken("vaultingRequestId", "required", r -> r.withVaultingRequestId(null)),
                broken("vaultingRequestId", "at most 64 characters", r -> r.withVaultingRequestId("x".repeat(65))),
                broken("vaultingNotificationUrl", "must be an absolute http(s) URL", r -> r.withVaultingNotificationUrl("/relative")),
                broken("vaultingNotificationUrl", "must be an absolute http(s) URL", r -> r.withVaultingNotificationUrl("ftp://h/x")),
                broken("vaultingNotificationUrl", "at most 2048 characters", r -> r.withVaultingNotificationUrl("https://h/" + "a".repeat(2048))),
                broken("merchantRegion", "must be an ISO 3166 alpha-2 region code", r -> new VaultPaymentMethodRequest(r.vaultingRequestId(),
                        r.vaultingNotificationUrl(), r.redirectUrl(), "XX", r.paymentMethodDetail(), r.env(), null, null)),
                broken("env", "required", r -> new VaultPaymentMethodRequest(r.vaultingRequestId(), r.vaultingNotificationUrl(),
                        r.redirectUrl(), null, r.paymentMethodDetail(), null, null, null)),
                broken("paymentMethodDetail.paymentMethodType", "must be CARD", r -> withPmd(r, new PaymentMethodDetail("APPLEPAY",
                        r.paymentMethodDetail().card()))),
                broken("paymentMethodDetail.card.cardNo", "fails the Luhn check", r -> withCard(r, "4242424242424241", "12", "30", "737")),
                broken("paymentMethodDetail.card.cardNo", "must contain digits only", r -> withCard(r, "4242 4242 4242 4242", "12", "30", "737")),
                broken("paymentMethodDetail.card.cardNo", "must have 12 to 19 digits", r -> withCard(r, "42424", "12", "30", "737")),
                broken("paymentMethodDetail.card.cardNo", "at most 32 characters", r -> withCard(r, "4".repeat(33), "12", "30", "737")),
                broken("paymentMethodDetail.card.expiryMonth", "must be two digits 01 to 12", r -> withCard(r, Requests.PAN, "13", "30", "737")),
                broken("paymentMethodDetail.card.expiryMonth", "must be two digits 01 to 12", r -> withCard(r, Requests.PAN, "1", "30", "737")),
                broken("paymentMethodDetail.card.expiryYear", "must be the last two digits of the year", r -> withCard(r, Requests.PAN, "12", "3x", "737")),
                broken("paymentMethodDetail.card.expiryYear", "at most 2 characters", r -> withCard(r, Requests.PAN, "12", "2030", "737")),
                broken("paymentMethodDetail.card.cvv", "must be 3 or 4 digits", r -> withCard(r, Requests.PAN, "12", "30", "12")),
                broken("paymentMethodDetail.card.cvv", "must be 3 or 4 digits", r -> withCard(r, Requests.PAN, "12", "30", "12345")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenVaultRequests")
    void eachBrokenRuleIsReportedByFieldAndRuleWithoutTheValue(String field, String rule, VaultPaymentMethodRequest request) {
        List<Violation> violations = RequestValidator.validate(request);
        assertThat(violations).contains(new Violation(field, rule));
        assertThat(violations.toString()).doesNotContain("4242424242424241", "4242 4242", "12345", "Secret");
    }

    @Test
    void sessionRulesAreChecked() {
        var bad = new CreateVaultingSessionRequest("CARDS", null, "nope", "also nope", "gbr", null);
        assertThat(RequestValidator.validate(bad)).containsExactlyInAnyOrder(
                new Violation("paymentMethodType", "must be CARD"),
                new Violation("vaultingRequestId", "required"),
                new Violation("vaultingNotificationUrl", "must be an absolute http(s) URL"),
                new Violation("redirectUrl", "must be an absolute http(s) URL"),
                new Violation("merchantRegion", "must be an ISO 3166 alpha-2 region code"));
    }

    @Test
    void envRulesAreChecked() {
        Env env = new Env("TV", "WINDOWS", null, "d".repeat(65), null, null, "x", null, null, "800", null, null, null, null);
        var r = Requests.vault("v");
        var violations = RequestValidator.validate(new VaultPaymentMethodRequest("v", r.vaultingNotificationUrl(), r.redirectUrl(), null,
                r.paymentMethodDetail(), env, null, null));
        assertThat(violations).extracting(Violation::field)
                .containsExactlyInAnyOrder("env.terminalType", "env.osType", "env.deviceTokenId", "env.colorDepth", "env.timeZoneOffset");
    }

    @Test
    void luhnAcceptsKnownTestNumbersOnly() {
        assertThat(RequestValidator.luhn("4111111111111111")).isTrue();
        assertThat(RequestValidator.luhn("5555555555554444")).isTrue();
        assertThat(RequestValidator.luhn("4111111111111112")).isFalse();
        assertThat(RequestValidator.luhn("41x1")).isFalse();
    }

    private static Arguments broken(String field, String rule, UnaryOperator<VaultPaymentMethodRequest> change) {
        return Arguments.of(field, rule, change.apply(Requests.vault("v-1")));
    }

    private static VaultPaymentMethodRequest withPmd(VaultPaymentMethodRequest r, PaymentMethodDetail pmd) {
        return new VaultPaymentMethodRequest(r.vaultingRequestId(), r.vaultingNotificationUrl(), r.redirectUrl(), r.merchantRegion(), pmd,
                r.env(), null, null);
    }

    private static VaultPaymentMethodRequest withCard(VaultPaymentMethodRequest r, String pan, String month, String year, String cvv) {
        Card c = r.paymentMethodDetail().card();
        return withPmd(r, PaymentMethodDetail.card(Card.of(pan, c.brand(), c.cardholderName(), year, month, cvv, c.billingAddress())));
    }
}
