package io.vaultstream.processor;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs work strictly one at a time per key, in arrival order: the first item of a key runs at once,
 * later ones wait until the one before them completes. Different keys never wait for each other.
 * Not thread-safe: the poll thread owns it.
 *
 * @param <T> the work item
 */
public final class KeyScheduler<T> {

    /** Per key: the items waiting behind the one that runs (which is not stored). */
    private final Map<String, ArrayDeque<T>> waiting = new HashMap<>();
    private int queued;

    /** Adds an item; returns true when it may run now (no earlier item of its key is unfinished). */
    public boolean submit(String key, T item) {
        ArrayDeque<T> q = waiting.get(key);
        if (q == null) {
            waiting.put(key, new ArrayDeque<>(1));
            return true;
        }
        q.addLast(item);
        queued++;
        return false;
    }

    /** The running item of {@code key} completed; returns the next item of that key, which may run now, or null. */
    public T complete(String key) {
        ArrayDeque<T> q = waiting.get(key);
        if (q == null) {
            throw new IllegalStateException("no item of this key is running");
        }
        T next = q.pollFirst();
        if (next == null) {
            waiting.remove(key);
        } else {
            queued--;
        }
        return next;
    }

    /** Keys with an item running. */
    public int activeKeys() {
        return waiting.size();
    }

    /** Items waiting behind a running item of their key. */
    public int queued() {
        return queued;
    }

    /** Drops everything (partition revoked), passing each waiting item to {@code dropped}. */
    public void clear(Consumer<T> dropped) {
        waiting.values().forEach(q -> q.forEach(dropped));
        waiting.clear();
        queued = 0;
    }
}
