package io.vaultstream.webhook;

import java.time.Duration;

/**
 * Counts requests being handled and lets shutdown wait for them: once {@link #closeAndAwait} has begun,
 * {@link #tryEnter()} refuses, so no request slips in between "stop taking" and "wait for the rest".
 */
final class InFlightRequests {

    private int count;
    private boolean closing;

    /** Registers a request; false once closing (the caller answers 503 and Antom re-sends). */
    synchronized boolean tryEnter() {
        if (closing) {
            return false;
        }
        count++;
        return true;
    }

    synchronized void exit() {
        count--;
        if (count == 0) {
            notifyAll();
        }
    }

    synchronized int count() {
        return count;
    }

    synchronized boolean closing() {
        return closing;
    }

    /** Refuses new requests, then waits up to {@code timeout} for the current ones; true when all finished. */
    synchronized boolean closeAndAwait(Duration timeout) throws InterruptedException {
        closing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
