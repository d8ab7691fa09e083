package io.vaultstream.cli;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.processor.ProcessorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vaultstream processor}: runs the command processor role until stopped. */
@Command(name = "processor", mixinStandardHelpOptions = true,
        description = "Run the command processor: consume commands, call Antom, publish results exactly once. "
                + "Health and metrics on processor.port.")
final class ProcessorCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        VaultstreamConfig cfg = config.load();
        ProcessorService service = new ProcessorService(cfg);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            service.close();
        }, "processor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
        } catch (RuntimeException e) {
            service.close();
            throw new UserFacingException("cannot start: " + e.getMessage(), e);
        }
        while (!stop.await(1, TimeUnit.SECONDS)) {
            if (!service.engine().isRunning()) {
                Throwable failure = service.engine().failure();
                service.close();
                Runtime.getRuntime().removeShutdownHook(hook);
                throw new UserFacingException("stopped: " + (failure == null ? "the engine ended" : failure.toString()));
            }
        }
        return 0;
    }
}
