package io.vaultstream.antom;

/** Whether an HTTP answer carried a valid Antom signature. */
public enum SignatureStatus {
    /** Signed by a configured Antom key over this request path and client id. */
    VERIFIED,
    /** No signature header (Antom does this only for its own signature errors). */
    MISSING,
    /** A signature header was present but did not verify, or the signing headers were incomplete or for another client. */
    INVALID,
    /** No HTTP answer at all. */
    NOT_APPLICABLE
}
