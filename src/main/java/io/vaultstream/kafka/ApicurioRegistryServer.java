package io.vaultstream.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 3.0.9 server run as a child process from the distribution the build unpacks
 * into {@code target/apicurio-registry}. Storage is in memory, or an H2 file when a data directory is
 * given (so {@code dev} restarts keep schema ids). The child dies with this JVM.
 */
public final class ApicurioRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistryServer.class);
    public static final String VERSION = "3.0.9";
    private static final String RUNNER = "apicurio-registry-app-" + VERSION + "-runner.jar";

    private final Process process;
    private final int port;
    private final Path logFile;

    private ApicurioRegistryServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts the registry and waits until {@code /health/ready} answers.
     *
     * @param home     the unpacked distribution (holds the runner jar)
     * @param port     HTTP port
     * @param dataDir  H2 storage directory, or null for in-memory storage
     * @param logFile  where the child's output goes
     */
    public static ApicurioRegistryServer start(Path home, int port, Path dataDir, Path logFile, Duration timeout)
            throws IOException, InterruptedException {
        home = home.toAbsolutePath();
        Path runner = home.resolve(RUNNER);
        if (!Files.isRegularFile(runner)) {
            throw new IOException("Apicurio Registry distribution not found at " + runner
                    + "; build once with 'mvn package' (it unpacks the registry into target/apicurio-registry)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dquarkus.log.level=WARN");
        cmd.add("-Dquarkus.log.category.\"io.apicurio\".level=WARN");
        cmd.add("-Dapicurio.ccompat.legacy-id-mode.enabled=false");
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            cmd.add("-Dapicurio.storage.kind=sql");
            cmd.add("-Dapicurio.storage.sql.kind=h2");
            cmd.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
        }
        cmd.add("-jar");
        cmd.add(runner.toString());
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        ApicurioRegistryServer server = new ApicurioRegistryServer(p, port, logFile);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "apicurio-registry-stop"));
        server.awaitReady(timeout);
        return server;
    }

    /** Base URL, e.g. http://localhost:8085. */
    public String url() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** True when the registry answers its readiness probe. */
    public boolean isReady() {
        return isReady(url());
    }

    /** True when a registry at {@code baseUrl} answers its readiness probe. */
    public static boolean isReady(String baseUrl) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Apicurio Registry exited with code " + process.exitValue() + "; see " + logFile);
            }
            if (isReady()) {
                LOG.info("Apicurio Registry {} ready at {}", VERSION, url());
                return;
            }
            Thread.sleep(200); // polling a child process's HTTP probe; nothing to await on
        }
        close();
        throw new IOException("Apicurio Registry not ready within " + timeout + "; see " + logFile);
    }

    /** The registry's process id. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static String javaBinary() {
        return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"))
                .filter(Files::isExecutable).map(Path::toString).orElse("java");
    }
}
