package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream dlq}: not available in this build yet. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Not available yet.")
final class DlqCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream dlq: not available yet in this build");
        return 2;
    }
}
