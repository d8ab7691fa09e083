package io.vaultstream.antom;

/** The card's billing address; cardholder data, so {@link #toString()} shows only the region. */
public record BillingAddress(String region, String state, String city, String address1, String address2, String zipCode) {
    @Override
    public String toString() {
        return "BillingAddress[region=" + region + ", rest redacted]";
    }
}
