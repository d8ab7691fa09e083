package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream bench}: not available in this build yet. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Not available yet.")
final class BenchCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream bench: not available yet in this build");
        return 2;
    }
}
