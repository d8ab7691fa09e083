package io.vaultstream.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Locates and reads the deployment files of the checkout (pom.xml, compose files, k8s/). */
final class DeployFiles {

    private static final Pattern INTERPOLATION_WITH_DEFAULT = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)}");

    private DeployFiles() {}

    /** The project's base directory: surefire's {@code basedir}, else the working directory. */
    static Path root() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
            throw new IllegalStateException("no pom.xml in " + dir + "; run the tests from the project directory");
        }
        return dir;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /**
     * Loads one YAML document as plain maps and lists. SnakeYAML resolves anchors, aliases and merge keys
     * ({@code <<: *x}) as docker-compose does; its safe constructor builds no arbitrary types.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Objects.requireNonNull((Map<String, Object>) yamlLoader().load(r), file + " is empty");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads every document of a multi-document YAML file; empty documents are dropped. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : yamlLoader().loadAll(r)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Yaml yamlLoader() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    /** Resolves compose-style {@code ${NAME:-default}} interpolation to the defaults, as with an empty environment. */
    static String withInterpolationDefaults(String value) {
        Matcher m = INTERPOLATION_WITH_DEFAULT.matcher(value);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(2)));
    }
}
