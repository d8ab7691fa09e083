package io.vaultstream.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/** The processor's Micrometer meters; tags never carry card data or request ids. */
final class ProcessorMetrics {

    private final MeterRegistry registry;
    private final Map<TopicPartition, List<Meter>> partitionMeters = new HashMap<>();
    /** Meters recorded once or more per command, kept rather than looked up through a builder on every call. */
    private final Map<List<String>, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Timer> antomLatencies = new ConcurrentHashMap<>();

    ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void gauges(Supplier<Number> inFlight, Supplier<Number> buffered, Supplier<Number> retrying, Supplier<Number> breakerState,
            Supplier<Number> misconfigured) {
        Gauge.builder("vaultstream.processor.in.flight", inFlight).description("Antom calls in flight").register(registry);
        Gauge.builder("vaultstream.processor.queued", buffered).description("received commands not finished").register(registry);
        Gauge.builder("vaultstream.processor.retrying", retrying).description("commands waiting for a retry").register(registry);
        Gauge.builder("vaultstream.processor.breaker.state", breakerState).description("0 closed, 1 open, 2 half-open").register(registry);
        Gauge.builder("vaultstream.processor.misconfigured", misconfigured).description("1 while Antom says our integration is wrong")
                .register(registry);
    }

    void partition(TopicPartition tp, Supplier<Number> commitLag, Supplier<Number> span) {
        Tags tags = Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition()));
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("vaultstream.processor.partition.commit.lag", commitLag).tags(tags)
                .description("finished records above the last committed offset, not committed yet").register(registry));
        meters.add(Gauge.builder("vaultstream.processor.partition.unfinished.span", span).tags(tags)
                .description("offsets between the committable offset and the highest received").register(registry));
        partitionMeters.put(tp, meters);
    }

    void removePartition(TopicPartition tp) {
        List<Meter> meters = partitionMeters.remove(tp);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    void outcome(String commandType, String outcome) {
        outcomes.computeIfAbsent(List.of(commandType, outcome), k -> Counter.builder("vaultstream.processor.outcomes")
                .tags("command", commandType, "outcome", outcome).register(registry)).increment();
    }

    void antomLatency(String action, Duration elapsed) {
        antomLatencies.computeIfAbsent(action, a -> Timer.builder("vaultstream.processor.antom.latency").tags("action", a)
                .publishPercentileHistogram().register(registry)).record(elapsed);
    }

    void retry(String phase) {
        Counter.builder("vaultstream.processor.retries").tags("next", phase).register(registry).increment();
    }

    void inquiry() {
        Counter.builder("vaultstream.processor.inquiries").register(registry).increment();
    }

    void deadLetter(String reason) {
        Counter.builder("vaultstream.processor.dead.letters").tags("reason", reason).register(registry).increment();
    }

    void rateLimitWait() {
        Counter.builder("vaultstream.processor.rate.limit.waits").register(registry).increment();
    }

    void trafficLimited() {
        Counter.builder("vaultstream.processor.traffic.limited").description("REQUEST_TRAFFIC_EXCEED_LIMIT answers").register(registry)
                .increment();
    }

    void misconfiguration(String code) {
        Counter.builder("vaultstream.processor.misconfiguration").tags("code", code == null ? "none" : code).register(registry).increment();
    }

    void skippedOnRestore() {
        Counter.builder("vaultstream.processor.skipped.finished").description("records skipped because the commit metadata says finished")
                .register(registry).increment();
    }

    void commit(int partitions, long nanos) {
        Counter.builder("vaultstream.processor.commits").register(registry).increment();
        Timer.builder("vaultstream.processor.commit.duration")
                .description("time one transaction takes to commit (offsets, then commit) on the commit thread; the poll thread fills the next meanwhile")
                .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void abandoned() {
        Counter.builder("vaultstream.processor.abandoned").description("completions of revoked partitions dropped").register(registry)
                .increment();
    }
}
