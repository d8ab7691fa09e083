package io.vaultstream.bench;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.kafka.Topics;
import io.vaultstream.sandbox.AntomSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 2: latency under load. The processor and the view run in their own JVMs; a paced producer sends
 * commands at fractions of the maximum throughput (measured first in the same run by draining a burst, or
 * given). For each load: p50..p99 command-to-result (created to visible, read_committed) and
 * command-to-queryable-status (created to a terminal status served by GET /vaults/{id}, long-polled with
 * waitFor=terminal on every k-th command).
 */
public final class LatencyBench {

    public record Options(double maxRate, int calibrationCount, List<Double> loads, Duration duration, Duration warmup, int latencyMs,
            int partitions, int statusSampleEvery, List<String> processorJvm, List<String> viewJvm, Map<String, String> processorSettings) {}

    /**
     * The paced producer's {@code linger.ms}: a command is sent when it is created, as a latency-minded upstream
     * would; with Kafka 4's default of 5 ms every command would wait up to 5 ms in the driver before vaultstream
     * could see it, counted as vaultstream's latency.
     */
    static final int PACED_LINGER_MS = 0;
    /** The JVMs of {@code measuredWindowCpuMsPerCommand}, in the order their pids are read. */
    private static final List<String> WINDOW_ROLES = List.of("processor", "view", "driver");

    private LatencyBench() {}

    public static BenchReport run(BenchEnvironment env, Options o, Clock clock) throws Exception {
        BenchReport report = new BenchReport("latency", Machine.describe(clock)).parameter("sandboxLatencyMs", o.latencyMs())
                .parameter("loads", o.loads()).parameter("durationSeconds", o.duration().toSeconds())
                .parameter("warmupSeconds", o.warmup().toSeconds()).parameter("partitions", o.partitions())
                .parameter("statusSampleEvery", o.statusSampleEvery()).parameter("givenMaxRate", o.maxRate())
                .parameter("calibrationCount", o.calibrationCount()).parameter("processorSettings", o.processorSettings())
                .parameter("pacedProducerLingerMs", PACED_LINGER_MS);
        try (AntomSandbox sandbox = env.startSandbox(Duration.ofMillis(o.latencyMs()))) {
            Map<String, String> settings = env.settings("latency", o.partitions(), sandbox);
            int processorPort = BenchEnvironment.freePort();
            int viewPort = BenchEnvironment.freePort();
            settings.put(ConfigKeys.PROCESSOR_PORT, Integer.toString(processorPort));
            settings.put(ConfigKeys.VIEW_PORT, Integer.toString(viewPort));
            settings.put(ConfigKeys.VIEW_RECONCILER_ENABLED, "false");
            settings.putAll(o.processorSettings());
            VaultstreamConfig cfg = BenchEnvironment.config(settings);
            Topics topics = BenchEnvironment.prepare(cfg);
            String run = UUID.randomUUID().toString().substring(0, 8);
            try (RoleProcess view = RoleProcess.start("view", settings, viewPort, o.viewJvm(), env.runDir("latency-view"), Duration.ofSeconds(180));
                    RoleProcess processor = RoleProcess.start("processor", settings, processorPort, o.processorJvm(),
                            env.runDir("latency-processor"), Duration.ofSeconds(180));
                    CommandLoad load = new CommandLoad(cfg, topics, env.cipher(), clock, PACED_LINGER_MS)) {
                double max = o.maxRate();
                if (o.calibrationCount() > 0) {
                    // with --max-rate given the drain is only the warm-up: the same JIT-compiling burst every measured run starts after
                    long from = clock.millis();
                    try (ResultWatcher watcher = new ResultWatcher(cfg, topics.results(), o.partitions(), from)) {
                        load.preload(o.calibrationCount(), run + "-cal");
                        watcher.awaitCount(o.calibrationCount(), Duration.ofSeconds(60 + o.calibrationCount() / 50));
                        boolean calibrating = max <= 0;
                        Map<String, Object> c = report.section(calibrating ? "calibration" : "warmupDrain");
                        c.put("commands", watcher.count());
                        c.put(calibrating ? "maxCommandsPerSecond" : "commandsPerSecond", Math.round(watcher.throughput()));
                        if (calibrating) {
                            max = watcher.throughput();
                        }
                    }
                }
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (double fraction : highestFirst(o.loads())) {
                    double rate = max * fraction;
                    Map<String, Object> s = report.section("load" + Math.round(fraction * 100) + "%");
                    s.put("targetCommandsPerSecond", Math.round(rate));
                    phase(cfg, topics, load, http, viewPort, processor, view, env.registryPid(), rate, o, run + "-" + Math.round(fraction * 100), clock, s);
                }
            }
        }
        report.note("command-to-result: the command's createdAt (stamped just before producing) to the result visible to a read_committed "
                + "consumer; command-to-queryable-status: createdAt to the answer of GET /vaults/{id}?waitFor=terminal showing VAULTED.");
        report.note("the first " + o.warmup().toSeconds() + " s of each load are warm-up and not recorded; loads run from the "
                + "highest down, so each is measured after the JVMs ran at least that fast.");
        return report;
    }

    /**
     * The loads from the highest down. Each JVM (the driver with the broker and sandbox most of all) is still
     * compiling code paths a paced load takes for minutes after the calibration drain; run first, the lowest
     * load measured that JIT, not the steady state (session 7: its driver spent 1.3 ms of JIT and GC per command,
     * 0.3 when it ran after the 80% load).
     */
    static List<Double> highestFirst(List<Double> loads) {
        return loads.stream().sorted(Comparator.reverseOrder()).toList();
    }

    /** For each pid: its CPU seconds, then its JIT compiler threads' CPU seconds. */
    private static double[] cpuAndCompilerSeconds(long[] pids) {
        double[] out = new double[pids.length * 2];
        for (int i = 0; i < pids.length; i++) {
            out[2 * i] = ProcessStats.cpuSeconds(pids[i]);
            out[2 * i + 1] = ProcessStats.compilerCpuSeconds(pids[i]);
        }
        return out;
    }

    /**
     * CPU per measured command in the measured window only (the warm-up excluded), per JVM, with the part its JIT
     * compiler threads used: what is left of the JIT after the warm-up competes with the work being timed.
     */
    static Map<String, Object> windowCpu(double[] start, double[] end, long commands) {
        Map<String, Object> out = new LinkedHashMap<>();
        double n = Math.max(1, commands);
        for (int i = 0; i < WINDOW_ROLES.size(); i++) {
            out.put(WINDOW_ROLES.get(i), ProcessorBench.round3((end[2 * i] - start[2 * i]) * 1000 / n));
            out.put(WINDOW_ROLES.get(i) + "Jit", ProcessorBench.round3((end[2 * i + 1] - start[2 * i + 1]) * 1000 / n));
        }
        return out;
    }

    private static void phase(VaultstreamConfig cfg, Topics topics, CommandLoad load, HttpClient http, int viewPort, RoleProcess processor,
            RoleProcess view, long registryPid, double rate, Options o, String runId, Clock clock, Map<String, Object> s) throws Exception {
        long cutoff = clock.millis() + o.warmup().toMillis();
        Percentiles status = Percentiles.millis();
        List<CompletableFuture<?>> polls = new ArrayList<>();
        AtomicLong measured = new AtomicLong();
        AtomicLong sampled = new AtomicLong();
        try (ResultWatcher watcher = new ResultWatcher(cfg, topics.results(), o.partitions(), cutoff)) {
            String metrics0 = processor.metrics();
            double cpu0 = processor.cpuSeconds();
            double viewCpu0 = view.cpuSeconds();
            double registryCpu0 = ProcessStats.cpuSeconds(registryPid);
            DriverCpu driver = new DriverCpu().start();
            BrokerRequests requests = new BrokerRequests().start();
            long[] pids = {processor.pid(), view.pid(), ProcessHandle.current().pid()};
            CompletableFuture<double[]> windowStart = CompletableFuture.supplyAsync(() -> cpuAndCompilerSeconds(pids),
                    CompletableFuture.delayedExecutor(Math.max(0, cutoff - clock.millis()), TimeUnit.MILLISECONDS));
            long t0 = System.nanoTime();
            int sent = load.paced(rate, o.warmup().toSeconds() + o.duration().toSeconds(), runId, (VaultCommand c) -> {
                long created = c.getCreatedAt().toEpochMilli();
                if (created < cutoff) {
                    return;
                }
                if (measured.getAndIncrement() % o.statusSampleEvery() == 0) {
                    sampled.incrementAndGet();
                    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + viewPort + "/vaults/" + c.getVaultingRequestId()
                            + "?waitFor=terminal&timeout=30s")).timeout(Duration.ofSeconds(40)).GET().build();
                    polls.add(http.sendAsync(get, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                        long now = clock.millis();
                        if (r.statusCode() == 200 && r.body().contains("\"VAULTED\"")) {
                            synchronized (status) {
                                status.add(now - created);
                            }
                        }
                    }));
                }
            });
            boolean complete = watcher.awaitCount(measured.get(), Duration.ofSeconds(60));
            double[] windowEnd = cpuAndCompilerSeconds(pids);
            double cpu1 = processor.cpuSeconds();
            double viewCpu1 = view.cpuSeconds();
            double registryCpu1 = ProcessStats.cpuSeconds(registryPid);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double driverCpu = driver.processSecondsSinceStart();
            Map<String, Object> driverBy = driver.perUnitSinceStart(sent);
            Map<String, Object> driverThreads = driver.topThreadsPerUnitSinceStart(sent, 12);
            Map<String, Object> brokerRequests = requests.perUnitSinceStart(sent);
            try {
                CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                s.put("statusPollsUnfinished", polls.stream().filter(f -> !f.isDone()).count());
            }
            s.put("sent", sent);
            s.put("measuredCommands", measured.get());
            s.put("resultsSeen", watcher.count());
            s.put("complete", complete);
            s.put("achievedResultsPerSecond", Math.round(watcher.throughput()));
            s.put("commandToResultMs", watcher.endToEnd());
            s.put("commandToResultBreakdownMs", watcher.breakdown());
            synchronized (status) {
                Map<String, Object> st = status.summary();
                st.put("sampled", sampled.get());
                s.put("commandToQueryableStatusMs", st);
            }
            s.put("processorCpuCoresUsed", ProcessorBench.round3((cpu1 - cpu0) / seconds));
            // every process's CPU over the whole phase (warm-up included), per command sent in it
            Map<String, Object> perCommand = new LinkedHashMap<>();
            perCommand.put("processor", ProcessorBench.round3((cpu1 - cpu0) * 1000 / sent));
            perCommand.put("view", ProcessorBench.round3((viewCpu1 - viewCpu0) * 1000 / sent));
            perCommand.put("registry", ProcessorBench.round3((registryCpu1 - registryCpu0) * 1000 / sent));
            perCommand.put("driver", ProcessorBench.round3(driverCpu * 1000 / sent));
            s.put("cpuMsPerCommand", perCommand);
            s.put("measuredWindowCpuMsPerCommand", windowCpu(windowStart.get(10, TimeUnit.SECONDS), windowEnd, measured.get()));
            s.put("driverCpuMsPerCommandBy", driverBy);
            s.put("driverCpuMsPerCommandByThreadFamily", driverThreads);
            s.put("brokerRequestsPerCommand", brokerRequests);
            s.put("allCpuCoresUsed", ProcessorBench.round3((cpu1 - cpu0 + viewCpu1 - viewCpu0 + registryCpu1 - registryCpu0 + driverCpu) / seconds));
            s.put("processorCommits", RoleProcess.commits(metrics0, processor.metrics(), seconds));
        }
    }
}
