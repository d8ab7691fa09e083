package io.vaultstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyBenchTest {

    @Test
    void loadsRunFromTheHighestDownWhateverTheOrderGiven() {
        assertThat(LatencyBench.highestFirst(List.of(0.5, 0.8, 0.65))).containsExactly(0.8, 0.65, 0.5);
    }

    @Test
    void theMeasuredWindowsCpuIsPerCommandForEachJvmWithItsJitShare() {
        // processor, view, driver: CPU seconds then compiler seconds, at the window's start and end
        double[] start = {10.0, 2.0, 5.0, 1.0, 20.0, 4.0};
        double[] end = {12.0, 2.1, 5.5, 1.0, 23.0, 4.2};
        assertThat(LatencyBench.windowCpu(start, end, 1000)).containsExactly(Map.entry("processor", 2.0), Map.entry("processorJit", 0.1),
                Map.entry("view", 0.5), Map.entry("viewJit", 0.0), Map.entry("driver", 3.0), Map.entry("driverJit", 0.2));
    }
}
