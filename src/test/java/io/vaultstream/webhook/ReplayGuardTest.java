package io.vaultstream.webhook;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayGuardTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void zeroWindowAcceptsAnythingIncludingAMissingOrUnreadableTime() {
        ReplayGuard off = new ReplayGuard(CLOCK, Duration.ZERO);

        assertThat(off.enabled()).isFalse();
        assertThatCode(() -> off.check(null)).doesNotThrowAnyException();
        assertThatCode(() -> off.check("not a time")).doesNotThrowAnyException();
        assertThatCode(() -> off.check("2019-07-12T12:08:56+05:30")).doesNotThrowAnyException();
    }

    @Test
    void timesInsideTheWindowPassInIsoWithOffsetIsoZuluAndEpochMillis() {
        ReplayGuard guard = new ReplayGuard(CLOCK, Duration.ofMinutes(5));

        assertThatCode(() -> guard.check("2026-11-22T08:04:59+08:00")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("2026-11-21T23:55:00Z")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(Long.toString(NOW.toEpochMilli() - 299_000))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(" 2026-11-22T00:00:00.250Z ")).doesNotThrowAnyException();
    }

    @Test
    void timesOutsideTheWindowEitherSideAreRejectedNamingTheRule() {
        ReplayGuard guard = new ReplayGuard(CLOCK, Duration.ofMinutes(5));

        assertThatThrownBy(() -> guard.check("2026-11-21T23:54:59Z")).isInstanceOf(RequestTimeRejectedException.class)
                .hasMessage("Request-Time is more than 300000 ms away from the server's time");
        assertThatThrownBy(() -> guard.check(Long.toString(NOW.toEpochMilli() + 300_001)))
                .isInstanceOf(RequestTimeRejectedException.class);
    }

    @Test
    void missingOrUnreadableTimeIsRejectedWhenTheGuardIsOn() {
        ReplayGuard guard = new ReplayGuard(CLOCK, Duration.ofMinutes(5));

        assertThatThrownBy(() -> guard.check(null)).hasMessage("Request-Time header missing");
        assertThatThrownBy(() -> guard.check("2026-11-22 00:00:00"))
                .hasMessage("Request-Time must be ISO 8601 with an offset or epoch milliseconds");
        assertThatThrownBy(() -> guard.check("2026-11-22T00:00:00")).isInstanceOf(RequestTimeRejectedException.class);
        assertThatThrownBy(() -> guard.check("99999999999999999999")).isInstanceOf(RequestTimeRejectedException.class);
    }
}
