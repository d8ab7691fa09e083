package io.vaultstream.antom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

/**
 * Antom's SHA256withRSA signing scheme over {@code POST <path>\n<clientId>.<time>.<body>}, used
 * for requests (merchant signs), responses and notifications (Antom signs). Thread-safe.
 */
public final class AntomSigner {
    private static final String ALGORITHM = "SHA256withRSA";

    private final PrivateKey privateKey;
    private final String keyVersion;

    /** A signer with the given private key; {@code keyVersion} goes into the header. */
    public AntomSigner(PrivateKey privateKey, String keyVersion) {
        this.privateKey = privateKey;
        this.keyVersion = keyVersion;
    }

    /** The exact bytes that get signed: {@code POST <path>\n<clientId>.<time>.} followed by the body bytes. */
    public static byte[] content(String path, String clientId, String time, byte[] body) {
        byte[] head = head(path, clientId, time);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
        out.writeBytes(head);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The signed content before the body; the signature is fed the head and the body without copying them together. */
    private static byte[] head(String path, String clientId, String time) {
        return ("POST " + path + "\n" + clientId + "." + time + ".").getBytes(StandardCharsets.UTF_8);
    }

    /** Signs and returns the plain base64 signature (not URL-encoded). */
    public String signBase64(String path, String clientId, String time, byte[] body) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(head(path, clientId, time));
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Signs and returns the full {@code Signature} header value. */
    public String signatureHeader(String path, String clientId, String time, byte[] body) {
        return new SignatureHeader(SignatureHeader.RSA256, keyVersion, signBase64(path, clientId, time, body)).format();
    }

    /** True when the base64 signature verifies over the content with any of the keys (rotation). */
    public static boolean verify(List<PublicKey> keys, String path, String clientId, String time, byte[] body, String base64Signature) {
        byte[] sig = canonicalBase64(base64Signature);
        if (sig == null) {
            return false;
        }
        byte[] head = head(path, clientId, time);
        for (PublicKey key : keys) {
            try {
                Signature s = Signature.getInstance(ALGORITHM);
                s.initVerify(key);
                s.update(head);
                s.update(body);
                if (s.verify(sig)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature or an unusable key is simply "does not verify" for this key
            }
        }
        return false;
    }

    /**
     * Decodes padded standard base64, or null when the text is not exactly the encoding of its bytes. Java's decoder
     * accepts a missing {@code =} and ignores the unused low bits of the last character, so several texts decode to
     * the same signature; only the one Antom produces is accepted, so an altered header never verifies.
     */
    private static byte[] canonicalBase64(String text) {
        String trimmed = text == null ? "" : text.trim();
        try {
            byte[] bytes = Base64.getDecoder().decode(trimmed);
            return bytes.length > 0 && Base64.getEncoder().encodeToString(bytes).equals(trimmed) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Verifies a {@code Signature} header value; throws naming the failed check.
     */
    public static void verifyHeader(List<PublicKey> keys, String path, String clientId, String time, byte[] body, String signatureHeader)
            throws InvalidSignatureException {
        SignatureHeader header = SignatureHeader.parse(signatureHeader);
        if (time == null || time.isBlank()) {
            throw new InvalidSignatureException("time header missing");
        }
        if (!verify(keys, path, clientId, time, body, header.signature())) {
            throw new InvalidSignatureException("signature does not verify with any configured key");
        }
    }

    @Override
    public String toString() {
        return "AntomSigner[keyVersion=" + keyVersion + "]";
    }
}
