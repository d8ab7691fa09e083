package io.vaultstream.antom;

/** Antom's {@code result} object: whether the call (not the vaulting) worked. */
public record Result(String resultCode, String resultStatus, String resultMessage) {
    public static final String SUCCESS = "S";
    public static final String FAILED = "F";
    public static final String UNKNOWN = "U";

    public static Result success() {
        return new Result("SUCCESS", SUCCESS, "success");
    }
}
