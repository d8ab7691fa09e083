package io.vaultstream.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nearest-rank percentiles of recorded durations, reported in milliseconds. Not thread-safe. */
public final class Percentiles {

    private final double unitsPerMilli;
    private long[] values = new long[1024];
    private int size;

    /** @param unitsPerMilli 1 when values are milliseconds, 1000 when microseconds */
    public Percentiles(double unitsPerMilli) {
        this.unitsPerMilli = unitsPerMilli;
    }

    /** Values in milliseconds. */
    public static Percentiles millis() {
        return new Percentiles(1);
    }

    /** Values in microseconds (reported as milliseconds with two decimals). */
    public static Percentiles micros() {
        return new Percentiles(1000);
    }

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int count() {
        return size;
    }

    /** p50, p95, p99, p99.9 and max in milliseconds, and the count; empty when nothing was recorded. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (size == 0) {
            return m;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        m.put("p50", at(sorted, 0.50));
        m.put("p95", at(sorted, 0.95));
        m.put("p99", at(sorted, 0.99));
        m.put("p999", at(sorted, 0.999));
        m.put("max", ms(sorted[size - 1]));
        m.put("count", size);
        return m;
    }

    private Object at(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return ms(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
    }

    private Object ms(long v) {
        if (unitsPerMilli == 1) {
            return v;
        }
        return Math.round(v / unitsPerMilli * 100) / 100.0;
    }
}
