package io.vaultstream.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Config validators whose messages name the key and the rule, in Kafka's {@link ConfigDef.Validator} style. */
public final class Validators {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private Validators() {}

    /** Accepts null, otherwise delegates. */
    public static ConfigDef.Validator nullOr(ConfigDef.Validator inner) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    inner.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                return inner + " (optional)";
            }
        };
    }

    /** An absolute http or https URL with a host. */
    public static ConfigDef.Validator absoluteHttpUrl() {
        return described("an absolute http(s) URL", (name, value) -> {
            String s = value.toString();
            try {
                URI uri = new URI(s);
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    throw new ConfigException(name, value, "must be an absolute http(s) URL with a host");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "must be an absolute http(s) URL: " + e.getReason());
            }
        });
    }

    /** A URL path starting with '/'. */
    public static ConfigDef.Validator urlPath() {
        return described("a path starting with /", (name, value) -> {
            String s = value.toString();
            if (!s.startsWith("/") || s.contains("?") || s.contains("#") || s.contains(" ")) {
                throw new ConfigException(name, value, "must be a URL path starting with / (no query, fragment or spaces)");
            }
        });
    }

    /** A legal Kafka topic name. */
    public static ConfigDef.Validator topicName() {
        return described("a Kafka topic name", (name, value) -> {
            if (!TOPIC.matcher(value.toString()).matches() || value.equals(".") || value.equals("..")) {
                throw new ConfigException(name, value, "must be a Kafka topic name: 1-249 of [a-zA-Z0-9._-]");
            }
        });
    }

    /** -1 (broker default) or a positive replication factor. */
    public static ConfigDef.Validator replicationFactor() {
        return described("-1 or 1..32767", (name, value) -> {
            short rf = (Short) value;
            if (rf == 0 || rf < -1) {
                throw new ConfigException(name, value, "must be -1 (broker default) or at least 1");
            }
        });
    }

    /** At most {@code max} characters. */
    public static ConfigDef.Validator maxLength(int max) {
        return described("at most " + max + " characters", (name, value) -> {
            if (value.toString().isEmpty() || value.toString().length() > max) {
                throw new ConfigException(name, value, "must be 1 to " + max + " characters");
            }
        });
    }

    /** An existing, readable regular file; the message names the file but never its content. */
    public static ConfigDef.Validator readableFile() {
        return described("a readable file", (name, value) -> {
            Path p = Path.of(value.toString());
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(name, value, "file does not exist or is not a regular file");
            }
            if (!Files.isReadable(p)) {
                throw new ConfigException(name, value, "file is not readable");
            }
        });
    }

    private static ConfigDef.Validator described(String description, ConfigDef.Validator v) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                v.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
