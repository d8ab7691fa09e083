package io.vaultstream.antom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/** Test-only access to the openssl-made keys and vectors under src/test/resources/antom. */
public final class TestKeys {
    public static final String CLIENT_ID = "SANDBOX_5X00000000000000";

    private TestKeys() {}

    public static Path resource(String name) {
        try {
            return Path.of(TestKeys.class.getResource("/antom/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(String name) {
        try {
            return Files.readString(resource(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PrivateKey merchantPrivate() {
        return PemKeys.readPrivateKey(resource("merchant-private.pem"));
    }

    public static List<PublicKey> merchantPublic() {
        return PemKeys.readPublicKeys(resource("merchant-public.pem"));
    }

    public static PrivateKey antomPrivate() {
        return PemKeys.readPrivateKey(resource("antom-private.pem"));
    }

    public static List<PublicKey> antomPublic() {
        return PemKeys.readPublicKeys(resource("antom-public.pem"));
    }

    public static List<PublicKey> otherPublic() {
        return PemKeys.readPublicKeys(resource("other-public.pem"));
    }
}
