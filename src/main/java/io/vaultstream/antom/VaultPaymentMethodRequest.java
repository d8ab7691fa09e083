package io.vaultstream.antom;

/** The body of {@code vaultPaymentMethod}: vault a card from raw card data. */
public record VaultPaymentMethodRequest(
        String vaultingRequestId,
        String vaultingNotificationUrl,
        String redirectUrl,
        String merchantRegion,
        PaymentMethodDetail paymentMethodDetail,
        Env env,
        String merchantAccountId,
        String metadata) {

    /** The same request with another request id (tests and the demo derive requests from templates). */
    public VaultPaymentMethodRequest withVaultingRequestId(String id) {
        return new VaultPaymentMethodRequest(id, vaultingNotificationUrl, redirectUrl, merchantRegion, paymentMethodDetail, env,
                merchantAccountId, metadata);
    }

    /** The same request with another notification URL (the processor fills it from {@code webhook.public-url}). */
    public VaultPaymentMethodRequest withVaultingNotificationUrl(String url) {
        return new VaultPaymentMethodRequest(vaultingRequestId, url, redirectUrl, merchantRegion, paymentMethodDetail, env,
                merchantAccountId, metadata);
    }
}
