package io.vaultstream.cli;

import io.vaultstream.config.ConfigDocs;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code vaultstream config-docs}: prints the Markdown configuration table the README embeds. */
@Command(name = "config-docs", mixinStandardHelpOptions = true,
        description = "Print the configuration table (Markdown) generated from the declarations.")
final class ConfigDocsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(ConfigDocs.markdownTable());
        return 0;
    }
}
