package io.vaultstream.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The documents of the k8s/ kustomization, each read into fabric8's typed model of its kind, with a check
 * that nothing was left over in fabric8's catch-all for unknown fields.
 */
final class KubernetesManifests {

    /** apiVersion/kind -> the typed model; a document of any other kind is an error. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One parsed document and the file it came from. */
    record Document(Path file, HasMetadata resource) {
        @Override
        public String toString() {
            return file.getFileName() + ": " + resource.getKind() + "/" + resource.getMetadata().getName();
        }
    }

    private KubernetesManifests() {}

    static String kindKey(Map<String, Object> doc) {
        return doc.get("apiVersion") + "/" + doc.get("kind");
    }

    /** Reads a document into its typed model; fails on an unknown kind. */
    static HasMetadata typed(Path file, Map<String, Object> doc) {
        Class<? extends HasMetadata> type = KINDS.get(kindKey(doc));
        if (type == null) {
            throw new AssertionError(file + ": unexpected kind " + kindKey(doc) + " (expected one of " + KINDS.keySet() + ")");
        }
        return MAPPER.convertValue(doc, type);
    }

    /** A CRD-backed document (KEDA), read as fabric8's generic resource. */
    static GenericKubernetesResource generic(Map<String, Object> doc) {
        return MAPPER.convertValue(doc, GenericKubernetesResource.class);
    }

    /**
     * Every field fabric8 did not recognise, as "path: [names]": fabric8 keeps unknown fields in
     * {@code additionalProperties} on every model object, so a misspelt or misplaced field would otherwise
     * pass silently (and Kubernetes would drop or reject it).
     */
    static List<String> unknownFields(Object model) {
        List<String> out = new ArrayList<>();
        walk(model, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Object o, String path, List<String> out, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?> || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            boolean getter = m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && (m.getName().startsWith("get") || m.getName().startsWith("is")) && !m.getName().equals("getClass");
            if (!getter) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + m, e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add((path.isEmpty() ? "." : path) + ": " + extra.keySet());
                }
            } else {
                walk(value, path + "." + propertyName(m), out, seen);
            }
        }
    }

    private static String propertyName(Method getter) {
        String n = getter.getName().startsWith("is") ? getter.getName().substring(2) : getter.getName().substring(3);
        return n.isEmpty() ? n : Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    /** The pod template of a workload. */
    static Optional<PodTemplateSpec> podTemplate(HasMetadata r) {
        if (r instanceof StatefulSet s) {
            return Optional.of(s.getSpec().getTemplate());
        }
        if (r instanceof Deployment d) {
            return Optional.of(d.getSpec().getTemplate());
        }
        return Optional.empty();
    }
}
