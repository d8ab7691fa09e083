package io.vaultstream.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}, installed by {@code .ci/install-chromium.sh})
 * driven from the command line for browser tests: the DOM of a page after its scripts ran, with the
 * console messages it logged, and screenshots. Each run gets a fresh profile under a directory of
 * the caller's, and appends Chromium's stderr to a log file there for diagnosis.
 */
public final class HeadlessChromium {

    /** Where Debian's {@code chromium} package puts the browser. */
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);

    private final Path workDir;
    private final AtomicInteger runs = new AtomicInteger();

    /** A browser keeping its profiles and log under {@code workDir} (e.g. a JUnit temp dir). */
    public HeadlessChromium(Path workDir) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** Whether the browser is installed here. */
    public static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** A page as the browser rendered it: the serialized DOM and the console messages. */
    public record RenderedPage(String dom, List<String> console) {}

    /**
     * Loads {@code page}, lets its scripts run for {@code virtualTime} of virtual time (network
     * fetches in flight hold virtual time back, so data the page fetched has been rendered), and
     * returns the DOM at that point.
     */
    public RenderedPage render(URI page, Duration virtualTime) {
        Run run = run(List.of("--dump-dom"), page, 1280, 900, virtualTime);
        return new RenderedPage(run.stdout(), run.console());
    }

    /** Loads {@code page} like {@link #render} and saves a {@code width}x{@code height} PNG of it. */
    public void screenshot(URI page, Path png, int width, int height, Duration virtualTime) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars"), page, width, height, virtualTime);
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium wrote no screenshot to " + png + "; see " + log());
        }
    }

    /** Chromium's stderr of every run so far. */
    public Path log() {
        return workDir.resolve("chromium.log");
    }

    private record Run(String stdout, List<String> console) {}

    private Run run(List<String> action, URI page, int width, int height, Duration virtualTime) {
        int n = runs.incrementAndGet();
        Path profile = workDir.resolve("profile-" + n);
        Path stdout = workDir.resolve("stdout-" + n + ".txt");
        Path stderr = workDir.resolve("stderr-" + n + ".txt");
        List<String> cmd = new ArrayList<>(List.of(EXECUTABLE.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--virtual-time-budget=" + virtualTime.toMillis(),
                // console messages (script errors included) go to stderr as ":CONSOLE" lines
                "--enable-logging=stderr", "--v=0"));
        cmd.addAll(action);
        cmd.add(page.toString());
        try {
            Files.createDirectories(profile);
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not finish within " + PROCESS_TIMEOUT + " for " + page);
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            Files.writeString(log(), "== " + String.join(" ", cmd) + "\n" + err, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + p.exitValue() + " for " + page + "; see " + log());
            }
            List<String> console = err.lines().filter(l -> l.contains(":CONSOLE")).toList();
            return new Run(Files.readString(stdout, StandardCharsets.UTF_8), console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while chromium rendered " + page, e);
        }
    }
}
