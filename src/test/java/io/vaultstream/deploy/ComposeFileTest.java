package io.vaultstream.deploy;

import io.vaultstream.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml (and its Confluent override) runs every role from the Jib image, on the roles'
 * configured ports, with only declared configuration, in a start order gated on health.
 */
class ComposeFileTest {

    private static final Set<String> ROLES = ConfigEnv.ROLE_PORT_KEYS.keySet();

    private final Map<String, Object> compose = DeployFiles.yaml(DeployFiles.file("docker-compose.yml"));
    private final Map<String, Map<String, Object>> services = services(compose);
    private final JibImage jib = JibImage.fromPom();
    private final PomModel pom = PomModel.read(DeployFiles.file("pom.xml"));

    @Test
    void everyRoleAndItsInfrastructureIsAService() {
        assertThat(services).containsKeys("kafka", "registry", "init", "sandbox", "processor", "webhook", "view");
    }

    @Test
    void rolesRunTheJibImageWithTheRoleAsTheirCommand() {
        for (String role : ROLES) {
            Map<String, Object> s = services.get(role);
            assertThat(DeployFiles.withInterpolationDefaults((String) s.get("image"))).as(role + " image").isEqualTo(jib.image());
            assertThat(s.get("command")).as(role + " command").isEqualTo(List.of(role));
        }
        assertThat(DeployFiles.withInterpolationDefaults((String) services.get("init").get("image"))).isEqualTo(jib.image());
    }

    @Test
    void publishedPortsAndHealthChecksUseEachRolesPortKey() {
        for (String role : ROLES) {
            Map<String, Object> s = services.get(role);
            int port = ConfigEnv.rolePort(role, environment(s));
            assertThat(jib.ports()).as(role + " port exposed by the image").contains(port);
            assertThat(containerPorts(s)).as(role + " published container ports").containsExactly(port);
            assertThat(String.join(" ", healthcheckTest(s)))
                    .as(role + " health check")
                    .contains("/" + port + " ")
                    .contains("GET /health/ready ");
        }
    }

    @Test
    void everyVaultstreamVariableIsADeclaredKeyWithAValidValue() {
        List<String> problems = new ArrayList<>();
        services.forEach((name, s) -> environment(s).forEach((k, v) -> {
            if (k.startsWith(ConfigEnv.PREFIX)) {
                ConfigEnv.problem(k, v).ifPresent(p -> problems.add(name + ": " + p));
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(services.values().stream().mapToLong(s -> environment(s).keySet().stream().filter(k -> k.startsWith(ConfigEnv.PREFIX)).count()).sum())
                .as("VAULTSTREAM_* variables checked").isGreaterThan(10);
    }

    @Test
    void startOrderWaitsForHealthyServices() {
        services.forEach((name, s) -> dependsOn(s).forEach((dependency, condition) -> {
            assertThat(services).as(name + " depends on a service of the file").containsKey(dependency);
            if ("init".equals(dependency)) {
                assertThat(condition).as(name + " waits for init").isEqualTo("service_completed_successfully");
            } else {
                assertThat(condition).as(name + " -> " + dependency).isEqualTo("service_healthy");
                assertThat(services.get(dependency)).as(dependency + " has a health check").containsKey("healthcheck");
            }
        }));
        assertThat(dependsOn(services.get("processor"))).containsKeys("kafka", "registry", "sandbox");
        assertThat(dependsOn(services.get("view"))).containsKeys("kafka", "registry");
        for (String role : ROLES) {
            assertThat(services.get(role)).as(role + " has a health check").containsKey("healthcheck");
        }
    }

    @Test
    void brokerIsKraftAndTheRegistryIsTheApicurioVersionTheBuildTestsWith() {
        Map<String, Object> kafka = services.get("kafka");
        String image = (String) kafka.get("image");
        assertThat(image).startsWith("apache/kafka:");
        assertThat(compareVersions(image.substring("apache/kafka:".length()), "4.1.0")).as("Kafka image at least 4.1.0").isNotNegative();
        assertThat(environment(kafka)).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        assertThat(services.get("registry").get("image"))
                .isEqualTo("apicurio/apicurio-registry:" + pom.property("apicurio.registry.app.version"));
        URI registry = URI.create(environment(services.get("processor")).get(ConfigKeys.envName(ConfigKeys.REGISTRY_URL)));
        assertThat(registry.getHost()).isEqualTo("registry");
        assertThat(containerPorts(services.get("registry"))).contains(registry.getPort());
    }

    @Test
    void kafkaDataAndViewStateLiveOnNamedVolumes() {
        @SuppressWarnings("unchecked")
        Set<String> volumes = ((Map<String, Object>) compose.get("volumes")).keySet();
        String logDirs = environment(services.get("kafka")).get("KAFKA_LOG_DIRS");
        assertThat(mounts(services.get("kafka"))).containsEntry(logDirs, "kafka-data");
        String stateDir = environment(services.get("view")).get(ConfigKeys.envName(ConfigKeys.VIEW_STATE_DIR));
        assertThat(stateDir).isNotBlank();
        assertThat(mounts(services.get("view"))).containsEntry(stateDir, "view-state");
        assertThat(volumes).contains("kafka-data", "view-state");
        assertThat(environment(services.get("view")).get(ConfigKeys.envName(ConfigKeys.VIEW_ADVERTISED_URL)))
                .isEqualTo("http://view:" + ConfigEnv.rolePort("view", environment(services.get("view"))));
    }

    @Test
    void keyFilesAreReadFromTheMountedKeyDirectoryWhereTheSandboxWritesThem() {
        Map<String, String> sandboxMounts = mounts(services.get("sandbox"));
        String keyDir = environment(services.get("sandbox")).get(ConfigKeys.envName(ConfigKeys.SANDBOX_KEY_DIR));
        assertThat(sandboxMounts).containsKey(keyDir);
        for (String role : List.of("processor", "webhook")) {
            Map<String, Object> s = services.get(role);
            environment(s).forEach((k, v) -> {
                if (k.endsWith("_FILE")) {
                    String dir = v.substring(0, v.lastIndexOf('/'));
                    assertThat(mounts(s)).as(role + " mounts the directory of " + k).containsKey(dir);
                    assertThat(mounts(s).get(dir)).as(role + " mounts the sandbox's key directory").isEqualTo(sandboxMounts.get(keyDir));
                }
            });
        }
        assertThat(environment(services.get("processor")))
                .containsEntry(ConfigKeys.envName(ConfigKeys.ANTOM_MERCHANT_PRIVATE_KEY_FILE), keyDir + "/merchant-private.pem")
                .containsEntry(ConfigKeys.envName(ConfigKeys.ANTOM_PUBLIC_KEY_FILE), keyDir + "/antom-public.pem")
                .containsKey(ConfigKeys.envName(ConfigKeys.CARD_KEYRING_FILE));
    }

    @Test
    void plainHttpTowardAntomIsAllowedOnlyAgainstTheSandbox() {
        String allow = ConfigKeys.envName(ConfigKeys.ANTOM_ALLOW_PLAIN_HTTP);
        services.forEach((name, s) -> {
            Map<String, String> env = environment(s);
            if ("true".equals(env.get(allow)) && !"sandbox".equals(name)) {
                assertThat(env.get(ConfigKeys.envName(ConfigKeys.ANTOM_GATEWAY_URL))).as(name + " gateway").startsWith("http://sandbox:");
            }
        });
        String gateway = environment(services.get("processor")).get(ConfigKeys.envName(ConfigKeys.ANTOM_GATEWAY_URL));
        assertThat(URI.create(gateway).getPort()).isEqualTo(ConfigEnv.rolePort("sandbox", environment(services.get("sandbox"))));
        String webhookUrl = environment(services.get("processor")).get(ConfigKeys.envName(ConfigKeys.WEBHOOK_PUBLIC_URL));
        assertThat(webhookUrl).isEqualTo("http://webhook:" + ConfigEnv.rolePort("webhook", environment(services.get("webhook")))
                + ConfigEnv.stringDefault(ConfigKeys.WEBHOOK_PATH));
    }

    @Test
    void rolesRunWithAReadOnlyRootAndAnExecutableTmp() {
        for (String role : ROLES) {
            Map<String, Object> s = services.get(role);
            assertThat(s.get("read_only")).as(role + " read_only").isEqualTo(true);
            assertThat(s.get("user")).as(role + " runs as the image's non-root user").isNull();
            // RocksDB's JNI library is unpacked to java.io.tmpdir and mapped executable
            assertThat((List<?>) s.get("tmpfs")).as(role + " tmpfs").singleElement().asString()
                    .startsWith("/tmp:").contains("exec").doesNotContain("noexec");
        }
    }

    @Test
    void processorHasAStableTransactionalId() {
        // a compose container's host name changes when it is re-created; the default id would too
        assertThat(environment(services.get("processor")).get(ConfigKeys.envName(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID))).isNotBlank();
    }

    @Test
    void confluentOverrideSwapsTheRegistryServerAndTheRolesSerde() {
        Map<String, Map<String, Object>> override = services(DeployFiles.yaml(DeployFiles.file("docker-compose.confluent.yml")));
        String confluentVersion = pom.profileProperty("confluent", "confluent.version").orElseThrow();
        assertThat(override.get("registry").get("image")).isEqualTo("confluentinc/cp-schema-registry:" + confluentVersion);
        URI registry = URI.create(environment(services.get("processor")).get(ConfigKeys.envName(ConfigKeys.REGISTRY_URL)));
        assertThat(environment(override.get("registry")).get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":" + registry.getPort());
        for (String role : List.of("processor", "webhook", "view")) {
            Map<String, String> env = environment(override.get(role));
            assertThat(env).as(role).containsEntry(ConfigKeys.envName(ConfigKeys.REGISTRY_SERDE), "confluent");
            env.forEach((k, v) -> assertThat(ConfigEnv.problem(k, v)).as(k).isEmpty());
            assertThat(DeployFiles.withInterpolationDefaults((String) override.get(role).get("image"))).startsWith(jib.image());
        }
        assertThat(override.keySet()).as("the override only changes services of the base file").isSubsetOf(services.keySet());
    }

    // --- compose model helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** A service's environment as a map, whichever of compose's two forms (map or KEY=VALUE list) it uses. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object item : (List<Object>) l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return out;
    }

    /** Container ports of the short-syntax "[ip:]host:container" port mappings. */
    private static List<Integer> containerPorts(Map<String, Object> service) {
        Object ports = service.get("ports");
        if (ports == null) {
            return List.of();
        }
        return ((List<?>) ports).stream().map(p -> {
            String[] parts = String.valueOf(p).split("/")[0].split(":");
            return Integer.valueOf(parts[parts.length - 1]);
        }).toList();
    }

    private static List<String> healthcheckTest(Map<String, Object> service) {
        @SuppressWarnings("unchecked")
        Map<String, Object> hc = (Map<String, Object>) service.get("healthcheck");
        assertThat(hc).as("health check").isNotNull();
        return ((List<?>) hc.get("test")).stream().map(String::valueOf).toList();
    }

    /** depends_on as dependency -> condition (the long syntax; the short one has no condition). */
    private static Map<String, String> dependsOn(Map<String, Object> service) {
        Object deps = service.get("depends_on");
        Map<String, String> out = new LinkedHashMap<>();
        if (deps instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> c ? String.valueOf(c.get("condition")) : "none"));
        } else if (deps instanceof List<?> l) {
            l.forEach(d -> out.put(String.valueOf(d), "none"));
        }
        return out;
    }

    /** Volume mounts as container path -> source (named volume or host path, interpolation defaults applied). */
    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        Object volumes = service.get("volumes");
        if (volumes instanceof List<?> l) {
            for (Object v : l) {
                String[] parts = DeployFiles.withInterpolationDefaults(String.valueOf(v)).split(":");
                out.put(parts[1], parts[0]);
            }
        }
        return out;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }
}
