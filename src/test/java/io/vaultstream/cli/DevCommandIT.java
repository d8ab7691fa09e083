package io.vaultstream.cli;

import io.vaultstream.http.PortProbe;
import io.vaultstream.testsupport.DevProcess;
import io.vaultstream.testsupport.TestInfra;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code vaultstream dev} as a user runs it: a separate process, its output, its HTTP endpoints, signals. */
class DevCommandIT {

    /** How dev's message says a port it needs is taken. */
    private static final String PORT_TAKEN = "already in use by another process";

    @TempDir Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void devStartsReportsReadyStopsCleanlyAndResumesFromItsWorkDir() throws Exception {
        Path work = tmp.resolve("work");
        Started first = startOnFreePorts(work, List.of());
        List<String> ports = first.ports();
        int kafkaPort = Integer.parseInt(ports.get(1));
        int registryPort = Integer.parseInt(ports.get(3));
        int viewPort = Integer.parseInt(ports.get(ports.indexOf("--view-port") + 1));

        Set<String> subjectsFirstRun;
        try (DevProcess dev = first.dev()) {
            assertThat(dev.stdout()).anySatisfy(l -> assertThat(l).contains("localhost:" + kafkaPort));
            assertThat(dev.stdout()).anySatisfy(l -> assertThat(l).contains("http://localhost:" + registryPort));
            assertThat(get("http://localhost:" + viewPort + "/health/ready").statusCode()).isEqualTo(200);
            assertThat(Files.readString(work.resolve("client.properties"))).contains("kafka.bootstrap.servers=localhost:" + kafkaPort);
            subjectsFirstRun = subjects(registryPort);
            assertThat(subjectsFirstRun).contains("vault.commands.v1-value", "vault.status.v1-value");
            List<ProcessHandle> tree = dev.tree();
            assertThat(tree).hasSizeGreaterThan(1); // dev and its registry child

            assertThat(dev.stop(Duration.ofSeconds(60))).isIn(0, 143);
            await().atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(portOpen(kafkaPort)).isFalse();
            assertThat(portOpen(registryPort)).isFalse();
            assertThat(portOpen(viewPort)).isFalse();
        }

        try (DevProcess again = DevProcess.start(work, ports)) {
            again.awaitReady(Duration.ofSeconds(120));
            assertThat(again.stderr()).doesNotContain("Created topic");
            assertThat(subjects(registryPort)).isEqualTo(subjectsFirstRun);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:" + kafkaPort))) {
                assertThat(admin.listTopics().names().get()).contains("vault.commands.v1", "vault.results.v1",
                        "vault.notifications.v1", "vault.status.v1", "vault.commands.dlq.v1");
            }
            again.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void demoSettlesEveryScenarioAndTheCliWorksAgainstDevWithNoSetUp() throws Exception {
        Path work = tmp.resolve("demo");
        Started started = startOnFreePorts(work, List.of("--demo", "200"));
        int viewPort = Integer.parseInt(started.ports().get(started.ports().indexOf("--view-port") + 1));
        try (DevProcess dev = started.dev()) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> dev.requireAlive("during the demo") && dev.stdout().contains("demo done; dev keeps serving until Ctrl-C"));
            assertThat(dev.stdout()).contains("  every request reached the state its scenario dictates");
            assertThat(dev.stdout()).anySatisfy(l -> assertThat(l).matches("  VAULTED +\\d+ +\\d+").satisfies(v -> {
                String[] cols = v.trim().split(" +");
                assertThat(cols[1]).isEqualTo(cols[2]);
            }));

            String stats = get("http://localhost:" + viewPort + "/stats").body();
            assertThat(stats).contains("\"total\":200").contains("\"REQUESTED\":0");

            // the CLI finds dev's client.properties on its own when run from the work dir's parent
            Path cwd = tmp.resolve("cwd");
            Files.createDirectories(cwd);
            Files.createSymbolicLink(cwd.resolve(".vaultstream-dev"), work.toAbsolutePath());
            Cli send = Cli.run(cwd, "send", "--count", "1", "--scenario", "VAULTED_AT_ONCE");
            assertThat(send.exit()).isZero();
            assertThat(send.stdout().strip()).matches("vs-[0-9a-f-]+").doesNotContain("\n");
            Cli status = Cli.run(cwd, "status", "--wait", "30s", send.stdout().strip());
            assertThat(status.exit()).isZero();
            assertThat(status.stdout()).contains("\"state\":\"VAULTED\"").doesNotContain("4242424242424242");
            assertThat(Cli.run(cwd, "status", "no-such-request").exit()).isEqualTo(3);
            dev.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void aTakenPortStopsDevBeforeAnyPartStartsAndNamesTheOption() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            String expected = "vaultstream dev: --webhook-port " + taken.getLocalPort() + ": " + PORT_TAKEN;
            Cli dev = runDevWithWebhookPort(taken.getLocalPort());
            // the other ports were free a moment ago; another process can take one of them before dev's check,
            // and dev then (rightly) names that one instead: only in that case is the run tried on new ports
            for (int retry = 1; retry < 3 && !dev.stderr().startsWith(expected); retry++) {
                dev = runDevWithWebhookPort(taken.getLocalPort());
            }
            assertThat(dev.stderr()).startsWith(expected);
            assertThat(tmp.resolve("taken")).doesNotExist(); // nothing was started or written
        }
    }

    /** {@code dev} on free ports but {@code webhookPort}, which must stop it before anything starts. */
    private Cli runDevWithWebhookPort(int webhookPort) throws Exception {
        List<String> args = new ArrayList<>(List.of("dev", "--work-dir", tmp.resolve("taken").toString()));
        args.addAll(ports());
        args.set(args.indexOf("--webhook-port") + 1, Integer.toString(webhookPort));
        Cli dev = Cli.run(tmp, args.toArray(String[]::new));
        assertThat(dev.exit()).isEqualTo(1);
        assertThat(dev.stderr()).contains(": " + PORT_TAKEN);
        return dev;
    }

    /** One CLI invocation as a separate process. */
    record Cli(int exit, String stdout, String stderr) {
        static Cli run(Path cwd, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Path.of(System.getProperty("vaultstream.jar", "target/vaultstream.jar")).toAbsolutePath().toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Cli(p.waitFor(), out, err);
        }
    }

    record Started(DevProcess dev, List<String> ports) { }

    /**
     * Starts dev on ports that were free a moment ago and waits until it is ready. Another process can
     * take one of them before dev binds it (nothing reserves a port between the test's probe and dev's
     * bind); dev then exits naming the port, and only in that case the start is tried again on new ports.
     */
    private Started startOnFreePorts(Path work, List<String> extraArgs) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<String> ports = ports();
            List<String> args = new ArrayList<>(ports);
            args.addAll(extraArgs);
            DevProcess dev = DevProcess.start(work, args);
            try {
                dev.awaitReady(Duration.ofSeconds(120));
                return new Started(dev, ports);
            } catch (RuntimeException e) {
                boolean portTaken = !dev.isAlive() && dev.stderr().contains(PORT_TAKEN);
                dev.close();
                if (!portTaken || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private List<String> ports() {
        List<String> args = new ArrayList<>();
        for (String flag : List.of("--kafka-port", "--registry-port", "--sandbox-port", "--processor-port", "--webhook-port", "--view-port")) {
            args.add(flag);
            int port = TestInfra.freePort();
            if (flag.equals("--kafka-port")) {
                while (PortProbe.bindFailure(null, port + 1).isPresent()) { // the controller listens on kafka-port + 1
                    port = TestInfra.freePort();
                }
            }
            args.add(Integer.toString(port));
        }
        return args;
    }

    private Set<String> subjects(int registryPort) throws Exception {
        String body = get("http://localhost:" + registryPort + "/apis/ccompat/v7/subjects").body();
        return Set.of(body.replaceAll("[\\[\\]\"]", "").split(","));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
