package io.vaultstream.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.vaultstream.config.ConfigKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The k8s/ kustomization: every document is a well-formed object of its kind, and the workloads agree
 * with the image (pom), the configuration declarations, the compose file and each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

    private static final String NAMESPACE = "vaultstream";

    private final JibImage jib = JibImage.fromPom();
    private final Path k8s = DeployFiles.file("k8s");
    private Map<String, Object> kustomization;
    private List<KubernetesManifests.Document> documents;

    @BeforeAll
    void load() {
        kustomization = DeployFiles.yaml(k8s.resolve("kustomization.yaml"));
        documents = new ArrayList<>();
        for (String resource : resources()) {
            Path file = k8s.resolve(resource);
            for (Map<String, Object> doc : DeployFiles.yamlDocuments(file)) {
                documents.add(new KubernetesManifests.Document(file, KubernetesManifests.typed(file, doc)));
            }
        }
    }

    @Test
    void kustomizationListsEveryManifestOfTheDirectoryAndNothingElse() throws IOException {
        try (Stream<Path> files = Files.list(k8s)) {
            Set<String> yamlFiles = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
            assertThat(resources()).containsExactlyInAnyOrderElementsOf(yamlFiles);
        }
        assertThat(kustomization).containsEntry("namespace", NAMESPACE);
        assertThat(resources()).noneMatch(r -> r.startsWith("optional"));
    }

    @Test
    void everyDocumentParsesIntoItsKindWithNoUnknownField() {
        assertThat(documents).hasSizeGreaterThanOrEqualTo(15);
        for (KubernetesManifests.Document d : documents) {
            assertThat(d.resource().getMetadata().getName()).as(d + " name").isNotBlank();
            assertThat(KubernetesManifests.unknownFields(d.resource())).as(d + " fields fabric8 does not know").isEmpty();
        }
    }

    @Test
    void unknownFieldDetectionCatchesAMisspeltField() {
        // the check above is only as good as the walk: a typo deep in a pod spec must be found
        Map<String, Object> doc = DeployFiles.yamlDocuments(k8s.resolve("webhook.yaml")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> container = ((List<Map<String, Object>>) at(doc, "spec", "template", "spec", "containers")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> probe = (Map<String, Object>) container.get("readinessProbe");
        probe.put("periodSecond", 5);
        HasMetadata typed = KubernetesManifests.typed(k8s.resolve("webhook.yaml"), doc);
        assertThat(KubernetesManifests.unknownFields(typed)).singleElement().asString().contains("readinessProbe").contains("periodSecond");
    }

    @Test
    void workloadsRunTheJibImageWithTheirRoleAsArgument() {
        assertThat(roles().keySet()).containsExactlyInAnyOrder("processor", "webhook", "view");
        assertThat(kind(StatefulSet.class, "vaultstream-processor")).isPresent();
        assertThat(kind(Deployment.class, "vaultstream-webhook")).isPresent();
        assertThat(kind(StatefulSet.class, "vaultstream-view")).isPresent();
        roles().forEach((role, c) -> {
            assertThat(c.getImage()).as(role + " image").isEqualTo(jib.image());
            assertThat(c.getArgs()).as(role + " args").containsExactly(role);
            assertThat(c.getCommand()).as(role + " keeps the image's entrypoint").isNullOrEmpty();
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> image = ((List<Map<String, Object>>) kustomization.get("images")).get(0);
        assertThat(image.get("name") + ":" + image.get("newTag")).as("kustomization image").isEqualTo(jib.image());
    }

    @Test
    void containerPortsAreTheRolePortKeysAndTheComposePorts() {
        Map<String, Object> compose = DeployFiles.yaml(DeployFiles.file("docker-compose.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        roles().forEach((role, c) -> {
            int port = ConfigEnv.rolePort(role, env(c));
            assertThat(c.getPorts()).as(role + " ports").extracting(ContainerPort::getContainerPort).containsExactly(port);
            assertThat(jib.ports()).as(role + " port exposed by the image").contains(port);
            assertThat(String.valueOf(services.get(role).get("ports"))).as(role + " port in compose").contains(":" + port);
        });
    }

    @Test
    void probesCallTheRealHealthEndpointsOnTheRolesPort() {
        roles().forEach((role, c) -> {
            int port = ConfigEnv.rolePort(role, env(c));
            assertProbe(role + " liveness", c.getLivenessProbe(), "/health/live", c, port);
            assertProbe(role + " readiness", c.getReadinessProbe(), "/health/ready", c, port);
            assertProbe(role + " startup", c.getStartupProbe(), "/health/live", c, port);
        });
    }

    @Test
    void everyVaultstreamVariableIsADeclaredKeyWithAValidValue() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Container> e : roles().entrySet()) {
            for (Map.Entry<String, String> v : env(e.getValue()).entrySet()) {
                if (v.getKey().startsWith(ConfigEnv.PREFIX)) {
                    checked++;
                    // a Secret-sourced value is unknown here: only its name can be checked
                    Optional<String> p = v.getValue() == null ? ConfigEnv.nameProblem(v.getKey()) : ConfigEnv.problem(v.getKey(), v.getValue());
                    p.ifPresent(x -> problems.add(e.getKey() + ": " + x));
                }
            }
        }
        for (KubernetesManifests.Document d : documents) {
            if (d.resource() instanceof ConfigMap cm) {
                cm.getData().forEach((k, v) -> ConfigEnv.problem(k, v).ifPresent(x -> problems.add(cm.getMetadata().getName() + ": " + x)));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void plainHttpTowardAntomIsNeverAllowed() {
        String allow = ConfigKeys.envName(ConfigKeys.ANTOM_ALLOW_PLAIN_HTTP);
        roles().forEach((role, c) -> assertThat(env(c).getOrDefault(allow, "false")).as(role).isEqualTo("false"));
        roles().forEach((role, c) -> {
            String gateway = env(c).get(ConfigKeys.envName(ConfigKeys.ANTOM_GATEWAY_URL));
            assertThat(gateway).as(role + " gateway").startsWith("https://");
        });
        assertThat(env(roles().get("processor")).get(ConfigKeys.envName(ConfigKeys.WEBHOOK_PUBLIC_URL))).startsWith("https://");
    }

    @Test
    void processorTransactionalIdIsTheStatefulSetPodName() {
        StatefulSet processor = kind(StatefulSet.class, "vaultstream-processor").orElseThrow();
        EnvVar txId = envVar(roles().get("processor"), ConfigKeys.envName(ConfigKeys.PROCESSOR_TRANSACTIONAL_ID)).orElseThrow();
        assertThat(txId.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        int partitions = Integer.parseInt(env(roles().get("processor")).getOrDefault(
                ConfigKeys.envName(ConfigKeys.TOPICS_PARTITIONS), String.valueOf(ConfigEnv.intDefault(ConfigKeys.TOPICS_PARTITIONS))));
        assertThat(processor.getSpec().getReplicas()).as("processor replicas").isBetween(1, partitions);
        assertThat(governingService(processor).getSpec().getClusterIP()).isEqualTo("None");
    }

    @Test
    void viewAdvertisesItsPodDnsNameUnderAHeadlessServiceAndKeepsStateOnAVolume() {
        StatefulSet view = kind(StatefulSet.class, "vaultstream-view").orElseThrow();
        Container c = roles().get("view");
        Service headless = governingService(view);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).as("peers resolvable before ready").isTrue();
        assertThat(selects(headless.getSpec().getSelector(), view.getSpec().getTemplate())).isTrue();

        String podName = view.getMetadata().getName() + "-1";
        URI advertised = URI.create(env(c).get(ConfigKeys.envName(ConfigKeys.VIEW_ADVERTISED_URL)));
        assertThat(advertised.getHost()).isEqualTo(podName + "." + headless.getMetadata().getName() + "." + NAMESPACE + ".svc");
        assertThat(advertised.getPort()).isEqualTo(ConfigEnv.rolePort("view", env(c)));

        String stateDir = env(c).get(ConfigKeys.envName(ConfigKeys.VIEW_STATE_DIR));
        VolumeMount state = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(stateDir)).findFirst().orElseThrow();
        assertThat(view.getSpec().getVolumeClaimTemplates()).extracting(pvc -> pvc.getMetadata().getName()).contains(state.getName());
        PersistentVolumeClaim pvc = view.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(pvc.getSpec().getResources().getRequests()).containsKey("storage");
        assertThat(view.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void podsRunNonRootWithAReadOnlyRootAndAWritableTmp() {
        for (KubernetesManifests.Document d : documents) {
            Optional<PodTemplateSpec> template = KubernetesManifests.podTemplate(d.resource());
            if (template.isEmpty()) {
                continue;
            }
            PodSpec pod = template.get().getSpec();
            // Service links would inject VAULTSTREAM_VIEW_PORT=tcp://... for the Service vaultstream-view
            assertThat(pod.getEnableServiceLinks()).as(d + " enableServiceLinks").isFalse();
            assertThat(pod.getAutomountServiceAccountToken()).as(d + " automountServiceAccountToken").isFalse();
            PodSecurityContext psc = pod.getSecurityContext();
            assertThat(psc.getRunAsNonRoot()).as(d + " runAsNonRoot").isTrue();
            assertThat(psc.getRunAsUser()).as(d + " runAsUser is the image's user").isEqualTo((long) jib.uid());
            assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container c : pod.getContainers()) {
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc.getReadOnlyRootFilesystem()).as(d + " readOnlyRootFilesystem").isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(d + " allowPrivilegeEscalation").isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(d + " drops capabilities").containsExactly("ALL");
                VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
                assertThat(volume(pod, tmp.getName()).getEmptyDir()).as(d + " /tmp is an emptyDir").isNotNull();
            }
        }
    }

    @Test
    void everyContainerHasResourceRequestsAndLimits() {
        roles().forEach((role, c) -> {
            Map<String, Quantity> requests = c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources().getLimits();
            assertThat(requests).as(role + " requests").containsKeys("cpu", "memory");
            assertThat(limits).as(role + " limits").containsKeys("cpu", "memory");
            assertThat(Quantity.getAmountInBytes(requests.get("memory"))).as(role + " memory request <= limit")
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("memory")));
            assertThat(Quantity.getAmountInBytes(requests.get("cpu"))).as(role + " cpu request <= limit")
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("cpu")));
        });
    }

    @Test
    void secretsAreMountedFilesAndNeverConfigMapValues() {
        for (KubernetesManifests.Document d : documents) {
            if (d.resource() instanceof ConfigMap cm) {
                cm.getData().forEach((k, v) -> {
                    assertThat(v).as(k).doesNotContain("PRIVATE KEY").doesNotContain("\"keys\"");
                    assertThat(k).as("no secret-bearing key in a ConfigMap").doesNotContain("PASSWORD", "TOKEN", "_FILE");
                });
            }
            assertThat(d.resource().getKind()).as(d + ": no Secret object is committed").isNotEqualTo("Secret");
        }
        roles().forEach((role, c) -> {
            PodSpec pod = podSpec(role);
            env(c).forEach((k, v) -> {
                if (k.endsWith("_FILE")) {
                    VolumeMount m = c.getVolumeMounts().stream().filter(vm -> v.startsWith(vm.getMountPath() + "/")).findFirst()
                            .orElseThrow(() -> new AssertionError(role + ": no volume holds " + k + "=" + v));
                    assertThat(secretNames(volume(pod, m.getName()))).as(role + " " + k + " comes from a Secret").isNotEmpty();
                    assertThat(m.getReadOnly()).as(role + " key mount read-only").isTrue();
                }
                if (k.contains("TOKEN") || k.contains("PASSWORD")) {
                    assertThat(envVar(c, k).orElseThrow().getValueFrom().getSecretKeyRef()).as(role + " " + k + " from a Secret").isNotNull();
                }
            });
        });
        // least privilege: only the processor signs requests and decrypts cards
        assertThat(secretsMountedBy("processor")).contains("vaultstream-antom-merchant-key", "vaultstream-card-keyring");
        assertThat(secretsMountedBy("webhook")).containsExactly("vaultstream-antom-public-key");
        assertThat(secretsMountedBy("view")).isEmpty();
    }

    @Test
    void servicesAndDisruptionBudgetsSelectTheWorkloadPods() {
        List<PodTemplateSpec> templates = documents.stream().map(d -> KubernetesManifests.podTemplate(d.resource()))
                .flatMap(Optional::stream).toList();
        for (KubernetesManifests.Document d : documents) {
            if (d.resource() instanceof Service s) {
                PodTemplateSpec t = templates.stream().filter(x -> selects(s.getSpec().getSelector(), x)).findFirst()
                        .orElseThrow(() -> new AssertionError(d + " selects no workload's pods"));
                for (ServicePort p : s.getSpec().getPorts()) {
                    assertThat(t.getSpec().getContainers().get(0).getPorts())
                            .as(d + " targetPort").anyMatch(cp -> matches(p.getTargetPort(), cp));
                }
            }
            if (d.resource() instanceof PodDisruptionBudget pdb) {
                assertThat(templates).as(d + " selects a workload").anyMatch(t -> selects(pdb.getSpec().getSelector().getMatchLabels(), t));
            }
        }
        assertThat(documents).filteredOn(d -> d.resource() instanceof PodDisruptionBudget).hasSize(3);
    }

    @Test
    void webhookScalesOnCpuAndIsExposedOnlyAtTheNotificationPath() {
        HorizontalPodAutoscaler hpa = kind(HorizontalPodAutoscaler.class, "vaultstream-webhook").orElseThrow();
        Deployment webhook = kind(Deployment.class, "vaultstream-webhook").orElseThrow();
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(webhook.getMetadata().getName());
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(webhook.getSpec().getReplicas()).as("replicas left to the autoscaler").isNull();

        Ingress ingress = kind(Ingress.class, "vaultstream-webhook").orElseThrow();
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).toList();
        assertThat(paths).singleElement().satisfies(p -> {
            assertThat(p.getPath()).isEqualTo(ConfigEnv.stringDefault(ConfigKeys.WEBHOOK_PATH));
            assertThat(p.getPathType()).isEqualTo("Exact");
            Service backend = kind(Service.class, p.getBackend().getService().getName()).orElseThrow();
            assertThat(selects(backend.getSpec().getSelector(), webhook.getSpec().getTemplate())).isTrue();
            assertThat(backend.getSpec().getPorts()).extracting(ServicePort::getName).contains(p.getBackend().getService().getPort().getName());
        });
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
        URI publicUrl = URI.create(env(roles().get("processor")).get(ConfigKeys.envName(ConfigKeys.WEBHOOK_PUBLIC_URL)));
        assertThat(publicUrl.getHost()).isEqualTo(ingress.getSpec().getRules().get(0).getHost());
        assertThat(publicUrl.getPath()).isEqualTo(paths.get(0).getPath());
    }

    @Test
    void networkPoliciesAdmitOnlyTheIngressToTheWebhookAndAnalystsToTheView() {
        List<NetworkPolicy> policies = documents.stream().map(KubernetesManifests.Document::resource)
                .filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
        assertThat(policies).as("a default deny for the namespace").anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        });
        Map<String, List<NetworkPolicyIngressRule>> rulesByRole = new LinkedHashMap<>();
        for (NetworkPolicy p : policies) {
            roles().keySet().forEach(role -> {
                if (!p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                        && selects(p.getSpec().getPodSelector().getMatchLabels(), podTemplate(role))) {
                    rulesByRole.computeIfAbsent(role, r -> new ArrayList<>()).addAll(p.getSpec().getIngress());
                }
            });
        }
        assertThat(rulesByRole).as("nothing may call the processor").doesNotContainKey("processor");
        List<NetworkPolicyPeer> webhookPeers = peers(rulesByRole.get("webhook"));
        assertThat(webhookPeers).isNotEmpty().allSatisfy(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
        List<NetworkPolicyPeer> viewPeers = peers(rulesByRole.get("view"));
        assertThat(viewPeers).anySatisfy(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsKey("vaultstream.io/analysts"));
        assertThat(viewPeers).allSatisfy(peer -> assertThat(peer.getNamespaceSelector() != null || selects(
                peer.getPodSelector().getMatchLabels(), podTemplate("view"))).as("view peers: analysts or other view pods").isTrue());
        rulesByRole.forEach((role, rules) -> rules.forEach(rule -> assertThat(rule.getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .as(role + " policy ports").containsExactly(ConfigEnv.rolePort(role, env(roles().get(role))))));
    }

    @Test
    void kedaExampleScalesTheProcessorOnItsCommandsLagWithinThePartitionCount() {
        Path keda = k8s.resolve("optional/keda-processor-scaledobject.yaml");
        List<Map<String, Object>> docs = DeployFiles.yamlDocuments(keda);
        assertThat(docs).hasSize(1);
        GenericKubernetesResource so = KubernetesManifests.generic(docs.get(0));
        assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(so.getKind()).isEqualTo("ScaledObject");
        Map<String, Object> spec = so.get("spec");
        assertThat(so.<String>get("spec", "scaleTargetRef", "kind")).isEqualTo("StatefulSet");
        assertThat(so.<String>get("spec", "scaleTargetRef", "name")).isEqualTo("vaultstream-processor");
        int partitions = Integer.parseInt(env(roles().get("processor")).getOrDefault(
                ConfigKeys.envName(ConfigKeys.TOPICS_PARTITIONS), String.valueOf(ConfigEnv.intDefault(ConfigKeys.TOPICS_PARTITIONS))));
        assertThat((Integer) spec.get("maxReplicaCount")).isBetween(1, partitions);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
        assertThat(triggers).singleElement().satisfies(t -> {
            assertThat(t.get("type")).isEqualTo("kafka");
            @SuppressWarnings("unchecked")
            Map<String, Object> md = (Map<String, Object>) t.get("metadata");
            assertThat(md.get("consumerGroup")).isEqualTo(ConfigEnv.stringDefault(ConfigKeys.PROCESSOR_GROUP_ID));
            assertThat(md.get("topic")).isEqualTo(ConfigEnv.stringDefault(ConfigKeys.TOPICS_COMMANDS));
            assertThat(md.get("bootstrapServers")).isEqualTo(env(roles().get("processor")).get(ConfigKeys.envName(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS)));
        });
        for (Path optional : List.of(k8s.resolve("optional/networkpolicy-prometheus.yaml"))) {
            for (Map<String, Object> doc : DeployFiles.yamlDocuments(optional)) {
                assertThat(KubernetesManifests.unknownFields(KubernetesManifests.typed(optional, doc))).as(optional.toString()).isEmpty();
            }
        }
    }

    // --- helpers over the parsed documents

    @SuppressWarnings("unchecked")
    private List<String> resources() {
        return (List<String>) kustomization.get("resources");
    }

    private <T extends HasMetadata> Optional<T> kind(Class<T> type, String name) {
        return documents.stream().map(KubernetesManifests.Document::resource).filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    /** Role (the container's first argument) -> its container, over every workload. */
    private Map<String, Container> roles() {
        Map<String, Container> out = new LinkedHashMap<>();
        for (KubernetesManifests.Document d : documents) {
            KubernetesManifests.podTemplate(d.resource()).ifPresent(t -> {
                Container c = t.getSpec().getContainers().get(0);
                assertThat(t.getSpec().getContainers()).as(d + " containers").hasSize(1);
                out.put(c.getArgs().get(0), c);
            });
        }
        return out;
    }

    private PodTemplateSpec podTemplate(String role) {
        return documents.stream().map(d -> KubernetesManifests.podTemplate(d.resource())).flatMap(Optional::stream)
                .filter(t -> t.getSpec().getContainers().get(0).getArgs().get(0).equals(role)).findFirst().orElseThrow();
    }

    private PodSpec podSpec(String role) {
        return podTemplate(role).getSpec();
    }

    private Service governingService(StatefulSet s) {
        return kind(Service.class, s.getSpec().getServiceName())
                .orElseThrow(() -> new AssertionError(s.getMetadata().getName() + ": no Service " + s.getSpec().getServiceName()));
    }

    /**
     * The container's environment as the process sees it: the ConfigMaps of envFrom, then env (winning);
     * downward-API values for a pod of the workload; $(VAR) references expanded as the kubelet does;
     * Secret-sourced values null.
     */
    private Map<String, String> env(Container c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = kind(ConfigMap.class, from.getConfigMapRef().getName())
                        .orElseThrow(() -> new AssertionError("envFrom names a missing ConfigMap " + from.getConfigMapRef().getName()));
                out.putAll(cm.getData());
            } else {
                assertThat(from.getSecretRef().getOptional()).as("an envFrom Secret is optional extra Kafka client settings").isTrue();
            }
        }
        String podName = documents.stream().map(KubernetesManifests.Document::resource)
                .filter(r -> KubernetesManifests.podTemplate(r).map(t -> t.getSpec().getContainers().contains(c)).orElse(false))
                .findFirst().map(r -> r.getMetadata().getName() + "-1").orElse("pod");
        for (EnvVar v : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            String value = v.getValue();
            if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
                value = switch (v.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> podName;
                    case "metadata.namespace" -> NAMESPACE;
                    default -> throw new AssertionError("unexpected fieldRef " + v.getValueFrom().getFieldRef().getFieldPath());
                };
            }
            if (value != null) {
                for (Map.Entry<String, String> earlier : out.entrySet()) {
                    if (earlier.getValue() != null) {
                        value = value.replace("$(" + earlier.getKey() + ")", earlier.getValue());
                    }
                }
                assertThat(value).as(v.getName() + " references only variables defined before it").doesNotContain("$(");
            }
            out.put(v.getName(), value);
        }
        return out;
    }

    private static Optional<EnvVar> envVar(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    private static void assertProbe(String what, Probe probe, String path, Container c, int port) {
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what + " path").isEqualTo(path);
        ContainerPort target = c.getPorts().stream().filter(cp -> matches(get.getPort(), cp)).findFirst()
                .orElseThrow(() -> new AssertionError(what + " port " + get.getPort() + " is no container port"));
        assertThat(target.getContainerPort()).as(what + " port").isEqualTo(port);
    }

    private static boolean matches(IntOrString port, ContainerPort cp) {
        return port.getIntVal() != null ? port.getIntVal().equals(cp.getContainerPort()) : port.getStrVal().equals(cp.getName());
    }

    private static boolean selects(Map<String, String> selector, PodTemplateSpec t) {
        return selector != null && !selector.isEmpty() && t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static List<String> secretNames(Volume v) {
        if (v.getSecret() != null) {
            return List.of(v.getSecret().getSecretName());
        }
        if (v.getProjected() != null) {
            return v.getProjected().getSources().stream().map(VolumeProjection::getSecret).filter(Objects::nonNull)
                    .map(s -> s.getName()).toList();
        }
        return List.of();
    }

    private List<String> secretsMountedBy(String role) {
        return podSpec(role).getVolumes().stream().flatMap(v -> secretNames(v).stream()).toList();
    }

    private static List<NetworkPolicyPeer> peers(List<NetworkPolicyIngressRule> rules) {
        assertThat(rules).isNotNull();
        return rules.stream().flatMap(r -> r.getFrom().stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> doc, String... path) {
        Object o = doc;
        for (String p : path) {
            o = ((Map<String, Object>) o).get(p);
        }
        return o;
    }
}
