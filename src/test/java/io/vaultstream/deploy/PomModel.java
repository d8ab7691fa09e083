package io.vaultstream.deploy;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of pom.xml the deployment depends on, read with the JDK's XML parser: properties (for
 * {@code ${...}} references), build plugins and profiles.
 */
final class PomModel {

    private static final Pattern PROPERTY_REF = Pattern.compile("\\$\\{([^}]+)}");

    private final Element project;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private PomModel(Element project) {
        this.project = project;
        properties.put("project.version", text(project, "version"));
        properties.put("project.artifactId", text(project, "artifactId"));
        properties.put("project.description", text(project, "description"));
        child(project, "properties").ifPresent(p -> children(p).forEach(e -> properties.put(e.getLocalName(), e.getTextContent().trim())));
    }

    static PomModel read(Path pom) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(pom.toFile());
            return new PomModel(doc.getDocumentElement());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + pom, e);
        }
    }

    String version() {
        return properties.get("project.version");
    }

    /** A property with {@code ${...}} references resolved. */
    String property(String name) {
        String v = properties.get(name);
        if (v == null) {
            throw new IllegalArgumentException("pom.xml has no property " + name);
        }
        return resolve(v);
    }

    /** Resolves {@code ${...}} references against the pom's properties; unknown ones fail. */
    String resolve(String value) {
        Matcher m = PROPERTY_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(property(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A plugin of {@code <build><plugins>} by artifactId. */
    Optional<Element> buildPlugin(String artifactId) {
        return child(project, "build").flatMap(b -> child(b, "plugins"))
                .flatMap(ps -> children(ps).stream().filter(p -> artifactId.equals(text(p, "artifactId"))).findFirst());
    }

    /** A profile's property, resolved. */
    Optional<String> profileProperty(String profileId, String name) {
        return child(project, "profiles").stream().flatMap(ps -> children(ps).stream())
                .filter(p -> profileId.equals(text(p, "id")))
                .findFirst()
                .flatMap(p -> child(p, "properties"))
                .flatMap(props -> child(props, name))
                .map(e -> resolve(e.getTextContent().trim()));
    }

    static Optional<Element> child(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(e.getLocalName())).findFirst();
    }

    /** The element at a path of child names, e.g. {@code path(plugin, "configuration", "to", "image")}. */
    static Optional<Element> path(Element from, String... names) {
        Optional<Element> e = Optional.of(from);
        for (String n : names) {
            e = e.flatMap(x -> child(x, n));
        }
        return e;
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static String text(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().trim()).orElse(null);
    }

    /** The texts of the children of the element at a path, e.g. every {@code <port>} of {@code <ports>}. */
    static List<String> texts(Element from, String... names) {
        return path(from, names).map(e -> children(e).stream().map(c -> c.getTextContent().trim()).toList()).orElse(List.of());
    }
}
