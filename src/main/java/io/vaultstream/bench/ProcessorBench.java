package io.vaultstream.bench;

import io.vaultstream.antom.AntomClient;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.kafka.Topics;
import io.vaultstream.processor.ProcessorSettings;
import io.vaultstream.sandbox.AntomSandbox;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 1, the headline: {@code count} commands already on the topic, the processor in its own JVM
 * against the real broker, registry and sandbox (signing on), at each sandbox latency; in the same run the
 * machine's RSA limit ({@link RsaLimit}, before and after the runs, the fractions against the mean), the naive
 * loop and the partition-parallel baseline ({@link SyncBaseline}) at the first latency.
 */
public final class ProcessorBench {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorBench.class);

    /**
     * @param count          commands per vaultstream run
     * @param latenciesMs    sandbox latencies, one vaultstream run each; baselines run at the first
     * @param partitions     partitions of the commands topic (and consumers of the partition-parallel baseline)
     * @param naiveCount     commands for the naive loop (0 skips it)
     * @param parallelCount  commands for the partition-parallel baseline (0 skips it)
     * @param limitSeconds   how long the RSA limit is measured (0 skips it)
     * @param processorJvm   JVM options of the processor process
     * @param pcCount        commands for the Confluent Parallel Consumer baseline (0 skips it)
     * @param pcConcurrency  its {@code maxConcurrency} (records in flight)
     * @param pcLib          the directory of Parallel Consumer's jars (target/bench-lib/parallel-consumer)
     * @param warmup         commands each vaultstream and Parallel Consumer run processes before the measured {@code count} (0: none)
     * @param processorSettings vaultstream settings for the processor under test (e.g. processor.commit-interval-ms)
     * @param baselinesFirst run the baselines before vaultstream (the driver JVM warms up over a run: whoever runs later gets a warmer one)
     */
    public record Options(int count, List<Integer> latenciesMs, int partitions, int naiveCount, int parallelCount, double limitSeconds,
            List<String> processorJvm, int pcCount, int pcConcurrency, Path pcLib, int warmup, Map<String, String> processorSettings,
            boolean baselinesFirst) {}

    private ProcessorBench() {}

    public static BenchReport run(BenchEnvironment env, Options o, Clock clock) throws Exception {
        BenchReport report = new BenchReport("processor", Machine.describe(clock))
                .parameter("count", o.count()).parameter("sandboxLatenciesMs", o.latenciesMs()).parameter("partitions", o.partitions())
                .parameter("naiveCount", o.naiveCount()).parameter("parallelCount", o.parallelCount())
                .parameter("processorJvm", o.processorJvm()).parameter("parallelConsumerCount", o.pcCount())
                .parameter("parallelConsumerMaxConcurrency", o.pcConcurrency()).parameter("warmup", o.warmup())
                .parameter("processorSettings", o.processorSettings()).parameter("baselinesFirst", o.baselinesFirst());
        if (o.limitSeconds() > 0) {
            report.section("limit").putAll(measureLimit(env, o));
        }
        Map<Integer, Double> vaultstream = new LinkedHashMap<>();
        Map<String, Double> baselines = new LinkedHashMap<>();
        Map<String, Double> againstLimit = new LinkedHashMap<>(); // rates by section of the runs measured against the limit
        if (o.baselinesFirst()) {
            runBaselines(env, o, report, baselines, againstLimit, clock);
            runVaultstream(env, o, report, vaultstream, againstLimit);
        } else {
            runVaultstream(env, o, report, vaultstream, againstLimit);
            runBaselines(env, o, report, baselines, againstLimit, clock);
        }
        if (o.limitSeconds() > 0) {
            report.section("limitAfter").putAll(measureLimit(env, o));
            double limit = meanOfLimits(report, "commandsPerSecond");
            double rsaCpuMs = meanOfLimits(report, "rsaCpuMsPerCommand");
            report.section("limit").put("commandsPerSecondMeanWithAfter", round1(limit));
            againstLimit.forEach((section, rate) -> putFractions(report.section(section), rate, limit, rsaCpuMs));
            report.note("limit: measured before the runs (limit) and after them (limitAfter), because the machine's speed drifts "
                    + "within minutes; fractionOfLimit and fractionOfLimitByCpuTime use the mean of the two.");
        }
        double vs = vaultstream.getOrDefault(o.latenciesMs().get(0), 0.0);
        baselines.forEach((section, rate) -> report.section(section).put("vaultstreamSpeedup", rate > 0 ? round1(vs / rate) : null));
        if (o.baselinesFirst()) {
            report.note("order: the baselines ran first, then vaultstream (--baselines-first), so the driver JVM (sandbox, broker) was "
                    + "warmer for vaultstream than for them.");
        }
        report.note("vaultstream: warmup + count commands pre-loaded, the processor started after; the first warmup results are "
                + "counted but not measured; throughput = results between the first measured and the last visible result (read_committed). commandToResultMs = first Antom call to result visible downstream (queue wait in the "
                + "backlog excluded). CPU of the processor process only (/proc/<pid>/stat) over the same window.");
        report.note("sandbox, broker and load generator run in the driver JVM on the same cores; the registry in its own process.");
        report.note("cpuMsPerCommand: CPU ms per command of the processor, driver and registry processes and all together (/proc). "
                + "driverCpuMsPerCommandBy splits the driver by thread: sandbox (HTTP workers and latency timers: one verify and one "
                + "sign per call plus HTTP and JSON), resultReader, brokerAndOtherThreads (the embedded broker), jvmGcAndJit (process "
                + "CPU charged to no Java thread). Its total is read a moment later than driver, so they can differ slightly.");
        report.note("byCpuTime figures divide the cores by CPU time per command (RSA threads' CPU time for the limit; processor + driver "
                + "(sandbox, broker, result reader) + registry processes for vaultstream), so load from outside the benchmark does not skew them.");
        return report;
    }

    private static Map<String, Object> measureLimit(BenchEnvironment env, Options o) throws Exception {
        return new RsaLimit(env.keys()).measure(Runtime.getRuntime().availableProcessors(), o.limitSeconds());
    }

    private static double meanOfLimits(BenchReport report, String key) {
        return (((Number) report.section("limit").get(key)).doubleValue() + ((Number) report.section("limitAfter").get(key)).doubleValue()) / 2;
    }

    /** vaultstream at each sandbox latency; rates by latency into {@code rates}, and by section into {@code againstLimit}. */
    private static void runVaultstream(BenchEnvironment env, Options o, BenchReport report, Map<Integer, Double> rates,
            Map<String, Double> againstLimit) throws Exception {
        for (int latency : o.latenciesMs()) {
            try (AntomSandbox sandbox = env.startSandbox(Duration.ofMillis(latency))) {
                String name = "vaultstream@" + latency + "ms";
                Map<String, Object> s = report.section(name);
                double rate;
                try {
                    rate = runProcessor(env, sandbox, "vs" + latency, o.warmup(), o.count(), o.partitions(), o.processorJvm(), o.processorSettings(), s);
                } catch (Exception e) {
                    // one failed run (e.g. a broker hiccup on a busy machine) must not lose the others
                    LOG.warn("run vs{} failed: {}", latency, e.toString());
                    s.put("error", e.toString());
                    continue;
                }
                rates.put(latency, rate);
                againstLimit.put(name, rate);
            }
        }
    }

    /**
     * The naive loop, the partition-parallel consumers and Parallel Consumer at the first latency; rates by section
     * into {@code rates}, Parallel Consumer's also into {@code againstLimit}.
     */
    private static void runBaselines(BenchEnvironment env, Options o, BenchReport report, Map<String, Double> rates,
            Map<String, Double> againstLimit, Clock clock) throws Exception {
        int baseLatency = o.latenciesMs().get(0);
        try (AntomSandbox sandbox = env.startSandbox(Duration.ofMillis(baseLatency))) {
            if (o.naiveCount() > 0) {
                String name = "naive@" + baseLatency + "ms";
                rates.put(name, runSync(env, sandbox, "naive", o.naiveCount(), o.partitions(), 1, baseLatency, report.section(name), clock));
            }
            if (o.parallelCount() > 0) {
                String name = "partitionParallel@" + baseLatency + "ms";
                rates.put(name, runSync(env, sandbox, "parallel", o.parallelCount(), o.partitions(), o.partitions(), baseLatency,
                        report.section(name), clock));
            }
            for (boolean transactional : new boolean[] {false, true}) {
                if (o.pcCount() == 0) {
                    break;
                }
                String name = (transactional ? "parallelConsumerTransactional@" : "parallelConsumer@") + baseLatency + "ms";
                Map<String, Object> s = report.section(name);
                try {
                    double rate = runParallelConsumer(env, sandbox, o, transactional, s);
                    rates.put(name, rate);
                    againstLimit.put(name, rate);
                } catch (Exception e) {
                    LOG.warn("parallel-consumer run failed: {}", e.toString());
                    s.put("error", e.toString());
                }
            }
        }
    }

    private static void putFractions(Map<String, Object> s, double rate, double limit, double rsaCpuMs) {
        if (limit > 0) {
            s.put("fractionOfLimit", round3(rate / limit));
        }
        if (rsaCpuMs > 0 && s.get("allProcessesCpuMsPerCommand") instanceof Number all) {
            s.put("fractionOfLimitByCpuTime", round3(rsaCpuMs / all.doubleValue()));
        }
    }

    /**
     * One vaultstream run: preloads {@code warmup + count} commands, starts the processor process, waits for all
     * results and measures the last {@code count} (throughput, latency, CPU). Returns commands/s and fills {@code s}.
     */
    static double runProcessor(BenchEnvironment env, AntomSandbox sandbox, String label, int warmup, int count, int partitions,
            List<String> jvm, Map<String, String> processorSettings, Map<String, Object> s) throws Exception {
        Map<String, String> settings = env.settings(label, partitions, sandbox);
        settings.putAll(processorSettings);
        int port = BenchEnvironment.freePort();
        settings.put(ConfigKeys.PROCESSOR_PORT, Integer.toString(port));
        VaultstreamConfig cfg = BenchEnvironment.config(settings);
        Topics topics = BenchEnvironment.prepare(cfg);
        long t0 = System.nanoTime();
        try (CommandLoad load = new CommandLoad(cfg, topics, env.cipher(), Clock.systemUTC())) {
            load.preload(warmup + count, label + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
        LOG.info("{}: {} commands produced in {} ms", label, warmup + count, (System.nanoTime() - t0) / 1_000_000);
        try (ResultWatcher watcher = new ResultWatcher(cfg, topics.results(), partitions);
                RoleProcess processor = RoleProcess.start("processor", settings, port, jvm, env.runDir(label), Duration.ofSeconds(180))) {
            watcher.measureFrom(warmup);
            long registry = env.registryPid();
            Duration timeout = Duration.ofSeconds(120 + (warmup + count) / 50);
            watcher.awaitCount(warmup + 1L, timeout);
            double cpuFirst = processor.cpuSeconds();
            String metricsFirst = processor.metrics();
            DriverCpu driver = new DriverCpu().start();
            double registryFirst = ProcessStats.cpuSeconds(registry);
            boolean complete = watcher.awaitCount(warmup + (long) count, timeout);
            double cpuLast = processor.cpuSeconds();
            double driverSeconds = driver.processSecondsSinceStart();
            double registryLast = ProcessStats.cpuSeconds(registry);
            long done = watcher.measuredCount();
            double rate = watcher.throughput();
            s.put("warmupCommands", warmup);
            s.put("commands", done);
            s.put("complete", complete);
            s.put("seconds", round1(watcher.spanNanos() / 1e9));
            s.put("commandsPerSecond", Math.round(rate));
            s.put("commandToResultMs", watcher.processing());
            s.put("outcomes", watcher.outcomes());
            s.put("processorCommits", RoleProcess.commits(metricsFirst, processor.metrics(), watcher.spanNanos() / 1e9));
            s.put("processorCpuSecondsPer1000", done > 1 ? round3((cpuLast - cpuFirst) * 1000 / (done - 1)) : null);
            s.put("processorCpuCoresUsed", watcher.spanNanos() > 0 ? round3((cpuLast - cpuFirst) / (watcher.spanNanos() / 1e9)) : null);
            s.put("driverCpuSecondsPer1000", done > 1 ? round3(driverSeconds * 1000 / (done - 1)) : null);
            putCpuPerCommand(s, "processor", cpuLast - cpuFirst, driver, driverSeconds, registryLast - registryFirst, done);
            s.put("processorPeakHeapMiB", ProcessStats.round1(processor.peakHeapMiB()));
            s.put("processorHeapAfterLastGcMiB", ProcessStats.round1(processor.lastAfterGcMiB()));
            s.put("processorPeakRssMiB", ProcessStats.round1(processor.peakRssMiB()));
            s.put("processorAliveAtEnd", processor.isAlive());
            s.put("processorLog", processor.log().toString());
            return rate;
        }
    }

    /**
     * CPU ms per command of the process under test (named {@code role}), the driver (split by thread) and the
     * registry over the measured window of {@code done} results, and the commands/s that CPU time allows.
     */
    private static void putCpuPerCommand(Map<String, Object> s, String role, double roleSeconds, DriverCpu driver, double driverSeconds,
            double registrySeconds, long done) {
        if (done <= 1) {
            return;
        }
        double allMs = (roleSeconds + driverSeconds + registrySeconds) * 1000 / (done - 1);
        Map<String, Object> perCommand = new LinkedHashMap<>();
        perCommand.put(role, round3(roleSeconds * 1000 / (done - 1)));
        perCommand.put("driver", round3(driverSeconds * 1000 / (done - 1)));
        perCommand.put("registry", round3(registrySeconds * 1000 / (done - 1)));
        perCommand.put("all", round3(allMs));
        s.put("cpuMsPerCommand", perCommand);
        s.put("driverCpuMsPerCommandBy", driver.perUnitSinceStart(done - 1));
        s.put("allProcessesCpuMsPerCommand", round3(allMs));
        s.put("commandsPerSecondByCpuTime", Math.round(Runtime.getRuntime().availableProcessors() * 1000 / allMs));
    }

    /** A baseline run with {@code consumers} synchronous consumers; returns commands/s and fills {@code s}. */
    static double runSync(BenchEnvironment env, AntomSandbox sandbox, String label, int count, int partitions, int consumers,
            int latencyMs, Map<String, Object> s, Clock clock) throws Exception {
        Map<String, String> settings = env.settings(label, partitions, sandbox);
        VaultstreamConfig cfg = BenchEnvironment.config(settings);
        Topics topics = BenchEnvironment.prepare(cfg);
        try (CommandLoad load = new CommandLoad(cfg, topics, env.cipher(), Clock.systemUTC())) {
            load.preload(count, label + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
        try (ResultWatcher watcher = new ResultWatcher(cfg, topics.results(), partitions);
                AntomClient antom = new AntomClient(ProcessorSettings.antomOptions(cfg));
                SyncBaseline baseline = new SyncBaseline(cfg, topics, antom, env.cipher(), clock, consumers)) {
            Duration timeout = Duration.ofSeconds(60 + (long) count * (latencyMs + 50) / 1000 / consumers);
            boolean complete = watcher.awaitCount(count, timeout);
            s.put("consumers", consumers);
            s.put("commands", watcher.count());
            s.put("complete", complete);
            s.put("seconds", round1(watcher.spanNanos() / 1e9));
            s.put("commandsPerSecond", round1(watcher.throughput()));
            s.put("commandToResultMs", watcher.processing());
            s.put("outcomes", watcher.outcomes());
            if (baseline.failure() != null) {
                s.put("error", baseline.failure().toString());
            }
            return watcher.throughput();
        }
    }

    /**
     * The Confluent Parallel Consumer baseline ({@link ParallelConsumerBaseline}) in its own JVM, its class path
     * vaultstream's plus Parallel Consumer's jars; returns commands/s and fills {@code s}.
     */
    static double runParallelConsumer(BenchEnvironment env, AntomSandbox sandbox, Options o, boolean transactional, Map<String, Object> s)
            throws Exception {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(o.pcLib())) {
            try (var list = Files.list(o.pcLib())) {
                list.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("parallel-consumer-core"))) {
            throw new IOException("Parallel Consumer's jars not found in " + o.pcLib().toAbsolutePath() + "; 'mvn package' copies them there");
        }
        Map<String, String> settings = env.settings("pc", o.partitions(), sandbox);
        VaultstreamConfig cfg = BenchEnvironment.config(settings);
        Topics topics = BenchEnvironment.prepare(cfg);
        try (CommandLoad load = new CommandLoad(cfg, topics, env.cipher(), Clock.systemUTC())) {
            load.preload(o.warmup() + o.pcCount(), "pc-" + UUID.randomUUID().toString().substring(0, 8));
        }
        Path dir = env.runDir("pc");
        Files.createDirectories(dir);
        Path config = dir.resolve("parallel-consumer.properties");
        Properties p = new Properties();
        p.putAll(settings);
        try (var w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(w, "written by vaultstream bench");
        }
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        jars.forEach(j -> classPath.append(File.pathSeparatorChar).append(j.toAbsolutePath()));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(o.processorJvm());
        cmd.addAll(List.of("-cp", classPath.toString(), ParallelConsumerBaseline.class.getName(), config.toString(),
                Integer.toString(o.pcConcurrency()), transactional ? ParallelConsumerBaseline.TRANSACTIONAL : ParallelConsumerBaseline.AT_LEAST_ONCE));
        Path log = dir.resolve("parallel-consumer.log");
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Thread stopOnExit = RoleProcess.stopOnExit(process);
        try (ResultWatcher watcher = new ResultWatcher(cfg, topics.results(), o.partitions())) {
            watcher.measureFrom(o.warmup());
            Duration timeout = Duration.ofSeconds(120 + (o.warmup() + o.pcCount()) / 20);
            watcher.awaitCount(o.warmup() + 1L, timeout);
            long registry = env.registryPid();
            double cpuFirst = ProcessStats.cpuSeconds(process.pid());
            DriverCpu driver = new DriverCpu().start();
            double registryFirst = ProcessStats.cpuSeconds(registry);
            boolean complete = watcher.awaitCount(o.warmup() + (long) o.pcCount(), timeout);
            double cpuLast = ProcessStats.cpuSeconds(process.pid());
            double driverSeconds = driver.processSecondsSinceStart();
            double registryLast = ProcessStats.cpuSeconds(registry);
            long done = watcher.measuredCount();
            s.put("maxConcurrency", o.pcConcurrency());
            s.put("commitMode", transactional ? "PERIODIC_TRANSACTIONAL_PRODUCER (exactly once, as vaultstream)"
                    : "PERIODIC_CONSUMER_ASYNCHRONOUS (at least once)");
            s.put("warmupCommands", o.warmup());
            s.put("version", jars.stream().map(j -> j.getFileName().toString()).filter(n -> n.startsWith("parallel-consumer-core")).findFirst()
                    .orElse(""));
            s.put("commands", done);
            s.put("complete", complete);
            s.put("seconds", round1(watcher.spanNanos() / 1e9));
            s.put("commandsPerSecond", Math.round(watcher.throughput()));
            s.put("commandToResultMs", watcher.processing());
            s.put("outcomes", watcher.outcomes());
            s.put("cpuSecondsPer1000", done > 1 ? round3((cpuLast - cpuFirst) * 1000 / (done - 1)) : null);
            putCpuPerCommand(s, "parallelConsumer", cpuLast - cpuFirst, driver, driverSeconds, registryLast - registryFirst, done);
            s.put("peakRssMiB", ProcessStats.round1(ProcessStats.peakRssMiB(process.pid())));
            s.put("aliveAtEnd", process.isAlive());
            s.put("log", log.toString());
            if (!complete && !process.isAlive()) {
                s.put("error", "the parallel-consumer JVM exited with code " + process.exitValue() + "; see " + log);
            }
            return watcher.throughput();
        } finally {
            RoleProcess.forget(stopOnExit);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** JVM options from a space-separated string. */
    public static List<String> jvmOptions(String spaceSeparated) {
        List<String> out = new ArrayList<>();
        for (String s : spaceSeparated.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
