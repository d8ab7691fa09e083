package io.vaultstream.cli;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.processor.Commands;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vaultstream inquire ID}: produce an inquiry command; the processor asks Antom and publishes the answer. */
@Command(name = "inquire", mixinStandardHelpOptions = true,
        description = "Produce an inquireVaulting command for a vaultingRequestId; prints the id on stdout.")
final class InquireCommand implements Callable<Integer> {

    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The vaultingRequestId to ask Antom about.")
    String id;

    @Option(names = "--merchant-account-id", paramLabel = "X", description = "Antom merchantAccountId, when the merchant has several.")
    String merchantAccountId;

    @Override
    public Integer call() {
        if (id.isBlank() || id.length() > 64) {
            throw new UserFacingException("ID: must be 1 to 64 characters");
        }
        VaultstreamConfig cfg = config.loadClient();
        VaultCommand command = Commands.inquire(id, merchantAccountId, "CLI", null, Instant.now());
        try (CommandProducer producer = new CommandProducer(cfg)) {
            CommandProducer.await(producer.send(command));
        }
        spec.commandLine().getOut().println(id);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
