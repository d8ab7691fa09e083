package io.vaultstream.antom;

/** The body of {@code inquireVaulting}: ask for the state of a vaulting request. */
public record InquireVaultingRequest(String vaultingRequestId, String merchantAccountId) {
    public static InquireVaultingRequest of(String vaultingRequestId) {
        return new InquireVaultingRequest(vaultingRequestId, null);
    }
}
