package io.vaultstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBenchTest {

    @Test
    void loadsRunFromTheHighestDownWhateverTheOrderGiven() {
        assertThat(LatencyBench.highestFirst(List.of(0.5, 0.8, 0.65))).containsExactly(0.8, 0.65, 0.5);
    }
}
