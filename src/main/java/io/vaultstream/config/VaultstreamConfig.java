package io.vaultstream.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Typed, validated vaultstream settings from the environment, a properties file and the defaults.
 *
 * <p>Precedence, highest first: environment ({@code VAULTSTREAM_...}), {@code --config FILE}, declared
 * defaults. Unknown keys are an error, except in the pass-through namespaces of
 * {@link ConfigKeys#PASS_THROUGH_PREFIXES}. Every failure is a {@link ConfigException} naming the key,
 * where it came from, and the rule.
 */
public final class VaultstreamConfig extends AbstractConfig {

    private final Map<String, String> passThrough;

    private VaultstreamConfig(Map<String, String> declared, Map<String, String> passThrough) {
        super(ConfigKeys.DEFINITION, declared, false);
        this.passThrough = Map.copyOf(passThrough);
    }

    /** Loads from an optional file and the given environment (normally {@code System.getenv()}). */
    public static VaultstreamConfig load(Path file, Map<String, String> env) {
        return load(file, env, Map.of());
    }

    /**
     * Loads from an optional file, the environment and overrides that rank above the file but below the
     * environment (used by {@code dev} to wire its parts together).
     */
    public static VaultstreamConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        Map<String, String> origin = new HashMap<>();
        if (file != null) {
            readFile(file).forEach((k, v) -> {
                merged.put(k, v);
                origin.put(k, "file " + file);
            });
        }
        overrides.forEach((k, v) -> {
            merged.put(k, v);
            origin.put(k, "override");
        });
        fromEnvironment(env).forEach((k, v) -> {
            merged.put(k, v);
            origin.put(k, "environment " + ConfigKeys.envName(k));
        });
        return of(merged, origin);
    }

    /** Builds from a flat map (tests, embedded use). */
    public static VaultstreamConfig of(Map<String, String> values) {
        return of(values, Map.of());
    }

    private static VaultstreamConfig of(Map<String, String> values, Map<String, String> origin) {
        Map<String, String> declared = new TreeMap<>();
        Map<String, String> passThrough = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (ConfigKeys.DEFINITION.names().contains(key)) {
                declared.put(key, e.getValue());
            } else if (isPassThrough(key)) {
                passThrough.put(key, e.getValue());
            } else {
                throw new ConfigException("Unknown configuration key '" + key + "'"
                        + Optional.ofNullable(origin.get(key)).map(o -> " (from " + o + ")").orElse("")
                        + "; see the configuration table in README.md");
            }
        }
        try {
            return new VaultstreamConfig(declared, passThrough);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + explainOrigin(e.getMessage(), origin));
        }
    }

    private static String explainOrigin(String message, Map<String, String> origin) {
        for (Map.Entry<String, String> o : origin.entrySet()) {
            if (message.contains(" " + o.getKey() + ":") || message.contains("\"" + o.getKey() + "\"")
                    || message.contains(" " + o.getKey() + " ")) {
                return " (from " + o.getValue() + ")";
            }
        }
        return "";
    }

    private static boolean isPassThrough(String key) {
        for (String prefix : ConfigKeys.PASS_THROUGH_PREFIXES) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Configuration file " + file + " does not exist or is not a regular file");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Configuration file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k).trim()));
        return m;
    }

    /**
     * Maps {@code VAULTSTREAM_*} variables to keys: a declared key by its exact env name; else a
     * pass-through key, where '_' after the namespace becomes '.' (Kafka's own keys use dots).
     */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> byEnvName = new HashMap<>();
        ConfigKeys.DEFINITION.names().forEach(k -> byEnvName.put(ConfigKeys.envName(k), k));
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("VAULTSTREAM_")) {
                continue;
            }
            String key = byEnvName.get(name);
            if (key == null) {
                key = passThroughKey(name.substring("VAULTSTREAM_".length()));
            }
            if (key == null) {
                throw new ConfigException("Unknown configuration environment variable " + name
                        + "; see the configuration table in README.md");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    private static String passThroughKey(String rest) {
        for (String prefix : ConfigKeys.PASS_THROUGH_PREFIXES) {
            String envPrefix = prefix.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
            if (rest.startsWith(envPrefix) && rest.length() > envPrefix.length()) {
                return prefix + rest.substring(envPrefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
            }
        }
        return null;
    }

    /** The value of a string key, or empty. */
    public Optional<String> optionalString(String key) {
        return Optional.ofNullable(getString(key));
    }

    /** The value of a string key that the current role needs; fails naming the key when unset. */
    public String requireString(String key, String role) {
        String v = getString(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException("Missing required configuration '" + key + "' for " + role
                    + " (set it in --config or as " + ConfigKeys.envName(key) + ")");
        }
        return v;
    }

    /** A file key the current role needs; fails naming the key when unset (existence is checked at load). */
    public Path requireFile(String key, String role) {
        return Path.of(requireString(key, role));
    }

    /** The clear value of a password key, or empty. */
    public Optional<String> optionalPassword(String key) {
        Password p = getPassword(key);
        return p == null ? Optional.empty() : Optional.of(p.value());
    }

    /**
     * Client properties for one Kafka client kind: bootstrap servers, then {@code kafka.*} (the generic
     * namespace), then {@code kafka.<kind>.*}, later ones winning.
     */
    public Map<String, Object> kafkaClientProps(KafkaClientKind kind) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", String.join(",", getList(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS)));
        String kindPrefix = kind.prefix();
        passThrough.forEach((k, v) -> {
            if (k.startsWith("kafka.") && !KafkaClientKind.isKindSpecific(k)) {
                props.put(k.substring("kafka.".length()), v);
            }
        });
        passThrough.forEach((k, v) -> {
            if (k.startsWith(kindPrefix)) {
                props.put(k.substring(kindPrefix.length()), v);
            }
        });
        return props;
    }

    /** Extra serde settings from the {@code registry.*} namespace, prefix removed. */
    public Map<String, Object> registryProps() {
        Map<String, Object> props = new HashMap<>();
        passThrough.forEach((k, v) -> {
            if (k.startsWith("registry.")) {
                props.put(k.substring("registry.".length()), v);
            }
        });
        return props;
    }

    /** The pass-through keys as given, for diagnostics. */
    public Map<String, String> passThrough() {
        return passThrough;
    }

    /** Kafka client kinds with their own pass-through namespace. */
    public enum KafkaClientKind {
        PRODUCER("kafka.producer."), CONSUMER("kafka.consumer."), STREAMS("kafka.streams."), ADMIN("kafka.admin.");

        private final String prefix;

        KafkaClientKind(String prefix) {
            this.prefix = prefix;
        }

        String prefix() {
            return prefix;
        }

        static boolean isKindSpecific(String key) {
            for (KafkaClientKind k : values()) {
                if (key.startsWith(k.prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
