package io.vaultstream.processor;

import java.time.Clock;

/**
 * Stops calling a failing Antom: after {@code failureThreshold} unknown outcomes in a row (transport
 * errors, timeouts, 5xx) it opens for {@code openMillis}, then lets one probe call through; the probe's
 * answer closes it or opens it again. Not thread-safe: the poll thread owns it.
 */
public final class CircuitBreaker {

    /** Breaker states; the ordinal is exported as a gauge (0 closed, 1 open, 2 half-open). */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openMillis;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAtMillis;
    private boolean probeInFlight;

    public CircuitBreaker(int failureThreshold, long openMillis, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openMillis = openMillis;
        this.clock = clock;
    }

    /** True when a call may start now; in half-open, only one probe at a time. Call {@link #onStart()} when it does. */
    public boolean allows() {
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> clock.millis() - openedAtMillis >= openMillis;
            case HALF_OPEN -> !probeInFlight;
        };
    }

    /** A call starts (after {@link #allows()}). */
    public void onStart() {
        if (state == State.OPEN) {
            state = State.HALF_OPEN;
        }
        if (state == State.HALF_OPEN) {
            probeInFlight = true;
        }
    }

    /** Antom answered in a way that shows it is healthy (any verified answer). */
    public void onSuccess() {
        consecutiveFailures = 0;
        probeInFlight = false;
        state = State.CLOSED;
    }

    /** The call's outcome is unknown because Antom (or the way to it) failed. */
    public void onFailure() {
        probeInFlight = false;
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            if (state != State.OPEN) {
                openedAtMillis = clock.millis();
            }
            state = State.OPEN;
        }
    }

    /** Milliseconds until an open breaker lets a probe through (0 when calls may start). */
    public long millisUntilProbe() {
        return state == State.OPEN ? Math.max(0, openMillis - (clock.millis() - openedAtMillis)) : 0;
    }

    public State state() {
        return state;
    }
}
