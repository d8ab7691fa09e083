package io.vaultstream.deploy;

import org.w3c.dom.Element;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The container image as the pom's Jib configuration describes it, with pom properties resolved. */
record JibImage(
        String pluginVersion,
        String baseImage,
        String image,
        String mainClass,
        String user,
        List<String> jvmFlags,
        Map<String, String> environment,
        List<String> args,
        List<Integer> ports,
        boolean boundToAPhase) {

    static JibImage fromPom() {
        PomModel pom = PomModel.read(DeployFiles.file("pom.xml"));
        Element jib = pom.buildPlugin("jib-maven-plugin")
                .orElseThrow(() -> new AssertionError("pom.xml has no jib-maven-plugin in <build><plugins>"));
        String pluginVersion = pom.resolve(PomModel.text(jib, "version"));
        return new JibImage(
                pluginVersion,
                text(pom, jib, "configuration", "from", "image"),
                text(pom, jib, "configuration", "to", "image"),
                text(pom, jib, "configuration", "container", "mainClass"),
                text(pom, jib, "configuration", "container", "user"),
                PomModel.texts(jib, "configuration", "container", "jvmFlags").stream().map(pom::resolve).toList(),
                PomModel.path(jib, "configuration", "container", "environment")
                        .map(env -> PomModel.children(env).stream()
                                .collect(Collectors.toMap(Element::getLocalName, e -> pom.resolve(e.getTextContent().trim()))))
                        .orElse(Map.of()),
                PomModel.texts(jib, "configuration", "container", "args"),
                PomModel.texts(jib, "configuration", "container", "ports").stream().map(Integer::valueOf).toList(),
                PomModel.child(jib, "executions").isPresent());
    }

    private static String text(PomModel pom, Element from, String... path) {
        return PomModel.path(from, path).map(e -> pom.resolve(e.getTextContent().trim())).orElse(null);
    }

    /** The numeric user id the image runs as, or -1 when the user is not numeric. */
    int uid() {
        String u = user == null ? "" : user.split(":")[0];
        return u.matches("\\d+") ? Integer.parseInt(u) : -1;
    }
}
