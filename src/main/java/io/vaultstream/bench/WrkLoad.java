package io.vaultstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator the benches use when {@code wrk} (4.x, LuaJIT) is installed: a native process whose
 * per-request cost is a small fraction of java.net.http's, so on a 2-core machine the server under test gets
 * the cores. The requests are written to a file first (distinct bodies and headers, e.g. pre-signed
 * notifications); {@code bench/wrk-requests.lua} formats them once at start and sends them, and prints a
 * machine-readable summary that is parsed here. See the script for the file format.
 */
public final class WrkLoad implements LoadGenerator {

    private static final String SCRIPT = "bench/wrk-requests.lua";
    private static final String RESULT = "WRK_RESULT ";
    private static final String THREAD_DONE = "WRK_THREAD_DONE";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Latency above this is a timeout for wrk (and not in its histogram, whose size grows with it). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Path wrk;
    private final URI base;
    private final int connections;
    private final int threads;
    private final Path workDir;
    private final AtomicInteger runs = new AtomicInteger();

    /**
     * @param connections keep-alive connections, one request in flight on each
     * @param threads     wrk threads (event loops); one drives thousands of requests per second
     */
    public WrkLoad(Path wrk, URI base, int connections, int threads, Path workDir) {
        if (threads < 1 || connections < threads) {
            throw new IllegalArgumentException("need 1 <= threads <= connections, got " + threads + " and " + connections);
        }
        this.wrk = wrk;
        this.base = base;
        this.connections = connections;
        this.threads = threads;
        this.workDir = workDir;
    }

    /** The {@code wrk} executable on the PATH, if any. */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String description() {
        return "wrk (" + wrk + "), " + threads + " thread(s), " + connections + " keep-alive connections";
    }

    @Override
    public Result sendEach(List<Request> requests) throws IOException, InterruptedException {
        // a generous ceiling: the run ends when every request is answered, long before this
        Duration ceiling = Duration.ofSeconds(60 + requests.size() / 100);
        return run(requests, "each", ceiling);
    }

    @Override
    public Result cycle(List<Request> requests, Duration duration) throws IOException, InterruptedException {
        return run(requests, "cycle", duration);
    }

    private Result run(List<Request> requests, String mode, Duration duration) throws IOException, InterruptedException {
        if (requests.size() < threads) {
            throw new IllegalArgumentException("need at least one request per wrk thread");
        }
        Files.createDirectories(workDir);
        int run = runs.incrementAndGet();
        Path script = workDir.resolve("wrk-requests.lua");
        try (InputStream in = WrkLoad.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the classpath");
            }
            Files.write(script, in.readAllBytes());
        }
        Path file = workDir.resolve("requests-" + run + ".txt");
        writeRequests(file, requests);
        Path log = workDir.resolve("wrk-" + run + ".log");

        List<String> command = List.of(wrk.toString(), "--threads", Integer.toString(threads), "--connections", Integer.toString(connections),
                "--duration", Math.max(1, duration.toSeconds()) + "s", "--timeout", REQUEST_TIMEOUT.toSeconds() + "s",
                "--script", script.toString(), base.toString(), "--", file.toString(), mode, Integer.toString(threads));
        double childCpu0 = ProcessStats.reapedChildrenCpuSeconds();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        List<String> output = new ArrayList<>();
        int threadsDone = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.add(line);
                if (line.startsWith(RESULT)) {
                    result = line.substring(RESULT.length());
                } else if (line.startsWith(THREAD_DONE) && ++threadsDone == threads) {
                    interrupt(p);
                }
            }
        } finally {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Files.write(log, output, StandardCharsets.UTF_8);
        }
        // wrk has been waited for (reaped), so its CPU time is now in this process's children's total
        double cpu = ProcessStats.reapedChildrenCpuSeconds() - childCpu0;
        if (result == null) {
            throw new IllegalStateException("wrk exited " + p.exitValue() + " without a result; see " + log + ": "
                    + String.join(" | ", output.subList(Math.max(0, output.size() - 5), output.size())));
        }
        return parse(JSON.readTree(result), cpu);
    }

    /**
     * wrk's main thread sleeps for the whole --duration even when every thread has stopped; SIGINT ends the
     * sleep, and wrk then joins its threads and runs done() as usual.
     */
    private static void interrupt(Process p) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    /** The script's format: "METHOD PATH HEADER_COUNT BODY_BYTES\n", "Name: value\n" per header, body, "\n". */
    static void writeRequests(Path file, List<Request> requests) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (Request r : requests) {
                requireLine(r.method());
                requireLine(r.path());
                out.write((r.method() + " " + r.path() + " " + r.headers().size() + " " + r.body().length + "\n").getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, String> h : r.headers().entrySet()) {
                    requireLine(h.getKey());
                    requireLine(h.getValue());
                    out.write((h.getKey() + ": " + h.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write(r.body());
                out.write('\n');
            }
        }
    }

    private static void requireLine(String s) {
        if (s.isEmpty() || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("request line parts and headers must be one non-empty line each");
        }
    }

    static Result parse(JsonNode r, double cpuSeconds) {
        Map<Integer, Long> statuses = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("statuses").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            statuses.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
        }
        JsonNode errors = r.path("errors");
        long transportErrors = errors.path("connect").asLong() + errors.path("read").asLong() + errors.path("write").asLong()
                + errors.path("timeout").asLong();
        long answers = r.path("answers").asLong();
        Map<String, Object> latency = new LinkedHashMap<>();
        if (answers > 0) {
            JsonNode l = r.path("latencyMicros");
            for (String k : List.of("p50", "p95", "p99", "p999", "max")) {
                latency.put(k, Math.round(l.path(k).asLong() / 10.0) / 100.0);
            }
            latency.put("count", answers);
        }
        return new Result(answers, r.path("durationMicros").asLong() / 1e6, statuses, transportErrors, latency, cpuSeconds);
    }
}
