package io.vaultstream.antom;

/** The Antom vaulting APIs vaultstream calls, with the path each one is served (and signed) at. */
public enum AntomAction {
    VAULT_PAYMENT_METHOD("vaultPaymentMethod"),
    CREATE_VAULTING_SESSION("createVaultingSession"),
    INQUIRE_VAULTING("inquireVaulting");

    private static final String LIVE_PREFIX = "/ams/api/v1/vaults/";
    private static final String SANDBOX_PREFIX = "/ams/sandbox/api/v1/vaults/";

    private final String apiName;

    AntomAction(String apiName) {
        this.apiName = apiName;
    }

    /** The API name as it appears in the URL, e.g. {@code vaultPaymentMethod}. */
    public String apiName() {
        return apiName;
    }

    /** The full request path, which is also the path that gets signed. */
    public String path(boolean sandbox) {
        return (sandbox ? SANDBOX_PREFIX : LIVE_PREFIX) + apiName;
    }

    /** The action served at the given API name, or null when there is none. */
    public static AntomAction fromApiName(String name) {
        for (AntomAction a : values()) {
            if (a.apiName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
