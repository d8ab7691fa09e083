package io.vaultstream.cli;

import io.vaultstream.bench.BacklogBench;
import io.vaultstream.bench.BenchEnvironment;
import io.vaultstream.bench.BenchReport;
import io.vaultstream.bench.JfrBreakdown;
import io.vaultstream.bench.LatencyBench;
import io.vaultstream.bench.Machine;
import io.vaultstream.bench.ProcessorBench;
import io.vaultstream.bench.QueryBench;
import io.vaultstream.bench.ResultWatcher;
import io.vaultstream.bench.RsaLimit;
import io.vaultstream.bench.WebhookBench;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vaultstream bench ...}: benchmarks on a real broker, registry and sandbox started here, with the role
 * under test in its own process. Each prints a table and writes a JSON file; none judges a number.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: each starts a Kafka broker, a schema registry and the Antom sandbox, runs, prints a table and writes JSON.",
        subcommands = {BenchCommand.Processor.class, BenchCommand.Latency.class, BenchCommand.Webhook.class, BenchCommand.Query.class,
            BenchCommand.Backlog.class, BenchCommand.Limit.class, BenchCommand.Profile.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Rejects an option below its minimum, naming the option and the rule. */
    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + ": must be at least " + min + ", got " + value);
        }
    }

    /** Options every benchmark shares. */
    static final class Common {
        @Option(names = "--work-dir", defaultValue = "target/bench-work",
                description = "Broker data, registry log, keys, role configs and logs (default: ${DEFAULT-VALUE}).")
        Path workDir;

        @Option(names = "--out", paramLabel = "FILE", description = "JSON result file (default: target/bench/<benchmark>-<UTC time>.json).")
        Path out;

        @Option(names = "--log-level", defaultValue = "WARN", description = "Log level of this driver (default: ${DEFAULT-VALUE}).")
        String logLevel;

        BenchEnvironment environment() throws Exception {
            LoggingSetup.apply(logLevel, "text");
            LoggingSetup.showInfo(ResultWatcher.PROGRESS_LOGGER);
            return BenchEnvironment.start(workDir, DevCommand.apicurioHome());
        }

        int publish(BenchReport report) {
            Path file = out != null ? out : Path.of("target", "bench", report.benchmark() + "-"
                    + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
            report.write(file);
            System.out.print(report.table());
            System.out.println("JSON: " + file.toAbsolutePath());
            System.out.flush();
            return 0;
        }
    }

    /** {@code bench processor}. */
    @Command(name = "processor", mixinStandardHelpOptions = true,
            description = {"Processor end to end: N commands already on the topic, the processor in its own JVM, sandbox latency L (signing on);",
                "in the same run: the RSA limit of this machine, the naive loop and the partition-parallel baseline."})
    static final class Processor implements Callable<Integer> {
        @Mixin Common common;
        @Spec CommandSpec spec;

        private void atLeast(String option, int value, int min) {
            BenchCommand.atLeast(spec, option, value, min);
        }

        @Option(names = "--count", defaultValue = "50000", description = "Measured commands per vaultstream run (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--setting", paramLabel = "KEY=VALUE",
                description = "A vaultstream setting for the processor under test, e.g. processor.commit-interval-ms=20 (repeatable).")
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

        @Option(names = "--baselines-first",
                description = "Run the naive, partition-parallel and Parallel Consumer baselines before vaultstream (default: after). "
                        + "The driver JVM (sandbox, broker) warms up during a run, so the later runs find it warmer.")
        boolean baselinesFirst;

        @Option(names = "--warmup", defaultValue = "50000",
                description = "Commands each vaultstream and Parallel Consumer run processes before the measured ones (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--latency-ms", split = ",", defaultValue = "100,20,500",
                description = "Sandbox latencies, one run each; baselines use the first (default: ${DEFAULT-VALUE}).")
        List<Integer> latencies;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the commands topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--naive-count", defaultValue = "600", description = "Commands for the naive loop; 0 skips (default: ${DEFAULT-VALUE}).")
        int naiveCount;

        @Option(names = "--parallel-count", defaultValue = "3000",
                description = "Commands for the partition-parallel baseline; 0 skips (default: ${DEFAULT-VALUE}).")
        int parallelCount;

        @Option(names = "--limit-seconds", defaultValue = "15", description = "How long the RSA limit is measured, once before and once after the runs; 0 skips (default: ${DEFAULT-VALUE}).")
        double limitSeconds;

        @Option(names = "--pc-count", defaultValue = "20000",
                description = "Commands for the Confluent Parallel Consumer baseline (its own JVM); 0 skips (default: ${DEFAULT-VALUE}).")
        int pcCount;

        @Option(names = "--pc-concurrency", defaultValue = "1024",
                description = "Parallel Consumer's maxConcurrency, as vaultstream's processor.max-in-flight (default: ${DEFAULT-VALUE}).")
        int pcConcurrency;

        @Option(names = "--pc-lib", defaultValue = "target/bench-lib/parallel-consumer",
                description = "Directory of Parallel Consumer's jars, copied there by 'mvn package' (default: ${DEFAULT-VALUE}).")
        Path pcLib;

        @Option(names = "--processor-jvm", defaultValue = "-Xmx512m -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC",
                description = "JVM options of the processor process (default: ${DEFAULT-VALUE}).")
        String processorJvm;

        @Override
        public Integer call() throws Exception {
            atLeast("--count", count, 2);
            atLeast("--warmup", warmup, 0);
            atLeast("--partitions", partitions, 1);
            atLeast("--naive-count", naiveCount, 0);
            atLeast("--parallel-count", parallelCount, 0);
            atLeast("--pc-count", pcCount, 0);
            atLeast("--pc-concurrency", pcConcurrency, 1);
            if (latencies.stream().anyMatch(l -> l < 0)) {
                throw new ParameterException(spec.commandLine(), "--latency-ms: every latency must be at least 0, got " + latencies);
            }
            if (limitSeconds < 0) {
                throw new ParameterException(spec.commandLine(), "--limit-seconds: must be at least 0, got " + limitSeconds);
            }
            try (BenchEnvironment env = common.environment()) {
                return common.publish(ProcessorBench.run(env, new ProcessorBench.Options(count, latencies, partitions, naiveCount, parallelCount,
                        limitSeconds, ProcessorBench.jvmOptions(processorJvm), pcCount, pcConcurrency, pcLib, warmup, settings,
                        baselinesFirst), Clock.systemUTC()));
            }
        }
    }

    /** {@code bench latency}. */
    @Command(name = "latency", mixinStandardHelpOptions = true,
            description = {"Latency under load: processor and view in their own JVMs, a paced producer at fractions of the maximum;",
                "p50/p95/p99 command-to-result and command-to-queryable-status."})
    static final class Latency implements Callable<Integer> {
        @Mixin Common common;

        @Spec CommandSpec spec;

        @Option(names = "--max-rate", defaultValue = "0", description = "Maximum commands/s; 0 measures it first by draining --calibration-count "
                + "commands. Given, the drain still runs, as a warm-up only (--calibration-count 0 skips it), so that runs at one fixed rate "
                + "start as warm as calibrated ones.")
        double maxRate;

        @Option(names = "--calibration-count", defaultValue = "20000", description = "Burst drained before the loads: measures the maximum, "
                + "and warms every JVM up (default: ${DEFAULT-VALUE}).")
        int calibrationCount;

        @Option(names = "--load", split = ",", defaultValue = "0.5,0.8", description = "Fractions of the maximum, run from the highest down (default: ${DEFAULT-VALUE}).")
        List<Double> loads;

        @Option(names = "--seconds", defaultValue = "60", description = "Measured seconds per load (default: ${DEFAULT-VALUE}).")
        long seconds;

        @Option(names = "--warmup-seconds", defaultValue = "60", description = "Unrecorded seconds at the start of each load; at a paced rate "
                + "the JIT takes about a minute to settle on 2 cores (default: ${DEFAULT-VALUE}).")
        long warmupSeconds;

        @Option(names = "--latency-ms", defaultValue = "100", description = "Sandbox latency (default: ${DEFAULT-VALUE}).")
        int latencyMs;

        @Option(names = "--partitions", defaultValue = "6") int partitions;

        @Option(names = "--status-sample-every", defaultValue = "10", description = "Long-poll the status of every k-th command (default: ${DEFAULT-VALUE}).")
        int sampleEvery;

        @Option(names = "--processor-jvm", defaultValue = "-Xmx512m -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC") String processorJvm;
        @Option(names = "--view-jvm", defaultValue = "-Xmx1g -XX:+ExitOnOutOfMemoryError") String viewJvm;

        @Option(names = "--setting", paramLabel = "KEY=VALUE",
                description = "A vaultstream setting for the roles under test, e.g. processor.commit-interval-ms=20 (repeatable).")
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            validate();
            try (BenchEnvironment env = common.environment()) {
                return common.publish(LatencyBench.run(env, new LatencyBench.Options(maxRate, calibrationCount, loads, Duration.ofSeconds(seconds),
                        Duration.ofSeconds(warmupSeconds), latencyMs, partitions, sampleEvery, ProcessorBench.jvmOptions(processorJvm),
                        ProcessorBench.jvmOptions(viewJvm), settings), Clock.systemUTC()));
            }
        }

        /** Rejects what would fail or mean nothing only after the broker, registry and roles started. */
        void validate() {
            if (!(maxRate >= 0)) {
                throw new ParameterException(spec.commandLine(), "--max-rate: must be at least 0, got " + maxRate);
            }
            atLeast(spec, "--calibration-count", calibrationCount, maxRate == 0 ? 2 : 0);
            if (loads.isEmpty() || loads.stream().anyMatch(l -> !(l > 0))) {
                throw new ParameterException(spec.commandLine(), "--load: every fraction must be greater than 0, got " + loads);
            }
            atLeast(spec, "--seconds", seconds, 1);
            atLeast(spec, "--warmup-seconds", warmupSeconds, 0);
            atLeast(spec, "--latency-ms", latencyMs, 0);
            atLeast(spec, "--partitions", partitions, 1);
            atLeast(spec, "--status-sample-every", sampleEvery, 1);
        }
    }

    /** {@code bench webhook}. */
    @Command(name = "webhook", mixinStandardHelpOptions = true,
            description = "Webhook: pre-signed distinct notifications over keep-alive connections; verified, durably acknowledged notifications/s and latency.")
    static final class Webhook implements Callable<Integer> {
        @Mixin Common common;

        @Option(names = "--count", defaultValue = "100000", description = "Measured notifications (default: ${DEFAULT-VALUE}).") int count;
        @Option(names = "--warmup", defaultValue = "20000", description = "Unmeasured notifications first (default: ${DEFAULT-VALUE}).") int warmup;
        // 32: at the 5,000/s target Little's law puts the mean at 6.4 ms, leaving room under the 20 ms p99, and
        // it still fills the producer's batches (16 cost a third more webhook CPU per notification; 64 no less than 32)
        @Option(names = "--concurrency", defaultValue = "32", description = "Requests in flight (default: ${DEFAULT-VALUE}).") int concurrency;
        @Option(names = "--partitions", defaultValue = "6") int partitions;
        @Option(names = "--webhook-jvm", defaultValue = "-Xmx512m -XX:+ExitOnOutOfMemoryError") String webhookJvm;

        @Override
        public Integer call() throws Exception {
            try (BenchEnvironment env = common.environment()) {
                return common.publish(WebhookBench.run(env, new WebhookBench.Options(count, warmup, concurrency, partitions,
                        ProcessorBench.jvmOptions(webhookJvm)), Clock.systemUTC()));
            }
        }
    }

    /** {@code bench query}. */
    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Query API: GET /vaults/{id} per second and latency with N statuses in the store; time of /stats and /vaults?state= pages.")
    static final class Query implements Callable<Integer> {
        @Mixin Common common;

        @Option(names = "--statuses", defaultValue = "1000000", description = "Statuses loaded into the store (default: ${DEFAULT-VALUE}).") int statuses;
        @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds of lookups (default: ${DEFAULT-VALUE}).") long seconds;
        @Option(names = "--concurrency", defaultValue = "8",
                description = "Lookups in flight; 8 keeps the tail short on 2 cores shared with wrk and the broker (default: ${DEFAULT-VALUE}).") int concurrency;
        @Option(names = "--repeats", defaultValue = "20", description = "Timed calls of /stats and of each list page (default: ${DEFAULT-VALUE}).") int repeats;
        @Option(names = "--partitions", defaultValue = "6") int partitions;
        @Option(names = "--view-jvm", defaultValue = "-Xmx1g -XX:+ExitOnOutOfMemoryError") String viewJvm;

        @Override
        public Integer call() throws Exception {
            try (BenchEnvironment env = common.environment()) {
                return common.publish(QueryBench.run(env, new QueryBench.Options(statuses, Duration.ofSeconds(seconds), concurrency, partitions,
                        repeats, ProcessorBench.jvmOptions(viewJvm)), Clock.systemUTC()));
            }
        }
    }

    /** {@code bench backlog}. */
    @Command(name = "backlog", mixinStandardHelpOptions = true,
            description = "Backlog: N commands waiting, drained by a processor JVM with a heap ceiling; peak heap while draining.")
    static final class Backlog implements Callable<Integer> {
        @Mixin Common common;

        @Option(names = "--count", defaultValue = "1000000", description = "Commands waiting (default: ${DEFAULT-VALUE}).") int count;
        @Option(names = "--latency-ms", defaultValue = "100") int latencyMs;
        @Option(names = "--partitions", defaultValue = "6") int partitions;
        @Option(names = "--processor-jvm", defaultValue = "-Xmx256m -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC",
                description = "JVM options of the processor; the heap ceiling is the bound under test (default: ${DEFAULT-VALUE}).")
        String processorJvm;

        @Override
        public Integer call() throws Exception {
            try (BenchEnvironment env = common.environment()) {
                return common.publish(BacklogBench.run(env, new BacklogBench.Options(count, latencyMs, partitions,
                        ProcessorBench.jvmOptions(processorJvm)), Clock.systemUTC()));
            }
        }
    }

    /** {@code bench limit}: the RSA limit alone (no broker needed). */
    @Command(name = "limit", mixinStandardHelpOptions = true,
            description = "The machine's RSA limit: two signs and two verifies per command on every core, as commands/s.")
    static final class Limit implements Callable<Integer> {
        @Mixin Common common;

        @Option(names = "--seconds", defaultValue = "15") double seconds;

        @Override
        public Integer call() throws Exception {
            LoggingSetup.apply(common.logLevel, "text");
            BenchReport report = new BenchReport("limit", Machine.describe(Clock.systemUTC()));
            report.section("limit").putAll(new RsaLimit(io.vaultstream.sandbox.SandboxKeys.generateInto(common.workDir.resolve("keys")))
                    .measure(Runtime.getRuntime().availableProcessors(), seconds));
            return common.publish(report);
        }
    }

    /** {@code bench profile FILE.jfr}: where a recorded role's Java CPU samples go. */
    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = {"Breaks a JFR recording's execution samples down by category (RSA, HTTP client, Kafka, JSON, Avro, ...).",
                "Record with: bench processor --processor-jvm \"-Xmx512m -XX:StartFlightRecording=filename=p.jfr,settings=profile,dumponexit=true\""})
    static final class Profile implements Callable<Integer> {
        @Mixin Common common;

        @picocli.CommandLine.Parameters(paramLabel = "FILE.jfr") Path recording;

        @Override
        public Integer call() throws Exception {
            LoggingSetup.apply(common.logLevel, "text");
            return common.publish(JfrBreakdown.analyse(recording, Clock.systemUTC()));
        }
    }
}
