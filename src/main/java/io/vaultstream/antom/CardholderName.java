package io.vaultstream.antom;

/** The cardholder's name; personal data, so {@link #toString()} hides it. */
public record CardholderName(String firstName, String middleName, String lastName, String fullName) {
    @Override
    public String toString() {
        return "CardholderName[redacted]";
    }
}
