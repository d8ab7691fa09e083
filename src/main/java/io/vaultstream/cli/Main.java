package io.vaultstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the single vaultstream jar: parses the command line and runs one sub-command. */
@Command(
        name = "vaultstream",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Antom card vaulting through Apache Kafka.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code; used by tests that drive the CLI in-process. */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vaultstream " + (v == null ? "dev" : v)};
        }
    }
}
