package io.vaultstream.antom;

/**
 * An answer from any of the three vaulting APIs: the union of their fields, each absent when the
 * API does not send it. Enumerations ({@code vaultingStatus}, brand) are kept as strings so a new
 * value Antom adds is preserved rather than lost; unknown fields are ignored.
 */
public record AntomResponse(
        Result result,
        String vaultingRequestId,
        PaymentMethodDetail paymentMethodDetail,
        String normalUrl,
        String schemeUrl,
        String applinkUrl,
        String vaultingSessionData,
        String vaultingSessionId,
        String vaultingSessionExpiryTime,
        String vaultingStatus,
        String vaultingResultCode,
        String vaultingResultMessage) {

    /** An answer that carries only a result (errors). */
    public static AntomResponse of(Result result) {
        return new AntomResponse(result, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The answer's card, or null. */
    public Card card() {
        return paymentMethodDetail == null ? null : paymentMethodDetail.card();
    }

    @Override
    public String toString() {
        return "AntomResponse[result=" + result + ", vaultingRequestId=" + vaultingRequestId + ", vaultingStatus=" + vaultingStatus
                + ", vaultingResultCode=" + vaultingResultCode + ", card=" + card() + ", sessionData="
                + (vaultingSessionData == null ? "null" : "<redacted>") + "]";
    }
}
