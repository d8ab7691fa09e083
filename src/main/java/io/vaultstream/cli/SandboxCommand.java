package io.vaultstream.cli;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.sandbox.SandboxService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code vaultstream sandbox}: the Antom-compatible sandbox on its own, from configuration. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run the Antom-compatible sandbox (signature-checking, fault-injecting) until stopped.")
final class SandboxCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
        VaultstreamConfig cfg = config.load();
        SandboxService service = new SandboxService(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        service.start();
        System.out.println("Antom sandbox on http://localhost:" + service.port() + " (keys in " + service.keyDir() + ")");
        stopped.await();
        return 0;
    }
}
