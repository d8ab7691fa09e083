package io.vaultstream.deploy;

import io.vaultstream.cli.Main;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The pom's Jib configuration builds one non-root Java 17 image that can run every role. */
class JibImageConfigTest {

    private final JibImage jib = JibImage.fromPom();

    @Test
    void jibIsPinnedAndNeverRunsDuringTheBuild() {
        assertThat(jib.pluginVersion()).as("pinned jib-maven-plugin version").matches("\\d+\\.\\d+\\.\\d+");
        // CI has no registry and no Docker engine: `mvn verify` must never try to build the image
        assertThat(jib.boundToAPhase()).as("jib-maven-plugin has <executions>").isFalse();
    }

    @Test
    void imageIsTheJava17JreWithTheCliAsEntrypoint() {
        assertThat(jib.baseImage()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(jib.mainClass()).isEqualTo(Main.class.getName());
        Element shade = PomModel.read(DeployFiles.file("pom.xml")).buildPlugin("maven-shade-plugin").orElseThrow();
        assertThat(shade.getElementsByTagNameNS("*", "mainClass").item(0).getTextContent().trim())
                .as("the fat jar and the image start the same main class")
                .isEqualTo(jib.mainClass());
    }

    @Test
    void imageIsNamedAfterTheProjectVersion() {
        assertThat(jib.image()).isEqualTo("vaultstream:" + PomModel.read(DeployFiles.file("pom.xml")).version());
    }

    @Test
    void imageRunsAsANumericNonRootUser() {
        assertThat(jib.user()).matches("\\d+:\\d+");
        assertThat(jib.uid()).as("uid").isPositive();
        assertThat(jib.user().split(":")[1]).as("gid").isNotEqualTo("0");
    }

    @Test
    void imageExposesExactlyThePortsOfTheRoles() {
        Set<Integer> rolePorts = ConfigEnv.ROLE_PORT_KEYS.values().stream().map(ConfigEnv::intDefault).collect(Collectors.toSet());
        assertThat(jib.ports()).containsExactlyInAnyOrderElementsOf(rolePorts);
    }

    @Test
    void heapFollowsTheContainerMemoryLimitAndTmpIsTheOnlyScratchSpace() {
        assertThat(jib.environment().getOrDefault("JAVA_TOOL_OPTIONS", "") + " " + String.join(" ", jib.jvmFlags()))
                .contains("-XX:MaxRAMPercentage=")
                .doesNotContain("-Xmx");
        assertThat(jib.jvmFlags()).contains("-Djava.io.tmpdir=/tmp");
    }

    @Test
    void defaultArgumentsStartNoRole() {
        // the role is the container's argument; without one the image prints the CLI's help
        assertThat(jib.args()).doesNotContainAnyElementsOf(ConfigEnv.ROLE_PORT_KEYS.keySet());
    }
}
