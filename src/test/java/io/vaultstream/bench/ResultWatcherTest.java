package io.vaultstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultWatcherTest {

    @Test
    void progressLineNamesTheTopicTheCountsTheShareTheRecentRateAndTheTimeWaited() {
        String line = ResultWatcher.progressLine("bench-backlog-results", 123_456, 1_000_000, 412.4, Duration.ofSeconds(300));

        assertThat(line).isEqualTo("  ... bench-backlog-results: 123,456 of 1,000,000 results visible (12.3%), 412/s in the last 30 s, 300 s waited");
    }

    @Test
    void progressLineOfANothingAwaitedWaitIsComplete() {
        assertThat(ResultWatcher.progressLine("t", 0, 0, 0, Duration.ZERO)).contains("0 of 0 results visible (100.0%)");
    }
}
