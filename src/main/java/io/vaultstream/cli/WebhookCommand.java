package io.vaultstream.cli;

import io.vaultstream.http.Metrics;
import io.vaultstream.webhook.WebhookService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream webhook}: runs the notification ingester until SIGTERM / Ctrl-C. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "Receive Antom's notifyVaulting, verify it and write it to the notifications topic.")
final class WebhookCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
        return RoleRunner.run(new WebhookService(config.load(), Metrics.newRegistry("webhook")), "listening on port {port}");
    }
}
