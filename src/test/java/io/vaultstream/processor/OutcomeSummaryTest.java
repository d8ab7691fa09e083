package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeSummaryTest {

    @Test
    void countsByOutcomeOncePerInterval() {
        OutcomeSummary s = new OutcomeSummary(30_000, 1_000);
        s.record("VAULTED");
        s.record("REJECTED");
        s.record("VAULTED");
        assertThat(s.takeIfDue(30_999)).isNull();
        assertThat(s.takeIfDue(31_000)).isEqualTo("commands finished in the last 30 s: 3 {REJECTED=1, VAULTED=2}");
        // a new period starts empty
        s.record("FAILED");
        assertThat(s.takeIfDue(60_000)).isNull();
        assertThat(s.takeIfDue(61_000)).isEqualTo("commands finished in the last 30 s: 1 {FAILED=1}");
    }

    @Test
    void anIdlePeriodLogsNothing() {
        OutcomeSummary s = new OutcomeSummary(30_000, 0);
        assertThat(s.takeIfDue(45_000)).isNull();
        s.record("VAULTED");
        assertThat(s.take(50_000)).isEqualTo("commands finished in the last 5 s: 1 {VAULTED=1}");
        assertThat(s.take(51_000)).isNull();
    }
}
