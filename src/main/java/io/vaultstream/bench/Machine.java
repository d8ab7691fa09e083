package io.vaultstream.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on: cores, memory, Java, load average and time, read from the OS. */
public final class Machine {

    private Machine() {}

    /** A snapshot for a report. */
    public static Map<String, Object> describe(Clock clock) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now(clock).toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpu());
        m.put("memoryGiB", memoryGiB());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("loadAverage", loadAverage());
        // the driver hosts the broker and the sandbox: its collector's pauses stall both
        m.put("driverJvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("driverGarbageCollectors", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
        return m;
    }

    /** The 1, 5 and 15 minute load averages as in /proc/loadavg, or "unknown". */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The CPU model and clock as /proc/cpuinfo gives them: machines of one kind differ in speed from day to
     * day, so a run's figures are only comparable with runs on the same CPU.
     */
    private static String cpu() {
        try {
            String model = null;
            String mhz = null;
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (model == null && line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (mhz == null && line.startsWith("cpu MHz")) {
                    mhz = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return model == null ? "unknown" : model + (mhz == null ? "" : " @ " + Math.round(Double.parseDouble(mhz)) + " MHz");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Object memoryGiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kb / 1024.0 / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: report unknown
        }
        return "unknown";
    }
}
