package io.vaultstream.antom;

/** Valid request templates for tests. */
public final class Requests {
    public static final String PAN = "4242424242424242";
    public static final String CVV = "737";

    private Requests() {}

    public static VaultPaymentMethodRequest vault(String id, String pan) {
        Card card = Card.of(pan, "VISA", new CardholderName("Ada", null, "Lovelace", null), "30", "12", CVV,
                new BillingAddress("GB", null, "London", "1 Secret Street", null, "N1 9GU"));
        return new VaultPaymentMethodRequest(id, "https://merchant.example/antom/notifications/vaulting", "https://merchant.example/return",
                "GB", PaymentMethodDetail.card(card), Env.web("203.0.113.9", "Mozilla/5.0"), null, null);
    }

    public static VaultPaymentMethodRequest vault(String id) {
        return vault(id, PAN);
    }

    public static CreateVaultingSessionRequest session(String id) {
        return new CreateVaultingSessionRequest("CARD", id, "https://merchant.example/antom/notifications/vaulting",
                "https://merchant.example/return", "SG", true);
    }
}
