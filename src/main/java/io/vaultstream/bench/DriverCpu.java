package io.vaultstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the driver JVM's CPU time goes between two points of a run: the bench's own process hosts the broker, the
 * Antom sandbox and the result reader, so its /proc total alone cannot say which of them costs what. Java threads
 * are grouped by name (per-thread CPU time from {@link ThreadMXBean}); what the process used beyond all Java threads
 * is the JVM's own work (garbage collection, JIT compilation), which no Java thread is charged for.
 *
 * <p>A thread that ends between the two snapshots loses its CPU time from its group; it is then counted in the JVM
 * share, as the process total still holds it. Worker pools stay up during a run, so this is small.
 */
final class DriverCpu {

    /** Sandbox HTTP workers and its latency scheduler (named in {@code AntomSandbox}). */
    static final String SANDBOX = "sandbox";
    /** The bench's read_committed results consumer ({@link ResultWatcher}). */
    static final String RESULT_READER = "resultReader";
    /** Every other Java thread: the embedded broker's request handlers, network, log, coordinator and raft threads. */
    static final String BROKER = "brokerAndOtherThreads";
    /** Process CPU not charged to any Java thread: GC and JIT compiler threads. */
    static final String JVM = "jvmGcAndJit";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long pid = ProcessHandle.current().pid();
    private Map<Long, Long> startThreads;
    private Map<Long, String> names;
    private double startProcess;

    /** Takes the first snapshot. */
    DriverCpu start() {
        startProcess = ProcessStats.cpuSeconds(pid);
        names = new HashMap<>();
        startThreads = snapshot(names);
        return this;
    }

    /** The process's CPU seconds since {@link #start()}. */
    double processSecondsSinceStart() {
        return ProcessStats.cpuSeconds(pid) - startProcess;
    }

    /** CPU milliseconds per unit of work ({@code units}, e.g. commands) since {@link #start()}, by group, plus {@code total}. */
    Map<String, Object> perUnitSinceStart(long units) {
        double process = processSecondsSinceStart();
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put(SANDBOX, 0.0);
        seconds.put(RESULT_READER, 0.0);
        seconds.put(BROKER, 0.0);
        threadSecondsSinceStart(DriverCpu::group).forEach((k, v) -> seconds.merge(k, v, Double::sum));
        double javaThreads = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        seconds.put(JVM, Math.max(0, process - javaThreads));
        Map<String, Object> out = new LinkedHashMap<>();
        double n = Math.max(1, units);
        seconds.forEach((k, v) -> out.put(k, ProcessorBench.round3(v * 1000 / n)));
        out.put("total", ProcessorBench.round3(process * 1000 / n));
        return out;
    }

    /**
     * The {@code n} thread families (names with their numbers masked, e.g. {@code data-plane-kafka-request-handler-#})
     * that used the most CPU since {@link #start()}, in ms per unit: the detail behind {@link #BROKER}.
     */
    Map<String, Object> topThreadsPerUnitSinceStart(long units, int n) {
        double u = Math.max(1, units);
        Map<String, Object> out = new LinkedHashMap<>();
        threadSecondsSinceStart(name -> name == null ? "?" : name.replaceAll("[0-9]+", "#")).entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .forEach(e -> out.put(e.getKey(), ProcessorBench.round3(e.getValue() * 1000 / u)));
        return out;
    }

    /** CPU seconds of the live Java threads since {@link #start()}, summed by {@code key} of the thread's name. */
    private Map<String, Double> threadSecondsSinceStart(Function<String, String> key) {
        Map<Long, String> endNames = new HashMap<>(names);
        Map<Long, Long> end = snapshot(endNames);
        Map<String, Double> seconds = new HashMap<>();
        end.forEach((id, nanos) -> seconds.merge(key.apply(endNames.get(id)), (nanos - startThreads.getOrDefault(id, 0L)) / 1e9, Double::sum));
        return seconds;
    }

    static String group(String threadName) {
        if (threadName == null) {
            return BROKER;
        }
        if (threadName.startsWith("antom-sandbox")) {
            return SANDBOX;
        }
        if (threadName.startsWith(ResultWatcher.THREAD_NAME)) {
            return RESULT_READER;
        }
        return BROKER;
    }

    private Map<Long, Long> snapshot(Map<Long, String> nameOut) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended since the id was listed
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                nameOut.put(info.getThreadId(), info.getThreadName());
            }
        }
        return cpu;
    }
}
