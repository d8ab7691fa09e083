package io.vaultstream.view;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts per state, a time-to-terminal histogram and the stalled-REQUESTED count, as kept per task
 * in the {@code stats-store}; snapshots of tasks and instances add up with {@link #plus}.
 */
public record StatsSnapshot(Map<VaultState, Long> counts, long[] timeToTerminalBuckets, long stalledRequested) {

    /**
     * Upper bounds (inclusive, ms) of the time-to-terminal buckets; a last, open bucket holds
     * anything longer. Roughly 1-2.5-5 steps from 100 ms to 2 days: percentiles are reported as the
     * upper bound of the bucket they fall in.
     */
    static final long[] BUCKET_UPPER_MS = {
        100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000,
        1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000
    };

    /** Number of histogram buckets, the open one included. */
    public static final int BUCKETS = BUCKET_UPPER_MS.length + 1;

    static final String COUNT_PREFIX = "count/";
    static final String BUCKET_PREFIX = "ttt/";
    static final String STALLED_REQUESTED = "stalledRequested";

    public StatsSnapshot {
        EnumMap<VaultState, Long> all = new EnumMap<>(VaultState.class);
        for (VaultState s : VaultState.values()) {
            all.put(s, counts.getOrDefault(s, 0L));
        }
        counts = Collections.unmodifiableMap(all);
        if (timeToTerminalBuckets.length != BUCKETS) {
            throw new IllegalArgumentException("timeToTerminalBuckets: expected " + BUCKETS + " buckets");
        }
        timeToTerminalBuckets = timeToTerminalBuckets.clone();
    }

    /** Nothing counted. */
    public static StatsSnapshot empty() {
        return new StatsSnapshot(Map.of(), new long[BUCKETS], 0);
    }

    /** The bucket a duration falls into. */
    public static int bucketOf(long millis) {
        for (int i = 0; i < BUCKET_UPPER_MS.length; i++) {
            if (millis <= BUCKET_UPPER_MS[i]) {
                return i;
            }
        }
        return BUCKET_UPPER_MS.length;
    }

    /** Adds one entry of the stats store (key and value as stored) to this snapshot. */
    public StatsSnapshot plusStoreEntry(String key, long value) {
        if (key.startsWith(COUNT_PREFIX)) {
            var parsed = VaultState.parse(key.substring(COUNT_PREFIX.length()));
            if (parsed.isEmpty()) {
                return this;
            }
            EnumMap<VaultState, Long> c = new EnumMap<>(counts);
            c.merge(parsed.get(), value, Long::sum);
            return new StatsSnapshot(c, timeToTerminalBuckets, stalledRequested);
        }
        if (key.startsWith(BUCKET_PREFIX)) {
            int i = Integer.parseInt(key.substring(BUCKET_PREFIX.length()));
            if (i < 0 || i >= BUCKETS) {
                return this;
            }
            long[] b = timeToTerminalBuckets.clone();
            b[i] += value;
            return new StatsSnapshot(counts, b, stalledRequested);
        }
        if (key.equals(STALLED_REQUESTED)) {
            return new StatsSnapshot(counts, timeToTerminalBuckets, stalledRequested + value);
        }
        return this;
    }

    /** The sum of two snapshots (of different tasks or instances). */
    public StatsSnapshot plus(StatsSnapshot other) {
        EnumMap<VaultState, Long> c = new EnumMap<>(counts);
        other.counts.forEach((s, n) -> c.merge(s, n, Long::sum));
        long[] b = timeToTerminalBuckets.clone();
        for (int i = 0; i < BUCKETS; i++) {
            b[i] += other.timeToTerminalBuckets[i];
        }
        return new StatsSnapshot(c, b, stalledRequested + other.stalledRequested);
    }

    /** Requests known, all states. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The time-to-terminal percentile in ms, as the upper bound of its bucket (the open bucket
     * reports the last bound); null when no request has finished with a known request time.
     */
    public Long timeToTerminalPercentileMs(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("p: must be in (0, 100]");
        }
        long n = Arrays.stream(timeToTerminalBuckets).sum();
        if (n == 0) {
            return null;
        }
        long rank = (long) Math.ceil(p / 100.0 * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += timeToTerminalBuckets[i];
            if (seen >= rank) {
                return BUCKET_UPPER_MS[Math.min(i, BUCKET_UPPER_MS.length - 1)];
            }
        }
        return BUCKET_UPPER_MS[BUCKET_UPPER_MS.length - 1];
    }

    @Override
    public long[] timeToTerminalBuckets() {
        return timeToTerminalBuckets.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatsSnapshot s && counts.equals(s.counts)
                && Arrays.equals(timeToTerminalBuckets, s.timeToTerminalBuckets)
                && stalledRequested == s.stalledRequested;
    }

    @Override
    public int hashCode() {
        return Objects.hash(counts, Arrays.hashCode(timeToTerminalBuckets), stalledRequested);
    }

    @Override
    public String toString() {
        return "StatsSnapshot[counts=" + counts + ", timeToTerminalBuckets=" + Arrays.toString(timeToTerminalBuckets)
                + ", stalledRequested=" + stalledRequested + "]";
    }
}
