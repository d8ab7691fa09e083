package io.vaultstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void compilerThreadsAreKnownByTheirTruncatedLinuxNames() {
        assertThat(ProcessStats.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(ProcessStats.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(ProcessStats.isCompilerThread("GC Thread#0")).isFalse();
        assertThat(ProcessStats.isCompilerThread("kafka-producer-")).isFalse();
    }

    @Test
    void thisJvmsCompilersHaveUsedSomeOfItsCpu() {
        long pid = ProcessHandle.current().pid();
        double compilers = ProcessStats.compilerCpuSeconds(pid);
        // by the time a test runs, the JIT has compiled the test framework's hot methods
        assertThat(compilers).isPositive().isLessThanOrEqualTo(ProcessStats.cpuSeconds(pid));
    }

    @Test
    void anUnknownProcessReadsAsNotANumber() {
        assertThat(ProcessStats.compilerCpuSeconds(Long.MAX_VALUE)).isNaN();
    }
}
