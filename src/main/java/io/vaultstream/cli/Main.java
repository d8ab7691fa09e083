package io.vaultstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the single vaultstream jar: parses the command line and runs one sub-command. */
@Command(
        name = "vaultstream",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Antom card vaulting through Apache Kafka.",
        subcommands = {
            DevCommand.class, ProcessorCommand.class, WebhookCommand.class, ViewCommand.class, SandboxCommand.class,
            SendCommand.class, StatusCommand.class, InquireCommand.class, DlqCommand.class, BenchCommand.class,
            ConfigDocsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code; used by tests that drive the CLI in-process. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // configuration and start-up problems are the user's to fix: one clear line, no stack trace
            if (ex instanceof org.apache.kafka.common.config.ConfigException
                    || ex instanceof UserFacingException
                    || ex instanceof io.vaultstream.kafka.TopicSetup.TopicSetupException
                    || ex instanceof io.vaultstream.kafka.SchemaRegistrar.SchemaRegistryException) {
                cmd.getErr().println("vaultstream " + cmd.getCommandName() + ": " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vaultstream " + io.vaultstream.config.BuildInfo.version()};
        }
    }
}
