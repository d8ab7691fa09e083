package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream view}: not available in this build yet. */
@Command(name = "view", mixinStandardHelpOptions = true, description = "Not available yet.")
final class ViewCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream view: not available yet in this build");
        return 2;
    }
}
