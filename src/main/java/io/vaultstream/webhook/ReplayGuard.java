package io.vaultstream.webhook;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The optional replay guard: rejects a notification whose {@code Request-Time} (ISO 8601 with offset, or
 * epoch milliseconds) lies further than the window from now, in either direction. A zero window turns it off.
 */
final class ReplayGuard {

    private final Clock clock;
    private final long windowMillis;

    ReplayGuard(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
    }

    boolean enabled() {
        return windowMillis > 0;
    }

    /** Throws naming the rule when the guard is on and the time is unreadable or outside the window. */
    void check(String requestTime) throws RequestTimeRejectedException {
        if (!enabled()) {
            return;
        }
        if (requestTime == null || requestTime.isBlank()) {
            throw new RequestTimeRejectedException("Request-Time header missing");
        }
        Instant sent = parse(requestTime.trim());
        long skew = Math.abs(clock.millis() - sent.toEpochMilli());
        if (skew > windowMillis) {
            throw new RequestTimeRejectedException("Request-Time is more than " + windowMillis + " ms away from the server's time");
        }
    }

    /** ISO 8601 with an offset (or Z), or epoch milliseconds. */
    static Instant parse(String value) throws RequestTimeRejectedException {
        try {
            if (!value.isEmpty() && value.length() <= 15 && value.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new RequestTimeRejectedException("Request-Time must be ISO 8601 with an offset or epoch milliseconds");
        }
    }
}
