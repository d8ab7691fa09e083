package io.vaultstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.bench.jmh.CryptoBenchmarks;
import io.vaultstream.cli.Main;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a seconds-long version of every benchmark so none of them rots: each must finish, exit 0 and write
 * its JSON with the sections it promises. Speed numbers are never asserted; benchmarks are not tests.
 */
class BenchSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private JsonNode bench(String name, String... args) throws IOException {
        Path out = dir.resolve(name + ".json");
        String[] full = new String[args.length + 6];
        full[0] = "bench";
        full[1] = name;
        full[2] = "--work-dir";
        full[3] = dir.resolve("work-" + name).toString();
        full[4] = "--out";
        full[5] = out.toString();
        System.arraycopy(args, 0, full, 6, args.length);
        assertThat(Main.run(full)).as("exit code of bench " + name).isZero();
        assertThat(out).exists();
        JsonNode report = JSON.readTree(out.toFile());
        assertThat(report.path("benchmark").asText()).isEqualTo(name);
        assertThat(report.path("machine").path("cores").asInt()).isPositive();
        assertThat(report.path("machine").path("driverGarbageCollectors").isArray()).isTrue();
        assertThat(report.path("machine").path("driverGarbageCollectors")).isNotEmpty();
        return report.path("results");
    }

    @Test
    void processorBenchmarkCompletesEveryRunAndWritesItsJson() throws IOException {
        JsonNode results = bench("processor", "--count", "200", "--latency-ms", "20", "--naive-count", "10", "--parallel-count", "30",
                "--pc-count", "30", "--pc-concurrency", "16", "--partitions", "3", "--limit-seconds", "0.5", "--warmup", "50");
        assertThat(results.path("limit").path("commandsPerSecond").asLong()).isPositive();
        assertThat(results.path("limitAfter").path("commandsPerSecond").asLong()).as("the limit again after the runs").isPositive();
        double meanLimit = results.path("limit").path("commandsPerSecondMeanWithAfter").asDouble();
        assertThat(meanLimit).isCloseTo((results.path("limit").path("commandsPerSecond").asDouble()
                + results.path("limitAfter").path("commandsPerSecond").asDouble()) / 2, within(0.1));
        assertThat(results.path("vaultstream@20ms").path("fractionOfLimit").asDouble()).as("taken against the mean limit")
                .isCloseTo(results.path("vaultstream@20ms").path("commandsPerSecond").asDouble() / meanLimit,
                        within(0.002));
        for (String run : new String[] {"vaultstream@20ms", "naive@20ms", "partitionParallel@20ms", "parallelConsumer@20ms",
                "parallelConsumerTransactional@20ms"}) {
            assertThat(results.path(run).path("complete").asBoolean()).as(run + " completed").isTrue();
            assertThat(results.path(run).path("outcomes").path("VAULTED").asLong()).as(run + " vaulted everything, warm-up included")
                    .isEqualTo(results.path(run).path("commands").asLong() + results.path(run).path("warmupCommands").asLong());
        }
        assertThat(results.path("vaultstream@20ms").path("commands").asLong()).as("measured after the warm-up").isEqualTo(200);
        assertThat(results.path("vaultstream@20ms").path("warmupCommands").asLong()).isEqualTo(50);
        assertThat(results.path("parallelConsumer@20ms").path("warmupCommands").asLong()).isEqualTo(50);
        assertThat(results.path("parallelConsumerTransactional@20ms").path("commitMode").asText()).startsWith("PERIODIC_TRANSACTIONAL_PRODUCER");
        assertThat(results.path("vaultstream@20ms").has("processorCpuSecondsPer1000")).isTrue();
    }

    @Test
    void latencyBenchmarkMeasuresResultsAndQueryableStatusesAtAPacedLoad() throws IOException {
        JsonNode results = bench("latency", "--max-rate", "40", "--calibration-count", "60", "--load", "0.5", "--seconds", "3", "--warmup-seconds",
                "1", "--latency-ms", "20", "--partitions", "3", "--status-sample-every", "5");
        assertThat(results.path("warmupDrain").path("commands").asLong()).as("with --max-rate the drain only warms up").isEqualTo(60);
        assertThat(results.has("calibration")).isFalse();
        JsonNode load = results.path("load50%");
        assertThat(load.path("complete").asBoolean()).isTrue();
        assertThat(load.path("resultsSeen").asLong()).isEqualTo(load.path("measuredCommands").asLong()).isPositive();
        assertThat(load.path("commandToResultMs").has("p99")).isTrue();
        assertThat(load.path("commandToQueryableStatusMs").path("count").asLong()).isPositive();
        // where the CPU went: each process, the driver's threads, the broker's requests
        for (String process : new String[] {"processor", "view", "driver"}) {
            assertThat(load.path("cpuMsPerCommand").path(process).asDouble()).as(process).isPositive();
        }
        assertThat(load.path("driverCpuMsPerCommandByThreadFamily").path("antom-sandbox-http-#").asDouble()).isPositive();
        assertThat(load.path("brokerRequestsPerCommand").path("Produce").asDouble()).isPositive();
        assertThat(load.path("brokerRequestsPerCommand").path("EndTxn").asDouble()).as("the processor commits transactions").isPositive();
        assertThat(load.path("allCpuCoresUsed").asDouble()).isPositive();
        // the measured window alone, with what the JIT compilers still used in it
        for (String process : new String[] {"processor", "view", "driver"}) {
            JsonNode window = load.path("measuredWindowCpuMsPerCommand");
            assertThat(window.path(process).asDouble()).as(process).isPositive();
            assertThat(window.path(process + "Jit").isNumber()).as(process + "Jit").isTrue();
            assertThat(window.path(process + "Jit").asDouble()).as(process + "Jit").isBetween(0.0, window.path(process).asDouble());
        }
    }

    @Test
    void webhookBenchmarkAcknowledgesEveryNotificationDurably() throws IOException {
        JsonNode results = bench("webhook", "--count", "300", "--warmup", "100", "--concurrency", "8", "--partitions", "3");
        JsonNode webhook = results.path("webhook");
        assertThat(webhook.path("statuses").path("200").asLong()).isEqualTo(300);
        assertThat(webhook.path("eventsOnTopic").asLong()).as("warm-up and measured notifications are all on the topic").isEqualTo(400);
        assertThat(webhook.path("eventsOnTopicEqualAcknowledged").asBoolean()).isTrue();
        assertThat(webhook.path("latencyMs").has("p99")).isTrue();
    }

    @Test
    void queryBenchmarkLoadsTheStoreThenTimesLookupsStatsAndPages() throws IOException {
        JsonNode results = bench("query", "--statuses", "500", "--seconds", "2", "--concurrency", "4", "--repeats", "2", "--partitions", "3");
        assertThat(results.path("preparation").path("statusesInStore").asLong()).isEqualTo(500);
        assertThat(results.path("lookup").path("statuses").path("200").asLong()).isPositive();
        assertThat(results.path("lookup").path("statuses").has("404")).as("every looked-up id is in the store").isFalse();
        for (String s : new String[] {"stats", "listPage50", "listPage1000"}) {
            assertThat(results.path(s).path("latencyMs").path("ok").asInt()).as(s).isEqualTo(2);
        }
    }

    @Test
    void backlogBenchmarkDrainsEverythingWithinTheHeapCeiling() throws IOException {
        JsonNode results = bench("backlog", "--count", "300", "--latency-ms", "20", "--partitions", "3");
        JsonNode drain = results.path("drain");
        assertThat(drain.path("complete").asBoolean()).isTrue();
        assertThat(drain.path("processorAliveAtEnd").asBoolean()).isTrue();
        assertThat(drain.path("outcomes").path("VAULTED").asLong()).isEqualTo(300);
    }

    @Test
    void limitBenchmarkReportsCommandsPerSecondOfRsaWork() throws IOException {
        JsonNode results = bench("limit", "--seconds", "0.5");
        assertThat(results.path("limit").path("commandsPerSecond").asLong()).isPositive();
    }

    @Test
    void jmhMicroBenchmarksRunAndWriteTheirJson() throws Exception {
        Path out = dir.resolve("jmh.json");
        new Runner(new OptionsBuilder()
                .include(CryptoBenchmarks.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .resultFormat(ResultFormatType.JSON)
                .result(out.toString())
                .build()).run();
        JsonNode json = JSON.readTree(out.toFile());
        assertThat(json).hasSize(5);
        assertThat(json.findValuesAsText("benchmark")).allMatch(b -> b.startsWith(CryptoBenchmarks.class.getName() + "."));
    }
}
