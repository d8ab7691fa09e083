package io.vaultstream.view;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes the long polls of {@code GET /vaults/{id}?waitFor=terminal} when the status processor of this
 * instance stores a terminal status for their id, so that an answer follows the result by a store write
 * instead of by up to one poll interval. One signal per id and JVM; a poll reads the store once more
 * right after registering (a signal may have come just before), and still re-reads it on its interval,
 * which covers what no signal reports (standby stores, a restore).
 *
 * <p>Thread-safe: the stream threads signal, the HTTP and poll threads await and release.
 */
public final class TerminalWaiters {

    private final ConcurrentMap<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** The ids and how many polls wait for each; the future completes at the id's next signal. */
    private static final class Waiting {
        final CompletableFuture<Void> signal = new CompletableFuture<>();
        int polls;
    }

    /**
     * Registers one more poll waiting for {@code id}; pair with {@link #release}. The returned future
     * completes when {@link #signal} is called for the id.
     */
    public CompletableFuture<Void> await(String id) {
        return waiting.compute(id, (k, w) -> {
            Waiting next = w == null ? new Waiting() : w;
            next.polls++;
            return next;
        }).signal;
    }

    /** One poll for {@code id} stopped waiting (answered or timed out); forgets the id after its last poll. */
    public void release(String id, CompletableFuture<Void> signal) {
        waiting.computeIfPresent(id, (k, w) -> w.signal != signal ? w : --w.polls == 0 ? null : w);
    }

    /** A terminal status for {@code id} was stored: wakes every poll waiting for it. */
    public void signal(String id) {
        if (waiting.isEmpty()) {
            return;
        }
        Waiting w = waiting.remove(id);
        if (w != null) {
            w.signal.complete(null);
        }
    }

    /** How many ids have polls waiting (for tests and metrics). */
    public int size() {
        return waiting.size();
    }
}
