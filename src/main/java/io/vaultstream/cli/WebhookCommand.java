package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream webhook}: not available in this build yet. */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Not available yet.")
final class WebhookCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream webhook: not available yet in this build");
        return 2;
    }
}
