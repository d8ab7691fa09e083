package io.vaultstream.antom;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code Signature} header: {@code algorithm=RSA256,keyVersion=1,signature=<url-encoded base64>}.
 * Parsing tolerates spaces around parts and any order; {@link #signature()} is the decoded base64.
 */
public record SignatureHeader(String algorithm, String keyVersion, String signature) {

    /** The only algorithm Antom documents. */
    public static final String RSA256 = "RSA256";

    /** Formats the header value, URL-encoding the base64 signature as Antom requires. */
    public String format() {
        return "algorithm=" + algorithm + ",keyVersion=" + keyVersion + ",signature="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    /** Parses a header value; throws {@link InvalidSignatureException} naming what is missing or malformed. */
    public static SignatureHeader parse(String value) throws InvalidSignatureException {
        if (value == null || value.isBlank()) {
            throw new InvalidSignatureException("signature header missing");
        }
        String algorithm = null;
        String keyVersion = null;
        String signature = null;
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = part.substring(eq + 1).trim();
            switch (name) {
                case "algorithm" -> algorithm = v;
                case "keyversion" -> keyVersion = v;
                case "signature" -> signature = v;
                default -> { /* unknown parts are ignored for forward compatibility */ }
            }
        }
        if (signature == null || signature.isEmpty()) {
            throw new InvalidSignatureException("signature header has no signature part");
        }
        if (algorithm != null && !RSA256.equalsIgnoreCase(algorithm)) {
            throw new InvalidSignatureException("signature header names unsupported algorithm");
        }
        try {
            // a '+' that survives in an un-encoded signature must stay '+', not become a space
            String decoded = signature.contains("%") ? URLDecoder.decode(signature.replace("+", "%2B"), StandardCharsets.UTF_8) : signature;
            return new SignatureHeader(algorithm == null ? RSA256 : algorithm, keyVersion, decoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("signature header has a malformed URL-encoded signature");
        }
    }

    @Override
    public String toString() {
        return "SignatureHeader[algorithm=" + algorithm + ", keyVersion=" + keyVersion + "]";
    }
}
