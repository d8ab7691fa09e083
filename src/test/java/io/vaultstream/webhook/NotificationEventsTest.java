package io.vaultstream.webhook;

import io.vaultstream.events.VaultNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationEventsTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-22T00:00:00.123Z");
    private static final String TOKEN = "ALIPAYtokenSECRET123";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void verifiedBodyBecomesAnEventWithEveryDesignatedFieldAndTheRawJson() throws Exception {
        String body = WebhookTestKit.body("req-1", TOKEN);

        VaultNotification e = NotificationEvents.fromVerifiedBody(bytes(body), "2019-07-12T12:08:56+05:30", RECEIVED);

        assertThat(e.getVaultingRequestId()).isEqualTo("req-1");
        assertThat(e.getResultCode()).isEqualTo("SUCCESS");
        assertThat(e.getResultStatus()).isEqualTo("S");
        assertThat(e.getResultMessage()).isEqualTo("success");
        assertThat(e.getVaultingStatus()).isEqualTo("SUCCESS");
        assertThat(e.getMaskedCardNo()).isEqualTo("************4242");
        assertThat(e.getCardBrand()).isEqualTo("VISA");
        assertThat(e.getCardToken()).isEqualTo(TOKEN);
        assertThat(e.getVaultingCreateTime()).isEqualTo("2026-11-22T08:00:00+08:00");
        assertThat(e.getRequestTime()).isEqualTo("2019-07-12T12:08:56+05:30");
        assertThat(e.getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(e.getRawJson()).isEqualTo(body).contains("someFutureField");
        assertThat(e.getNotificationId()).hasSize(64).isEqualTo(NotificationEvents.notificationId(bytes(body)));
    }

    @Test
    void sameBodyHasTheSameNotificationIdAndAnyChangedByteAnother() {
        byte[] a = bytes(WebhookTestKit.body("req-1", TOKEN));
        byte[] b = a.clone();
        b[10] ^= 1;

        assertThat(NotificationEvents.notificationId(a)).isEqualTo(NotificationEvents.notificationId(a.clone()))
                .isNotEqualTo(NotificationEvents.notificationId(b));
    }

    @Test
    void failedNotificationWithoutCardAndNativeScalarsIsAccepted() throws Exception {
        String body = "{\"result\":{\"resultCode\":\"VERIFICATION_FAIL\",\"resultStatus\":\"F\",\"resultMessage\":\"failed\"},"
                + "\"vaultingRequestId\":12345,\"vaultingStatus\":\"FAIL\",\"vaultingResultCode\":\"AUTHENTICATION_FAILED\","
                + "\"metadata\":{\"an\":\"object\"}}";

        VaultNotification e = NotificationEvents.fromVerifiedBody(bytes(body), null, RECEIVED);

        assertThat(e.getVaultingRequestId()).isEqualTo("12345");
        assertThat(e.getResultStatus()).isEqualTo("F");
        assertThat(e.getCardToken()).isNull();
        assertThat(e.getMaskedCardNo()).isNull();
        assertThat(e.getRequestTime()).isNull();
        assertThat(e.getRawJson()).contains("vaultingResultCode");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"vaultingRequestId\":\"x\",\"cardToken\":\"ALIPAYtokenSECRET123 | body: must be valid JSON",
        "[1,2,3] | body: must be a JSON object",
        "\"ALIPAYtokenSECRET123\" | body: must be a JSON object",
        "{\"result\":{}} | vaultingRequestId: required, a non-empty string",
        "{\"result\":{},\"vaultingRequestId\":null} | vaultingRequestId: required, a non-empty string",
        "{\"result\":{},\"vaultingRequestId\":{\"a\":1}} | vaultingRequestId: required, a non-empty string",
        "{\"result\":{},\"vaultingRequestId\":\"\"} | vaultingRequestId: required, a non-empty string",
        "{\"vaultingRequestId\":\"x\"} | result: required, a JSON object",
        "{\"vaultingRequestId\":\"x\",\"result\":\"ALIPAYtokenSECRET123\"} | result: required, a JSON object",
    })
    void unusableBodyIsRejectedNamingTheFieldAndRuleWithoutQuotingIt(String body, String message) {
        assertThatThrownBy(() -> NotificationEvents.fromVerifiedBody(bytes(body), null, RECEIVED))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessage(message)
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void overlongRequestIdIsRejected() {
        String body = "{\"result\":{},\"vaultingRequestId\":\"" + "a".repeat(65) + "\"}";

        assertThatThrownBy(() -> NotificationEvents.fromVerifiedBody(bytes(body), null, RECEIVED))
                .hasMessage("vaultingRequestId: at most 64 characters");
    }
}
