package io.vaultstream.cli;

import io.vaultstream.config.VaultstreamConfig;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The {@code --config FILE} option shared by every command, and config loading with log set-up. */
final class ConfigOption {

    /** Where {@code dev} writes the client settings that send/status/inquire/dlq pick up by default. */
    static final Path DEV_CLIENT_PROPERTIES = Path.of(".vaultstream-dev", "client.properties");

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with vaultstream settings (environment VAULTSTREAM_* wins over it).")
    Path file;

    /** Loads config (file, environment) and applies the logging settings. */
    VaultstreamConfig load() {
        return load(Map.of());
    }

    VaultstreamConfig load(Map<String, String> overrides) {
        VaultstreamConfig config = VaultstreamConfig.load(file, System.getenv(), overrides);
        LoggingSetup.apply(config.getString("log.level"), config.getString("log.format"));
        return config;
    }

    /** Like {@link #load()}, but falls back to a local dev's client.properties when no --config is given. */
    VaultstreamConfig loadClient() {
        if (file == null && Files.isRegularFile(DEV_CLIENT_PROPERTIES)) {
            file = DEV_CLIENT_PROPERTIES;
        }
        return load();
    }
}
