package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream inquire}: not available in this build yet. */
@Command(name = "inquire", mixinStandardHelpOptions = true, description = "Not available yet.")
final class InquireCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream inquire: not available yet in this build");
        return 2;
    }
}
