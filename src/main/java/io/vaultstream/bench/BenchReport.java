package io.vaultstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one benchmark run: what ran (command line, parameters, machine) and what was measured,
 * in sections of named values. Printed as a table, written as JSON; it never judges a number.
 */
public final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String benchmark;
    private final Map<String, Object> machine;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public BenchReport(String benchmark, Map<String, Object> machine) {
        this.benchmark = benchmark;
        this.machine = machine;
    }

    public String benchmark() {
        return benchmark;
    }

    public BenchReport parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /** The section of that name, created empty on first use; values keep insertion order. */
    public Map<String, Object> section(String name) {
        return sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    public BenchReport note(String text) {
        notes.add(text);
        return this;
    }

    public Map<String, Map<String, Object>> sections() {
        return Collections.unmodifiableMap(sections);
    }

    /** The whole report as a JSON-ready tree. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", benchmark);
        m.put("machine", machine);
        m.put("parameters", parameters);
        m.put("results", sections);
        m.put("notes", notes);
        return m;
    }

    /** Writes the JSON file (parent directories created) and returns its path. */
    public Path write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            JSON.writeValue(file.toFile(), toMap());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A plain-text table: one block per section, one line per value (nested maps flattened with dots). */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("== ").append(benchmark).append("  (").append(machine.get("cores")).append(" cores, ").append(machine.get("cpu")).append(", ")
                .append(machine.get("memoryGiB"))
                .append(" GiB, ").append(machine.get("java")).append(", load ").append(machine.get("loadAverage")).append(", ")
                .append(machine.get("date")).append(")\n");
        if (!parameters.isEmpty()) {
            sb.append("parameters: ").append(parameters).append('\n');
        }
        int width = 10;
        for (Map<String, Object> s : sections.values()) {
            for (String k : flatten("", s).keySet()) {
                width = Math.max(width, k.length());
            }
        }
        for (Map.Entry<String, Map<String, Object>> e : sections.entrySet()) {
            sb.append("-- ").append(e.getKey()).append('\n');
            for (Map.Entry<String, Object> v : flatten("", e.getValue()).entrySet()) {
                sb.append("  ").append(String.format("%-" + width + "s", v.getKey())).append("  ").append(v.getValue()).append('\n');
            }
        }
        for (String n : notes) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    private static Map<String, Object> flatten(String prefix, Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) nested;
                out.putAll(flatten(prefix + k + ".", typed));
            } else {
                out.put(prefix + k, v);
            }
        });
        return out;
    }
}
