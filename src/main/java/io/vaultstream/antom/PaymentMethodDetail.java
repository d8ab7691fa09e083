package io.vaultstream.antom;

/** Antom's {@code paymentMethodDetail}: the payment method type (always {@code CARD} here) and the card. */
public record PaymentMethodDetail(String paymentMethodType, Card card) {
    public static final String CARD = "CARD";

    public static PaymentMethodDetail card(Card card) {
        return new PaymentMethodDetail(CARD, card);
    }
}
