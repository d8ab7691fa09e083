package io.vaultstream.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts fixed at build time (the default serde differs between the default build and the confluent profile). */
public final class BuildInfo {

    private static final Properties PROPS = load();

    private BuildInfo() {}

    /** "apicurio" in the default build, "confluent" with -Pconfluent. */
    public static String defaultSerde() {
        return PROPS.getProperty("serde.default", "apicurio");
    }

    /** The project version. */
    public static String version() {
        return PROPS.getProperty("version", "dev");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/vaultstream-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vaultstream-build.properties", e);
        }
        return p;
    }
}
