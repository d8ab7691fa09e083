package io.vaultstream.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Work waiting for its retry time, earliest first. A waiting item keeps its key's turn in the
 * {@link KeyScheduler}, so retries never reorder a key and never block other keys. Not thread-safe.
 *
 * @param <T> the work item
 */
public final class RetryQueue<T> {

    private record Due<T>(long dueAtMillis, long seq, T item) {}

    private final PriorityQueue<Due<T>> queue = new PriorityQueue<>(
            (a, b) -> a.dueAtMillis != b.dueAtMillis ? Long.compare(a.dueAtMillis, b.dueAtMillis) : Long.compare(a.seq, b.seq));
    private long seq;

    public void add(T item, long dueAtMillis) {
        queue.add(new Due<>(dueAtMillis, seq++, item));
    }

    /** Removes and returns the items due at {@code nowMillis}. */
    public List<T> pollDue(long nowMillis) {
        List<T> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().dueAtMillis <= nowMillis) {
            due.add(queue.poll().item);
        }
        return due;
    }

    /** Milliseconds until the next item is due (0 when one is due), or -1 when empty. */
    public long millisUntilNext(long nowMillis) {
        return queue.isEmpty() ? -1 : Math.max(0, queue.peek().dueAtMillis - nowMillis);
    }

    public int size() {
        return queue.size();
    }

    /** Drops the items matching {@code filter} (their partition was revoked). */
    public void removeIf(Predicate<T> filter) {
        queue.removeIf(d -> filter.test(d.item));
    }
}
