package io.vaultstream.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a profiled role's Java CPU time goes: the execution samples of a JFR recording, each put in the first
 * category (in a fixed priority order) any frame of its stack belongs to, e.g. a sample anywhere under
 * {@code AntomSigner} counts as RSA even when its innermost frame is a digest or a BigInteger method.
 */
public final class JfrBreakdown {

    /** Categories in priority order; the first whose pattern matches any frame of a sample wins. */
    static final List<Map.Entry<String, Pattern>> CATEGORIES = List.of(
            Map.entry("rsaSignVerify", Pattern.compile("^(io\\.vaultstream\\.antom\\.AntomSigner|sun\\.security\\.rsa\\.|java\\.math\\.)")),
            Map.entry("cardDecryption", Pattern.compile("^(io\\.vaultstream\\.crypto\\.|com\\.sun\\.crypto\\.provider\\.)")),
            Map.entry("avroAndRegistrySerde", Pattern.compile("^(org\\.apache\\.avro\\.|io\\.apicurio\\.)")),
            Map.entry("json", Pattern.compile("^com\\.fasterxml\\.jackson\\.")),
            Map.entry("logging", Pattern.compile("^(ch\\.qos\\.logback\\.|org\\.slf4j\\.)")),
            Map.entry("metrics", Pattern.compile("^(io\\.micrometer\\.|io\\.prometheus\\.)")),
            Map.entry("httpServer", Pattern.compile("^(org\\.eclipse\\.jetty\\.|io\\.javalin\\.)")),
            Map.entry("kafkaClients", Pattern.compile("^org\\.apache\\.kafka\\.")),
            Map.entry("httpClient", Pattern.compile("^org\\.apache\\.hc\\.")),
            Map.entry("requestValidation", Pattern.compile("^io\\.vaultstream\\.antom\\.RequestValidator")),
            Map.entry("processorEngine", Pattern.compile("^io\\.vaultstream\\.processor\\.")));

    private JfrBreakdown() {}

    /** Share of execution samples per category (and per thread), from {@code recording}. */
    public static BenchReport analyse(Path recording, Clock clock) throws IOException {
        Map<String, Long> categories = new LinkedHashMap<>();
        CATEGORIES.forEach(e -> categories.put(e.getKey(), 0L));
        categories.put("other", 0L);
        Map<String, Long> threads = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            total++;
            categories.merge(category(e.getStackTrace()), 1L, Long::sum);
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
        }
        BenchReport report = new BenchReport("profile", Machine.describe(clock)).parameter("recording", recording.toString());
        Map<String, Object> byCategory = report.section("samplesByCategoryPercent");
        long n = Math.max(1, total);
        categories.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(c -> byCategory.put(c.getKey(), Math.round(c.getValue() * 1000.0 / n) / 10.0));
        Map<String, Object> byThread = report.section("samplesByThreadPercent");
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(t -> byThread.put(t.getKey(), Math.round(t.getValue() * 1000.0 / n) / 10.0));
        report.section("recording").put("executionSamples", total);
        report.note("Java execution samples only: GC, JIT compilation and time in native code (socket I/O) are not in them.");
        return report;
    }

    static String category(RecordedStackTrace stack) {
        if (stack == null) {
            return "other";
        }
        List<RecordedFrame> frames = stack.getFrames();
        for (Map.Entry<String, Pattern> c : CATEGORIES) {
            for (RecordedFrame f : frames) {
                if (f.getMethod() != null && c.getValue().matcher(f.getMethod().getType().getName() + "." + f.getMethod().getName()).find()) {
                    return c.getKey();
                }
            }
        }
        return "other";
    }
}
