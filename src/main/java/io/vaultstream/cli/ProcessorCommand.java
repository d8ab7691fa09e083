package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream processor}: not available in this build yet. */
@Command(name = "processor", mixinStandardHelpOptions = true, description = "Not available yet.")
final class ProcessorCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream processor: not available yet in this build");
        return 2;
    }
}
