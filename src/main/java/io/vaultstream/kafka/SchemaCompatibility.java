package io.vaultstream.kafka;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * FULL_TRANSITIVE compatibility with Avro's own checker: a new schema must read data written with every
 * released version (backward) and every released version must read data written with it (forward).
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {}

    /** Problems of {@code candidate} against each released schema; empty when fully compatible. */
    public static List<String> fullTransitiveProblems(Schema candidate, List<Schema> released) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < released.size(); i++) {
            Schema old = released.get(i);
            check(problems, "backward (new reads v" + (i + 1) + ")", candidate, old);
            check(problems, "forward (v" + (i + 1) + " reads new)", old, candidate);
        }
        return problems;
    }

    private static void check(List<String> problems, String direction, Schema reader, Schema writer) {
        SchemaPairCompatibility c = org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (c.getType() != SchemaCompatibilityType.COMPATIBLE) {
            c.getResult().getIncompatibilities().forEach(inc -> problems.add(direction + ": " + inc.getType()
                    + " at " + inc.getLocation() + " (" + inc.getMessage() + ")"));
        }
    }

    /**
     * Checks every {@code schemas/*.avsc} against {@code schemas/released/<Name>/*.avsc}; returns the
     * problems, each prefixed with the schema name.
     */
    public static List<String> checkDirectory(Path schemasDir) throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> current = Files.list(schemasDir)) {
            for (Path file : current.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                Schema candidate = new Schema.Parser().parse(file.toFile());
                Path releasedDir = schemasDir.resolve("released").resolve(candidate.getName());
                if (!Files.isDirectory(releasedDir)) {
                    continue; // never released: nothing to stay compatible with
                }
                List<Schema> released = new ArrayList<>();
                try (Stream<Path> r = Files.list(releasedDir)) {
                    for (Path v : r.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                        released.add(new Schema.Parser().parse(v.toFile()));
                    }
                }
                fullTransitiveProblems(candidate, released).forEach(p -> problems.add(candidate.getName() + ": " + p));
            }
        }
        return problems;
    }
}
