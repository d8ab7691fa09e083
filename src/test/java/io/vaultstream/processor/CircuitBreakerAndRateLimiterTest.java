package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerAndRateLimiterTest {

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void breakerOpensAfterConsecutiveFailuresAndProbesOnceBeforeClosing() {
        ManualClock clock = new ManualClock();
        CircuitBreaker b = new CircuitBreaker(3, 1000, clock);
        b.onFailure();
        b.onFailure();
        b.onSuccess();
        b.onFailure();
        b.onFailure();
        assertThat(b.allows()).isTrue();
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allows()).isFalse();
        clock.advance(Duration.ofMillis(1000));
        assertThat(b.allows()).isTrue();
        b.onStart();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(b.allows()).as("one probe at a time").isFalse();
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofMillis(1000));
        b.onStart();
        b.onSuccess();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.allows()).isTrue();
    }

    @Test
    void rateLimiterAllowsTheConfiguredRateAndPausesOnTrafficLimit() {
        ManualClock clock = new ManualClock();
        RateLimiter r = new RateLimiter(10, clock);
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            granted += r.tryAcquire() ? 1 : 0;
        }
        assertThat(granted).isEqualTo(10);
        assertThat(r.millisUntilPermit()).isEqualTo(100);
        clock.advance(Duration.ofMillis(500));
        granted = 0;
        for (int i = 0; i < 100; i++) {
            granted += r.tryAcquire() ? 1 : 0;
        }
        assertThat(granted).isEqualTo(5);
        RateLimiter unlimited = new RateLimiter(0, clock);
        assertThat(unlimited.tryAcquire()).isTrue();
        unlimited.pause(300);
        assertThat(unlimited.tryAcquire()).isFalse();
        assertThat(unlimited.millisUntilPermit()).isEqualTo(300);
        clock.advance(Duration.ofMillis(300));
        assertThat(unlimited.tryAcquire()).isTrue();
    }
}
