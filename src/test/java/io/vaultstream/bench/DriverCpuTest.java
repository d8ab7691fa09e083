package io.vaultstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.sandbox.SandboxKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class DriverCpuTest {

    @Test
    void threadsAreGroupedByName() {
        assertThat(DriverCpu.group("antom-sandbox-http-42")).isEqualTo(DriverCpu.SANDBOX);
        assertThat(DriverCpu.group("antom-sandbox-scheduler")).isEqualTo(DriverCpu.SANDBOX);
        assertThat(DriverCpu.group(ResultWatcher.THREAD_NAME)).isEqualTo(DriverCpu.RESULT_READER);
        assertThat(DriverCpu.group("data-plane-kafka-request-handler-3")).isEqualTo(DriverCpu.BROKER);
        assertThat(DriverCpu.group(null)).isEqualTo(DriverCpu.BROKER);
    }

    @Test
    void aBusySandboxThreadIsChargedToTheSandbox() throws Exception {
        DriverCpu cpu = new DriverCpu().start();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            // burn 100 ms of this thread's own CPU time, however loaded the machine is, then stay alive to be measured
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long x = 0;
            while (mx.getCurrentThreadCpuTime() < 100_000_000L) {
                x += Long.numberOfTrailingZeros(System.nanoTime());
            }
            burnt.countDown();
            try {
                measured.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "antom-sandbox-http-test");
        busy.start();
        burnt.await();
        Map<String, Object> perUnit = cpu.perUnitSinceStart(1);
        measured.countDown();
        busy.join();
        assertThat(((Number) perUnit.get(DriverCpu.SANDBOX)).doubleValue()).isGreaterThanOrEqualTo(100);
        assertThat(perUnit).containsKeys(DriverCpu.RESULT_READER, DriverCpu.BROKER, DriverCpu.JVM, "total");
    }

    @Test
    void theLimitSignsWhatAntomVerifiesAndCountsEveryCommand() throws Exception {
        RsaLimit limit = new RsaLimit(SandboxKeys.inMemory());
        limit.checkAgainstAntomSigner();
        LongAdder cpu = new LongAdder();
        LongAdder done = new LongAdder();
        double rate = RsaLimit.run(2, 0.3, () -> limit.new Command(), cpu, done);
        assertThat(done.sum()).isPositive();
        assertThat(rate).isPositive();
        assertThat(cpu.sum()).isPositive();
    }
}
