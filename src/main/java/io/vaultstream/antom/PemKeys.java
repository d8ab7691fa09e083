package io.vaultstream.antom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RSA keys from PEM files or bare base64 DER files: PKCS#8 private keys and X.509
 * SubjectPublicKeyInfo public keys. Errors name the file and the problem, never the key material.
 */
public final class PemKeys {
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemKeys() {}

    /** Reads one PKCS#8 RSA private key ({@code BEGIN PRIVATE KEY} or bare base64 DER). */
    public static PrivateKey readPrivateKey(Path file) {
        return parsePrivateKey(read(file), file.toString());
    }

    /** Reads every X.509 RSA public key in the file (several PEM blocks during a rotation, or one bare base64 DER). */
    public static List<PublicKey> readPublicKeys(Path file) {
        return parsePublicKeys(read(file), file.toString());
    }

    /** Parses a PKCS#8 private key from PEM or base64 text; {@code source} names it in errors. */
    public static PrivateKey parsePrivateKey(String text, String source) {
        List<byte[]> ders = blocks(text, source, "PRIVATE KEY");
        if (ders.size() != 1) {
            throw new KeyFileException(source + ": expected exactly one private key, found " + ders.size());
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(ders.get(0)));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(source + ": not a PKCS#8 RSA private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Parses one or more X.509 public keys from PEM or base64 text; {@code source} names it in errors. */
    public static List<PublicKey> parsePublicKeys(String text, String source) {
        List<byte[]> ders = blocks(text, source, "PUBLIC KEY");
        if (!text.contains("-----BEGIN")) {
            // bare base64 DER: one key, possibly wrapped, or during a rotation one key per line
            List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.size() > 1 && lines.stream().allMatch(l -> isPublicKey(decode(l, source)))) {
                ders = lines.stream().map(l -> decode(l, source)).toList();
            }
        }
        if (ders.isEmpty()) {
            throw new KeyFileException(source + ": no public key found");
        }
        List<PublicKey> keys = new ArrayList<>();
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            for (byte[] der : ders) {
                keys.add(factory.generatePublic(new X509EncodedKeySpec(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(source + ": not an X.509 RSA public key (" + e.getClass().getSimpleName() + ")");
        }
        return List.copyOf(keys);
    }

    /** Formats a key as PEM ({@code PRIVATE KEY} for PKCS#8, {@code PUBLIC KEY} for X.509). */
    public static String toPem(java.security.Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static boolean isPublicKey(byte[] der) {
        try {
            KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFileException(file + ": cannot read key file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static List<byte[]> blocks(String text, String source, String expectedType) {
        List<byte[]> ders = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new KeyFileException(source + ": key file is empty");
        }
        if (!trimmed.contains("-----BEGIN")) {
            ders.add(decode(trimmed, source));
            return ders;
        }
        Matcher m = PEM_BLOCK.matcher(trimmed);
        while (m.find()) {
            String type = m.group(1);
            if (!type.equals(expectedType)) {
                String hint = type.startsWith("RSA ") ? " (PKCS#1; convert with 'openssl pkcs8 -topk8 -nocrypt' or 'openssl rsa -pubin -RSAPublicKey_in')" : "";
                throw new KeyFileException(source + ": found a PEM block of type '" + type + "', expected '" + expectedType + "'" + hint);
            }
            ders.add(decode(m.group(2), source));
        }
        if (ders.isEmpty()) {
            throw new KeyFileException(source + ": malformed PEM (no complete BEGIN/END block)");
        }
        return ders;
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(source + ": key is not valid base64");
        }
    }
}
