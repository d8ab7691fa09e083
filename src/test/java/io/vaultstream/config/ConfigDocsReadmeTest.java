package io.vaultstream.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDocsReadmeTest {

    @Test
    void readmeConfigurationTableMatchesTheDeclarations() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(ConfigDocs.BEGIN);
        int end = readme.indexOf(ConfigDocs.END);
        assertThat(begin).as("README has the config table markers").isGreaterThanOrEqualTo(0);
        assertThat(end).isGreaterThan(begin);
        String table = readme.substring(begin + ConfigDocs.BEGIN.length(), end).strip();
        assertThat(table)
                .as("README table is stale: regenerate with `java -jar target/vaultstream.jar config-docs`")
                .isEqualTo(ConfigDocs.markdownTable().strip());
    }
}
