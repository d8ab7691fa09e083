package io.vaultstream.processor;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of finished commands by outcome between two periodic INFO summary lines. The per-command
 * "command finished" line is DEBUG (at thousands of commands a second it was a measurable share of the
 * processor's CPU); this summary keeps a steady INFO record of the work done. Not thread-safe: the poll
 * thread owns it.
 */
final class OutcomeSummary {

    private final long intervalMillis;
    private final Map<String, Long> counts = new TreeMap<>();
    private long total;
    private long periodStartMillis;

    OutcomeSummary(long intervalMillis, long nowMillis) {
        this.intervalMillis = intervalMillis;
        this.periodStartMillis = nowMillis;
    }

    void record(String outcome) {
        counts.merge(outcome, 1L, Long::sum);
        total++;
    }

    /**
     * The summary line of the period when it is over and anything finished in it, else null; a returned
     * line starts the next period.
     */
    String takeIfDue(long nowMillis) {
        return nowMillis - periodStartMillis < intervalMillis ? null : take(nowMillis);
    }

    /** The summary line of the period so far (null when nothing finished in it); starts the next period. */
    String take(long nowMillis) {
        String line = total == 0 ? null
                : "commands finished in the last " + (nowMillis - periodStartMillis) / 1000 + " s: " + total + " " + counts;
        counts.clear();
        total = 0;
        periodStartMillis = nowMillis;
        return line;
    }
}
