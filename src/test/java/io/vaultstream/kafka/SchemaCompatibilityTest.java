package io.vaultstream.kafka;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCompatibilityTest {

    @Test
    void everyCurrentSchemaIsFullTransitiveCompatibleWithEveryReleasedVersion() throws Exception {
        assertThat(SchemaCompatibility.checkDirectory(Path.of("schemas"))).isEmpty();
    }

    @Test
    void everyCurrentSchemaHasAReleasedVersion() throws Exception {
        for (String name : List.of("VaultCommand", "VaultResult", "VaultNotification", "VaultStatus", "DeadLetter")) {
            assertThat(Path.of("schemas", "released", name)).isDirectory();
        }
    }

    @Test
    void addingAFieldWithoutDefaultBreaksFullTransitive() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().requiredString("a").requiredString("b").endRecord();
        assertThat(SchemaCompatibility.fullTransitiveProblems(v2, List.of(v1)))
                .anySatisfy(p -> assertThat(p).startsWith("backward").contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    }

    @Test
    void removingAFieldWithoutDefaultBreaksForwardCompatibility() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").requiredString("b").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        assertThat(SchemaCompatibility.fullTransitiveProblems(v2, List.of(v1)))
                .anySatisfy(p -> assertThat(p).startsWith("forward"));
    }

    @Test
    void breakingAnOlderReleaseFailsEvenWhenTheNewestIsCompatible() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().requiredString("a").optionalString("b").endRecord();
        Schema v3 = SchemaBuilder.record("R").fields().optionalString("b").endRecord();
        assertThat(SchemaCompatibility.fullTransitiveProblems(v3, List.of(v1, v2))).anySatisfy(p -> assertThat(p).contains("v1"));
    }

    @Test
    void addingAnOptionalFieldIsCompatible() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().requiredString("a").optionalString("b").endRecord();
        assertThat(SchemaCompatibility.fullTransitiveProblems(v2, List.of(v1))).isEmpty();
    }
}
