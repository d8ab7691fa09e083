package io.vaultstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream sandbox}: not available in this build yet. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "Not available yet.")
final class SandboxCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() {
        System.err.println("vaultstream sandbox: not available yet in this build");
        return 2;
    }
}
