package io.vaultstream.antom;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code createVaultingSession}: ask for session data so the buyer enters the card in Antom's client SDK. */
public record CreateVaultingSessionRequest(
        String paymentMethodType,
        String vaultingRequestId,
        String vaultingNotificationUrl,
        String redirectUrl,
        String merchantRegion,
        @JsonProperty("is3DSAuthentication") Boolean is3DSAuthentication) {

    public CreateVaultingSessionRequest withVaultingNotificationUrl(String url) {
        return new CreateVaultingSessionRequest(paymentMethodType, vaultingRequestId, url, redirectUrl, merchantRegion, is3DSAuthentication);
    }
}
