package io.vaultstream.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar target/vaultstream.jar dev ...} as a separate process, driven only through its
 * output, HTTP endpoints and signals, as a user would.
 */
public final class DevProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final Path stderrFile;

    private DevProcess(Process process, Path stderrFile) {
        this.process = process;
        this.stderrFile = stderrFile;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "dev-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts dev with the given arguments (after "dev"). */
    public static DevProcess start(Path workDir, List<String> args) throws IOException {
        Path jar = Path.of(System.getProperty("vaultstream.jar", "target/vaultstream.jar"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Dvaultstream.apicurio.home=" + System.getProperty("vaultstream.apicurio.home", "target/apicurio-registry"),
                "-jar", jar.toString(), "dev", "--work-dir", workDir.toString()));
        cmd.addAll(args);
        Files.createDirectories(workDir);
        Path err = workDir.resolveSibling(workDir.getFileName() + "-stderr.log");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        return new DevProcess(p, err);
    }

    /** Waits for the ready line. */
    public DevProcess awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> requireAlive("before it was ready") && stdout.contains("vaultstream dev ready"));
        return this;
    }

    /**
     * True while dev runs; once it has exited, throws with its exit code and the tails of its
     * output, read at that moment (an await condition, so the failure says why dev ended).
     */
    public boolean requireAlive(String when) {
        if (process.isAlive()) {
            return true;
        }
        List<String> out = List.copyOf(stdout);
        throw new IllegalStateException("dev exited " + when + " with code " + process.exitValue()
                + "\n--- stderr (tail) ---\n" + stderrTail()
                + "\n--- stdout (tail) ---\n" + String.join("\n", out.subList(Math.max(0, out.size() - 20), out.size())));
    }

    public List<String> stdout() {
        return stdout;
    }

    public String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(stderrFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    public String stderr() throws IOException {
        return Files.readString(stderrFile);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The process and every descendant still alive. */
    public List<ProcessHandle> tree() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.toHandle().isAlive();
        if (process.isAlive()) {
            all.add(process.toHandle());
        }
        return all;
    }

    /** SIGTERM (what Ctrl-C's shutdown path runs), then waits for exit; returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("dev did not stop within " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        List<ProcessHandle> tree = tree();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
