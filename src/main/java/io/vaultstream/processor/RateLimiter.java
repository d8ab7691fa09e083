package io.vaultstream.processor;

import java.time.Clock;

/**
 * A token bucket limiting Antom requests per second for this instance, plus a pause that an Antom
 * REQUEST_TRAFFIC_EXCEED_LIMIT answer imposes on every call. Not thread-safe: the poll thread owns it.
 */
public final class RateLimiter {

    private final double permitsPerSecond;
    private final double burst;
    private final Clock clock;
    private double tokens;
    private long lastRefillMillis;
    private long pausedUntilMillis;

    /** {@code permitsPerSecond} 0 means unlimited (the pause still applies). Burst: one second's worth, at least 1. */
    public RateLimiter(double permitsPerSecond, Clock clock) {
        this.permitsPerSecond = permitsPerSecond;
        this.burst = Math.max(1.0, permitsPerSecond);
        this.clock = clock;
        this.tokens = burst;
        this.lastRefillMillis = clock.millis();
    }

    /** Takes a permit when one is available now. */
    public boolean tryAcquire() {
        long now = clock.millis();
        if (now < pausedUntilMillis) {
            return false;
        }
        if (permitsPerSecond <= 0) {
            return true;
        }
        refill(now);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** Milliseconds until a permit may be available (0 when now). */
    public long millisUntilPermit() {
        long now = clock.millis();
        long pause = Math.max(0, pausedUntilMillis - now);
        if (permitsPerSecond <= 0) {
            return pause;
        }
        refill(now);
        long refill = tokens >= 1.0 ? 0 : (long) Math.ceil((1.0 - tokens) * 1000.0 / permitsPerSecond);
        return Math.max(pause, refill);
    }

    /** Antom said we send too fast: no call at all for {@code millis}. */
    public void pause(long millis) {
        pausedUntilMillis = Math.max(pausedUntilMillis, clock.millis() + millis);
        tokens = 0;
    }

    /** True while a traffic-limit pause is in force. */
    public boolean paused() {
        return clock.millis() < pausedUntilMillis;
    }

    private void refill(long now) {
        if (now > lastRefillMillis) {
            tokens = Math.min(burst, tokens + (now - lastRefillMillis) * permitsPerSecond / 1000.0);
            lastRefillMillis = now;
        }
    }
}
