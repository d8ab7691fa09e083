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
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces; fields after its closing parenthesis are fixed
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * User + system CPU seconds of this process's children that have exited and been waited for
     * ({@code /proc/self/stat} cutime + cstime): how a short-lived helper such as wrk is measured.
     */
    public static double reapedChildrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
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
