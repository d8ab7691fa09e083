package io.vaultstream.deploy;

import io.vaultstream.config.ConfigKeys;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@code VAULTSTREAM_*} environment variables back to configuration keys, the way
 * {@code VaultstreamConfig.fromEnvironment} does, and checks a value against the key's declaration.
 */
final class ConfigEnv {

    static final String PREFIX = "VAULTSTREAM_";

    /** The roles, each a sub-command of the one image, with the key of the port it serves on. */
    static final Map<String, String> ROLE_PORT_KEYS = Map.of(
            "processor", ConfigKeys.PROCESSOR_PORT,
            "webhook", ConfigKeys.WEBHOOK_PORT,
            "view", ConfigKeys.VIEW_PORT,
            "sandbox", ConfigKeys.SANDBOX_PORT);

    private ConfigEnv() {}

    /**
     * The key a variable sets: a declared key by its exact environment name, else a pass-through key
     * with '_' read as '.' after the namespace; empty when the configuration would reject the variable.
     */
    static Optional<String> keyFor(String envName) {
        if (!envName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (String key : ConfigKeys.DEFINITION.names()) {
            if (ConfigKeys.envName(key).equals(envName)) {
                return Optional.of(key);
            }
        }
        String rest = envName.substring(PREFIX.length());
        for (String prefix : ConfigKeys.PASS_THROUGH_PREFIXES) {
            String envPrefix = prefix.toUpperCase(Locale.ROOT).replace('.', '_');
            if (rest.startsWith(envPrefix) && rest.length() > envPrefix.length()) {
                return Optional.of(prefix + rest.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code value} is not acceptable for the variable, or empty when it is. Declared keys are parsed
     * with their type and run through their validator; file keys are checked for shape only (an absolute
     * path), since the files exist only inside the container.
     */
    static Optional<String> problem(String envName, String value) {
        Optional<String> key = keyFor(envName);
        if (key.isEmpty()) {
            return nameProblem(envName);
        }
        ConfigDef.ConfigKey declared = ConfigKeys.DEFINITION.configKeys().get(key.get());
        if (declared == null) {
            return Optional.empty();
        }
        try {
            Object parsed = ConfigDef.parseType(declared.name, value, declared.type);
            if (declared.name.endsWith("-file") || declared.name.endsWith("-dir")) {
                if (!value.startsWith("/")) {
                    return Optional.of(envName + " must be an absolute path inside the container, not " + value);
                }
            } else if (declared.validator != null) {
                declared.validator.ensureValid(declared.name, parsed);
            }
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(envName + ": " + e.getMessage());
        }
    }

    /** Why the configuration would reject a variable of this name, or empty when it maps to a key. */
    static Optional<String> nameProblem(String envName) {
        return keyFor(envName).isPresent()
                ? Optional.empty()
                : Optional.of(envName + " maps to no declared key and no pass-through namespace");
    }

    /** The declared default of an int key (a role's port, the partition count). */
    static int intDefault(String key) {
        return (Integer) ConfigKeys.DEFINITION.defaultValues().get(key);
    }

    /** The declared default of a string key. */
    static String stringDefault(String key) {
        return (String) ConfigKeys.DEFINITION.defaultValues().get(key);
    }

    /** The port a role listens on given its environment: the override when set, else the declared default. */
    static int rolePort(String role, Map<String, String> env) {
        String key = ROLE_PORT_KEYS.get(role);
        String override = env.get(ConfigKeys.envName(key));
        return override != null ? Integer.parseInt(override) : intDefault(key);
    }
}
