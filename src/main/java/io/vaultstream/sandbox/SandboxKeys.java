package io.vaultstream.sandbox;

import io.vaultstream.antom.PemKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/**
 * The two RSA key pairs a sandbox setup needs (merchant and "Antom"), generated and written as PEM
 * files so {@code dev} needs no set-up. Existing files are reused, so restarts keep the keys.
 */
public record SandboxKeys(PrivateKey merchantPrivate, PublicKey merchantPublic, PrivateKey antomPrivate, PublicKey antomPublic) {
    public static final String MERCHANT_PRIVATE = "merchant-private.pem";
    public static final String MERCHANT_PUBLIC = "merchant-public.pem";
    public static final String ANTOM_PRIVATE = "antom-private.pem";
    public static final String ANTOM_PUBLIC = "antom-public.pem";

    /** Reads the four key files from {@code dir}, generating and writing them first when any is missing. */
    public static SandboxKeys generateInto(Path dir) {
        try {
            Files.createDirectories(dir);
            boolean complete = List.of(MERCHANT_PRIVATE, MERCHANT_PUBLIC, ANTOM_PRIVATE, ANTOM_PUBLIC).stream()
                    .allMatch(f -> Files.isRegularFile(dir.resolve(f)));
            if (!complete) {
                KeyPair merchant = generate();
                KeyPair antom = generate();
                writePrivate(dir.resolve(MERCHANT_PRIVATE), merchant.getPrivate());
                Files.writeString(dir.resolve(MERCHANT_PUBLIC), PemKeys.toPem(merchant.getPublic()), StandardCharsets.US_ASCII);
                writePrivate(dir.resolve(ANTOM_PRIVATE), antom.getPrivate());
                Files.writeString(dir.resolve(ANTOM_PUBLIC), PemKeys.toPem(antom.getPublic()), StandardCharsets.US_ASCII);
            }
            return new SandboxKeys(PemKeys.readPrivateKey(dir.resolve(MERCHANT_PRIVATE)), PemKeys.readPublicKeys(dir.resolve(MERCHANT_PUBLIC)).get(0),
                    PemKeys.readPrivateKey(dir.resolve(ANTOM_PRIVATE)), PemKeys.readPublicKeys(dir.resolve(ANTOM_PUBLIC)).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write sandbox keys", e);
        }
    }

    /** A fresh in-memory pair of key pairs, for tests. */
    public static SandboxKeys inMemory() {
        KeyPair merchant = generate();
        KeyPair antom = generate();
        return new SandboxKeys(merchant.getPrivate(), merchant.getPublic(), antom.getPrivate(), antom.getPublic());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    private static void writePrivate(Path file, PrivateKey key) throws IOException {
        Files.writeString(file, PemKeys.toPem(key), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // non-POSIX file systems keep their default permissions
        }
    }

    @Override
    public String toString() {
        return "SandboxKeys[redacted]";
    }
}
