package io.vaultstream.bench;

import io.vaultstream.sandbox.AntomSandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 5: a backlog of {@code count} commands waiting before the processor starts, drained by a processor
 * JVM with a fixed heap ceiling; its heap use is sampled throughout. The processor bounds what it holds
 * ({@code processor.max-queued} records, then partitions pause), so the backlog's size must not matter.
 */
public final class BacklogBench {

    public record Options(int count, int latencyMs, int partitions, List<String> processorJvm) {}

    private BacklogBench() {}

    public static BenchReport run(BenchEnvironment env, Options o, Clock clock) throws Exception {
        BenchReport report = new BenchReport("backlog", Machine.describe(clock)).parameter("count", o.count())
                .parameter("sandboxLatencyMs", o.latencyMs()).parameter("partitions", o.partitions()).parameter("processorJvm", o.processorJvm());
        try (AntomSandbox sandbox = env.startSandbox(Duration.ofMillis(o.latencyMs()))) {
            Map<String, Object> s = report.section("drain");
            ProcessorBench.runProcessor(env, sandbox, "backlog", 0, o.count(), o.partitions(), o.processorJvm(), Map.of(), s);
        }
        report.note("peak heap = highest heap occupancy before a collection in the processor's GC log; the JVM "
                + "runs with the heap ceiling in processorJvm and exits on OutOfMemoryError, so complete=true also means it never ran out.");
        return report;
    }
}
