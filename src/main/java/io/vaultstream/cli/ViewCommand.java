package io.vaultstream.cli;

import io.vaultstream.view.ViewService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code vaultstream view}: the Kafka Streams status view with its query API and dashboard. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Run the status view (Kafka Streams), its query API, the reconciler and the dashboard.")
final class ViewCommand implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
        return RoleRunner.run(new ViewService(config.load()), "serving on port {port}");
    }
}
