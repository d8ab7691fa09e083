package io.vaultstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.kafka.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Benchmark 4: the view role in its own JVM with {@code statuses} statuses in its store (card-less
 * createVaultingSession commands, each a REQUESTED status); then GET /vaults/{id} for random known ids from a
 * closed-loop generator, and the time of /stats and of /vaults?state= pages.
 */
public final class QueryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Distinct lookups the generator cycles through. */
    private static final int LOOKUP_REQUESTS = 100_000;

    public record Options(int statuses, Duration duration, int concurrency, int partitions, int repeats, List<String> viewJvm) {}

    private QueryBench() {}

    public static BenchReport run(BenchEnvironment env, Options o, Clock clock) throws Exception {
        BenchReport report = new BenchReport("query", Machine.describe(clock)).parameter("statuses", o.statuses())
                .parameter("durationSeconds", o.duration().toSeconds()).parameter("concurrency", o.concurrency())
                .parameter("partitions", o.partitions()).parameter("viewJvm", o.viewJvm());
        Map<String, String> settings = env.settings("query", o.partitions(), null);
        int port = BenchEnvironment.freePort();
        settings.put(ConfigKeys.VIEW_PORT, Integer.toString(port));
        settings.put(ConfigKeys.VIEW_RECONCILER_ENABLED, "false");
        VaultstreamConfig cfg = BenchEnvironment.config(settings);
        Topics topics = BenchEnvironment.prepare(cfg);
        long t0 = System.nanoTime();
        try (CommandLoad load = new CommandLoad(cfg, topics, env.cipher(), Clock.systemUTC())) {
            for (int i = 0; i < o.statuses(); i++) {
                load.send(load.sessionCommand(id(i)));
            }
            load.flush();
        }
        Map<String, Object> prep = report.section("preparation");
        prep.put("produceSeconds", ProcessorBench.round1((System.nanoTime() - t0) / 1e9));
        try (RoleProcess view = RoleProcess.start("view", settings, port, o.viewJvm(), env.runDir("query"), Duration.ofSeconds(180))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long t1 = System.nanoTime();
            long total = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120 + o.statuses() / 500).toNanos();
            while (total < o.statuses() && System.nanoTime() < deadline) {
                Thread.sleep(1000); // the view builds its store in another process; poll its count
                total = stats(http, port).path("total").asLong();
            }
            prep.put("statusesInStore", total);
            prep.put("storeBuildSeconds", ProcessorBench.round1((System.nanoTime() - t1) / 1e9));

            SplittableRandom random = new SplittableRandom(42);
            LoadGenerator load = LoadGenerator.forBench(URI.create("http://127.0.0.1:" + port), o.concurrency(), env.runDir("query").resolve("load"));
            report.parameter("loadGenerator", load.description());
            load.sendEach(randomLookups(random, Math.min(20_000, o.statuses()), o.statuses()));
            // enough distinct ids that the store's block cache is not handed the same few keys over and over
            List<LoadGenerator.Request> lookups = randomLookups(random, LOOKUP_REQUESTS, o.statuses());
            double cpu0 = view.cpuSeconds();
            LoadGenerator.Result r = load.cycle(lookups, o.duration());
            double cpu1 = view.cpuSeconds();
            long sent = r.answered();
            Map<String, Object> s = report.section("lookup");
            s.put("requests", sent);
            s.put("lookupsPerSecond", Math.round(r.okPerSecond()));
            s.put("latencyMs", r.latencyMs());
            s.put("statuses", r.statusSummary());
            s.put("viewCpuSecondsPer1000", sent > 0 ? ProcessorBench.round3((cpu1 - cpu0) * 1000 / sent) : null);
            if (sent > 0 && !Double.isNaN(r.generatorCpuSeconds())) {
                s.put("loadGeneratorCpuSecondsPer1000", ProcessorBench.round3(r.generatorCpuSeconds() * 1000 / sent));
            }

            s = report.section("stats");
            s.put("latencyMs", timed(http, port, "/stats", o.repeats()));
            s = report.section("listPage50");
            s.put("latencyMs", timed(http, port, "/vaults?state=REQUESTED&limit=50", o.repeats()));
            s = report.section("listPage1000");
            s.put("latencyMs", timed(http, port, "/vaults?state=REQUESTED&limit=1000", o.repeats()));
            s = report.section("view");
            s.put("peakHeapMiB", ProcessStats.round1(view.peakHeapMiB()));
            s.put("peakRssMiB", ProcessStats.round1(view.peakRssMiB()));
        }
        report.note("lookups hit random ids among the loaded statuses; one view instance owns every partition, so none is forwarded.");
        return report;
    }

    private static List<LoadGenerator.Request> randomLookups(SplittableRandom random, int count, int statuses) {
        return IntStream.range(0, count).mapToObj(i -> LoadGenerator.Request.get("/vaults/" + id(random.nextInt(statuses)))).toList();
    }

    static String id(int i) {
        return "q-" + i;
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static JsonNode stats(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(get(port, "/stats"), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }

    /** Sequential timings of one request, in ms (microsecond precision), with its status codes. */
    private static Map<String, Object> timed(HttpClient http, int port, String path, int repeats) throws IOException, InterruptedException {
        Percentiles p = Percentiles.micros();
        int ok = 0;
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(get(port, path), HttpResponse.BodyHandlers.ofByteArray());
            p.add((System.nanoTime() - t) / 1000);
            ok += r.statusCode() == 200 ? 1 : 0;
        }
        Map<String, Object> m = p.summary();
        m.put("ok", ok);
        return m;
    }
}
