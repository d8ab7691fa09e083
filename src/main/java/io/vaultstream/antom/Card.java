package io.vaultstream.antom;

/**
 * Antom's {@code card} object, for requests (cardNo, cvv, expiry, ...) and answers (cardToken,
 * maskedCardNo, brand, ...). {@code brand} is a plain string so brands Antom adds later survive.
 * {@link #toString()} never reveals the PAN, CVV, token, name or address.
 */
public record Card(
        String cardNo,
        String brand,
        CardholderName cardholderName,
        String expiryYear,
        String expiryMonth,
        String cvv,
        BillingAddress billingAddress,
        String cardToken,
        String maskedCardNo,
        String funding,
        String issuerName,
        String issuingCountry) {

    /** A request card with the fields a merchant sends. */
    public static Card of(String cardNo, String brand, CardholderName name, String expiryYear, String expiryMonth, String cvv,
            BillingAddress billingAddress) {
        return new Card(cardNo, brand, name, expiryYear, expiryMonth, cvv, billingAddress, null, null, null, null, null);
    }

    /** An answer card as Antom returns it after vaulting. */
    public static Card vaulted(String cardToken, String maskedCardNo, String brand) {
        return new Card(null, brand, null, null, null, null, null, cardToken, maskedCardNo, null, null, null);
    }

    /** The PAN masked to its last four digits (or null), safe to show or log. */
    public static String mask(String pan) {
        if (pan == null || pan.length() < 4) {
            return null;
        }
        return "*".repeat(pan.length() - 4) + pan.substring(pan.length() - 4);
    }

    @Override
    public String toString() {
        return "Card[brand=" + brand + ", maskedCardNo=" + maskedCardNo + ", expiry=" + (expiryMonth == null ? "-" : "**/**")
                + ", cardNo=" + (cardNo == null ? "null" : "<redacted>") + ", cvv=" + (cvv == null ? "null" : "<redacted>")
                + ", cardToken=" + (cardToken == null ? "null" : "<redacted>") + ", funding=" + funding + ", issuingCountry="
                + issuingCountry + "]";
    }
}
