package io.vaultstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vaultstream role ({@code processor}, {@code webhook}, {@code view}) run as its own JVM from this
 * JVM's class path with a generated config file, so its CPU time, heap and RSS are its own. Its peak heap
 * comes from its GC log (heap occupancy before each collection, the highest point between collections),
 * which costs the role nothing, unlike scraping its metrics endpoint.
 */
public final class RoleProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleProcess.class);
    /** {@code -Xlog:gc} pause lines: {@code ... 57M->12M(256M) 3.456ms}. */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)[KMG]\\)");

    private final String role;
    private final Process process;
    private final int port;
    private final Path log;
    private final Path gcLog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Thread stopOnExit;

    private RoleProcess(String role, Process process, int port, Path log, Path gcLog) {
        this.role = role;
        this.process = process;
        this.port = port;
        this.log = log;
        this.gcLog = gcLog;
        this.stopOnExit = stopOnExit(process);
    }

    /** Stops the child when the driver is stopped (Ctrl-C, SIGTERM) before it could close it. */
    static Thread stopOnExit(Process process) {
        Thread hook = new Thread(process::destroyForcibly, "stop-child-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Forgets {@link #stopOnExit}'s hook once the child is closed normally. */
    static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway, harmlessly
        }
    }

    /**
     * Starts {@code java <jvmArgs> -cp <this class path> io.vaultstream.cli.Main <role> --config <file>} and
     * waits until its {@code /health/ready} answers 200.
     *
     * @param port the role's HTTP port (health, metrics; the API too for webhook and view), set in settings
     */
    public static RoleProcess start(String role, Map<String, String> settings, int port, List<String> jvmArgs, Path workDir,
            Duration readyTimeout) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve(role + ".properties");
        Properties p = new Properties();
        p.putAll(settings);
        try (var w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(w, "written by vaultstream bench");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        Path gcLog = workDir.resolve(role + "-gc.log");
        cmd.add("-Xlog:gc:file=" + gcLog);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.vaultstream.cli.Main");
        cmd.add(role);
        cmd.add("--config");
        cmd.add(config.toString());
        Path log = workDir.resolve(role + ".log");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        RoleProcess rp = new RoleProcess(role, process, port, log, gcLog);
        try {
            rp.awaitReady(readyTimeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            rp.close();
            throw e;
        }
        LOG.info("{} running as pid {} on port {} (log {})", role, process.pid(), port, log);
        return rp;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(role + " exited with code " + process.exitValue() + "; see " + log);
            }
            if (get("/health/ready") == 200) {
                return;
            }
            Thread.sleep(200); // polling another process's readiness probe; nothing to await on
        }
        throw new IOException(role + " not ready within " + timeout + "; see " + log);
    }

    private int get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The role's Prometheus text, or empty when it does not answer. */
    public String metrics() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Sum of the samples of a Prometheus metric whose labels contain {@code labelFilter} (may be empty). */
    public static long sumMetric(String text, String name, String labelFilter) {
        return (long) metricSum(text, name, labelFilter);
    }

    /** Transactions the processor committed between two scrapes of its metrics: per second, and their mean duration on its commit thread. */
    static Map<String, Object> commits(String before, String after, double seconds) {
        String count = "vaultstream_processor_commit_duration_seconds_count";
        String sum = "vaultstream_processor_commit_duration_seconds_sum";
        double n = metricSum(after, count, "") - metricSum(before, count, "");
        double total = metricSum(after, sum, "") - metricSum(before, sum, "");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("perSecond", Math.round(n / seconds));
        m.put("meanMs", n == 0 ? 0 : ProcessorBench.round3(total * 1000 / n));
        return m;
    }

    /** Like {@link #sumMetric}, unrounded (for sums of seconds). */
    public static double metricSum(String text, String name, String labelFilter) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labelFilter) || line.startsWith(name + " ")) {
                try {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    // NaN or a malformed line: skip it
                }
            }
        }
        return sum;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** CPU seconds used so far (user + system). */
    public double cpuSeconds() {
        return ProcessStats.cpuSeconds(process.pid());
    }

    /** Peak RSS so far in MiB. */
    public double peakRssMiB() {
        return ProcessStats.peakRssMiB(process.pid());
    }

    /**
     * Peak heap use in MiB: the highest occupancy before a collection in the GC log, or the heap in use now
     * (from /metrics) when that is higher (no collection since the peak).
     */
    public double peakHeapMiB() {
        double peak = 0;
        try {
            if (Files.exists(gcLog)) {
                Matcher m = GC_LINE.matcher(Files.readString(gcLog));
                while (m.find()) {
                    peak = Math.max(peak, mib(m.group(1), m.group(2)));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read GC log {}: {}", gcLog, e.toString());
        }
        return Math.max(peak, sumMetric(metrics(), "jvm_memory_used_bytes", "area=\"heap\"") / 1024.0 / 1024.0);
    }

    /** Heap occupancy after the last collection in the GC log (MiB), or NaN without any. */
    public double lastAfterGcMiB() {
        double last = Double.NaN;
        try {
            if (Files.exists(gcLog)) {
                Matcher m = GC_LINE.matcher(Files.readString(gcLog));
                while (m.find()) {
                    last = mib(m.group(3), m.group(4));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read GC log {}: {}", gcLog, e.toString());
        }
        return last;
    }

    private static double mib(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** Stops the role with SIGTERM (its shutdown hook commits and closes), forcibly after 30 s. */
    @Override
    public void close() {
        forget(stopOnExit);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
