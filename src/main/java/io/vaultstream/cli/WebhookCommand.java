package io.vaultstream.cli;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.http.Metrics;
import io.vaultstream.kafka.SchemaRegistrar;
import io.vaultstream.kafka.TopicSetup;
import io.vaultstream.webhook.WebhookService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code vaultstream webhook}: runs the notification ingester until SIGTERM / Ctrl-C. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "Receive Antom's notifyVaulting, verify it and write it to the notifications topic.")
final class WebhookCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
        VaultstreamConfig settings = config.load();
        WebhookService service = new WebhookService(settings, Metrics.newRegistry("webhook"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "webhook-shutdown"));
        try {
            service.start();
        } catch (TopicSetup.TopicSetupException | SchemaRegistrar.SchemaRegistryException e) {
            // Kafka or the registry unreachable / misconfigured: the user's to fix, one line is enough
            throw new UserFacingException(e.getMessage(), e);
        }
        System.err.println("vaultstream webhook listening on port " + service.port());
        stopped.await();
        return 0;
    }
}
