package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream status}: not available in this build yet. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Not available yet.")
final class StatusCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream status: not available yet in this build");
        return 2;
    }
}
