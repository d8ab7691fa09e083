package io.vaultstream.bench;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a results topic with {@code read_committed} from the beginning, as a downstream service would, and
 * records when each result became visible: the first and last arrival, outcomes, and per result the
 * command-to-result latency (visible minus the command's creation) and the processing latency (the result's
 * own {@code latencyMs}, first Antom call to decision, plus the time from its production to visibility).
 */
public final class ResultWatcher implements AutoCloseable {

    /** The logger of progress lines; {@code bench} shows it at INFO whatever its log level. */
    public static final String PROGRESS_LOGGER = "io.vaultstream.bench.progress";
    private static final Logger PROGRESS = LoggerFactory.getLogger(PROGRESS_LOGGER);

    /** Its reading thread's name, by which {@link DriverCpu} charges the reader's CPU time. */
    static final String THREAD_NAME = "bench-result-watcher";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<VaultResult> deserializer;
    private final String topic;
    private final Thread thread;
    private final Object lock = new Object();
    private final Percentiles endToEnd = Percentiles.millis();
    private final Percentiles processing = Percentiles.millis();
    private final Percentiles toFirstCall = Percentiles.millis();
    private final Percentiles call = Percentiles.millis();
    private final Percentiles toVisible = Percentiles.millis();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private volatile long count;
    /** Results before this many are counted but not measured (warm-up). */
    private volatile long measureFrom;
    private volatile long firstVisibleNanos;
    private volatile long lastVisibleNanos;
    private volatile long firstVisibleMillis;
    private volatile boolean running = true;
    private final long createdFromMillis;

    /** Watches every result. */
    public ResultWatcher(VaultstreamConfig config, Topics.Topic<VaultResult> results, int partitions) {
        this(config, results, partitions, 0);
    }

    /** Watches the results of commands created at or after {@code createdFromMillis}; earlier ones are skipped. */
    public ResultWatcher(VaultstreamConfig config, Topics.Topic<VaultResult> results, int partitions, long createdFromMillis) {
        this.createdFromMillis = createdFromMillis;
        Map<String, Object> props = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.CONSUMER);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deserializer = results.valueSerde().deserializer();
        this.topic = results.name();
        List<TopicPartition> tps = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long nowNanos = System.nanoTime();
                    long nowMillis = System.currentTimeMillis();
                    VaultResult result = deserializer.deserialize(topic, r.value());
                    Instant created = result.getCommandCreatedAt();
                    if (createdFromMillis > 0 && (created == null || created.toEpochMilli() < createdFromMillis)) {
                        continue;
                    }
                    outcomes.computeIfAbsent(result.getOutcome(), k -> new LongAdder()).increment();
                    synchronized (lock) {
                        if (count >= measureFrom) {
                            if (count == measureFrom) {
                                firstVisibleNanos = nowNanos;
                                firstVisibleMillis = nowMillis;
                            }
                            lastVisibleNanos = nowNanos;
                            long decided = result.getProducedAt().toEpochMilli();
                            if (created != null) {
                                endToEnd.add(nowMillis - created.toEpochMilli());
                                toFirstCall.add(Math.max(0, decided - result.getLatencyMs() - created.toEpochMilli()));
                            }
                            call.add(result.getLatencyMs());
                            toVisible.add(Math.max(0, nowMillis - decided));
                            processing.add(result.getLatencyMs() + Math.max(0, nowMillis - decided));
                        }
                        count++;
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    public long count() {
        return count;
    }

    /**
     * Counts the first {@code n} results without measuring them: rates, spans and percentiles start at result
     * {@code n + 1} (a warm-up). Call before results arrive.
     */
    public void measureFrom(long n) {
        synchronized (lock) {
            if (count > 0) {
                throw new IllegalStateException("results already arrived");
            }
            measureFrom = n;
        }
    }

    /** Results inside the measured window. */
    public long measuredCount() {
        return Math.max(0, count - measureFrom);
    }

    /**
     * Waits until {@code n} results arrived; false on timeout. A wait longer than {@link #PROGRESS_EVERY} (a
     * drain of a large backlog takes most of an hour) logs a progress line ({@link #PROGRESS_LOGGER}) at that interval.
     */
    public boolean awaitCount(long n, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long lastNanos = start;
        long lastCount = count;
        while (count < n) {
            long now = System.nanoTime();
            if (now > deadline || !thread.isAlive()) {
                return false;
            }
            if (now - lastNanos >= PROGRESS_EVERY.toNanos()) {
                long c = count;
                PROGRESS.info(progressLine(topic, c, n, (c - lastCount) * 1e9 / (now - lastNanos), Duration.ofNanos(now - start)));
                lastNanos = now;
                lastCount = c;
            }
            Thread.sleep(20); // the watcher thread counts; a coarse poll keeps this thread off the CPU
        }
        return true;
    }

    /** How often a long {@link #awaitCount} reports progress. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** One progress line: results so far against the awaited number, the recent rate and the time waited. */
    static String progressLine(String topic, long count, long awaited, double perSecond, Duration waited) {
        return String.format(Locale.ROOT, "  ... %s: %,d of %,d results visible (%.1f%%), %,.0f/s in the last %d s, %d s waited",
                topic, count, awaited, awaited == 0 ? 100.0 : count * 100.0 / awaited, perSecond, PROGRESS_EVERY.toSeconds(), waited.toSeconds());
    }

    /** Nanos between the first and the last visible result. */
    public long spanNanos() {
        synchronized (lock) {
            return lastVisibleNanos - firstVisibleNanos;
        }
    }

    public long firstVisibleNanos() {
        return firstVisibleNanos;
    }

    public long firstVisibleMillis() {
        return firstVisibleMillis;
    }

    /** Results per second between the first and the last, or 0 with fewer than two. */
    public double throughput() {
        synchronized (lock) {
            long span = lastVisibleNanos - firstVisibleNanos;
            long measured = count - measureFrom;
            return measured < 2 || span <= 0 ? 0 : (measured - 1) * 1e9 / span;
        }
    }

    public Map<String, Object> endToEnd() {
        synchronized (lock) {
            return endToEnd.summary();
        }
    }

    public Map<String, Object> processing() {
        synchronized (lock) {
            return processing.summary();
        }
    }

    /**
     * Where command-to-result time goes, each part with its own percentiles (they do not add up at a
     * percentile): created to the processor starting its first call (producer, broker, fetch, queueing for a
     * worker), first call to decision (signing, the Antom call, verifying, handing the answer back), decision
     * to visible (transaction commit and the read_committed fetch).
     */
    public Map<String, Object> breakdown() {
        synchronized (lock) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("createdToFirstCall", toFirstCall.summary());
            m.put("firstCallToDecision", call.summary());
            m.put("decisionToVisible", toVisible.summary());
            return m;
        }
    }

    public Map<String, Object> outcomes() {
        Map<String, Object> m = new java.util.TreeMap<>();
        outcomes.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
