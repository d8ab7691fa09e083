package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream send}: not available in this build yet. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Not available yet.")
final class SendCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream send: not available yet in this build");
        return 2;
    }
}
