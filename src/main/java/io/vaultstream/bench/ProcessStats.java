package io.vaultstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from Linux's /proc: {@code stat} fields utime+stime
 * (clock ticks, 100 per second on Linux) and {@code status} VmRSS / VmHWM (peak resident set).
 */
public final class ProcessStats {

    /** USER_HZ: fixed at 100 by the Linux ABI for /proc/&lt;pid&gt;/stat times. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {}

    /** User + system CPU seconds the process has used so far; NaN when unreadable. */
    public static double cpuSeconds(long pid) {
        try {
            return ownTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * User + system CPU seconds the process's JIT compiler threads ({@code C1/C2 CompilerThread}) have used so far,
     * from {@code /proc/<pid>/task/*}: still compiling in a measured window means the JVM was not warm yet. NaN
     * when unreadable. A compiler thread the JVM retired takes its time with it, so this can only under-count.
     */
    public static double compilerCpuSeconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        try (var dirs = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) dirs::iterator) {
                try {
                    if (isCompilerThread(Files.readString(task.resolve("comm")).strip())) {
                        ticks += ownTicks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime of a process's or thread's {@code stat} line, in clock ticks. */
    private static long ownTicks(String stat) {
        String[] f = fieldsAfterName(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The fields after the command name (field 2), which may contain spaces; from field 3 on they are fixed. */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** HotSpot names its compiler threads "C1 CompilerThread0", "C2 CompilerThread1"; Linux keeps 15 characters. */
    static boolean isCompilerThread(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /**
     * User + system CPU seconds of this process's children that have exited and been waited for
     * ({@code /proc/self/stat} cutime + cstime): how a short-lived helper such as wrk is measured.
     */
    public static double reapedChildrenCpuSeconds() {
        try {
            String[] f = fieldsAfterName(Files.readString(Path.of("/proc/self/stat")));
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Peak resident set size (VmHWM) in MiB; NaN when unreadable. */
    public static double peakRssMiB(long pid) {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    /** Current resident set size (VmRSS) in MiB; NaN when unreadable. */
    public static double rssMiB(long pid) {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    private static double statusKiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended or this is not Linux
        }
        return Double.NaN;
    }

    /** Rounds to one decimal for reports. */
    public static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
