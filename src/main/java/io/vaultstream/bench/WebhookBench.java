package io.vaultstream.bench;

import io.vaultstream.antom.AntomSigner;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.Topics;
import io.vaultstream.webhook.WebhookOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark 3: the webhook role in its own JVM takes Antom-signed, distinct notifications from a closed-loop
 * load generator (wrk when installed, see {@link LoadGenerator}; keep-alive); each answer 200 means the event was verified and acknowledged by Kafka
 * (acks=all). Notifications are signed before the clock starts, as Antom's signing is Antom's cost.
 */
public final class WebhookBench {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    /**
     * @param count       measured notifications
     * @param warmup      notifications sent first, not measured
     * @param concurrency requests in flight
     */
    public record Options(int count, int warmup, int concurrency, int partitions, List<String> webhookJvm) {}

    private record Signed(byte[] body, String time, String signature) {}

    private WebhookBench() {}

    public static BenchReport run(BenchEnvironment env, Options o, Clock clock) throws Exception {
        BenchReport report = new BenchReport("webhook", Machine.describe(clock)).parameter("count", o.count()).parameter("warmup", o.warmup())
                .parameter("concurrency", o.concurrency()).parameter("partitions", o.partitions()).parameter("webhookJvm", o.webhookJvm());
        Map<String, String> settings = env.settings("webhook", o.partitions(), null);
        int port = BenchEnvironment.freePort();
        settings.put(ConfigKeys.WEBHOOK_PORT, Integer.toString(port));
        VaultstreamConfig cfg = BenchEnvironment.config(settings);
        Topics topics = BenchEnvironment.prepare(cfg);

        AntomSigner antom = new AntomSigner(env.keys().antomPrivate(), "1");
        String path = WebhookOptions.DEFAULT_PATH;
        long t0 = System.nanoTime();
        List<Signed> signed = IntStream.range(0, o.warmup() + o.count()).parallel().mapToObj(i -> {
            byte[] body = body("wh-bench-" + i).getBytes(StandardCharsets.UTF_8);
            String time = ZonedDateTime.now(ZoneOffset.ofHours(8)).format(ISO);
            return new Signed(body, time, antom.signatureHeader(path, BenchEnvironment.CLIENT_ID, time, body));
        }).collect(Collectors.toList());
        report.section("preparation").put("signingSeconds", ProcessorBench.round1((System.nanoTime() - t0) / 1e9));

        List<LoadGenerator.Request> requests = signed.stream().map(n -> request(path, n)).toList();

        Path runDir = env.runDir("webhook");
        try (RoleProcess webhook = RoleProcess.start("webhook", settings, port, o.webhookJvm(), runDir, Duration.ofSeconds(120))) {
            LoadGenerator load = LoadGenerator.forBench(URI.create("http://127.0.0.1:" + port), o.concurrency(), runDir.resolve("load"));
            report.parameter("loadGenerator", load.description());
            LoadGenerator.Result warm = load.sendEach(requests.subList(0, o.warmup()));
            double cpu0 = webhook.cpuSeconds();
            LoadGenerator.Result r = load.sendEach(requests.subList(o.warmup(), o.warmup() + o.count()));
            double cpu1 = webhook.cpuSeconds();
            long onTopic = endOffsets(cfg, topics.notifications().name(), o.partitions());
            Map<String, Object> s = report.section("webhook");
            s.put("notifications", o.count());
            s.put("acknowledgedPerSecond", Math.round(r.okPerSecond()));
            s.put("latencyMs", r.latencyMs());
            s.put("statuses", r.statusSummary());
            s.put("eventsOnTopic", onTopic);
            // every 200 promised a durable event and nothing else was written: the two counts must agree
            s.put("eventsOnTopicEqualAcknowledged", onTopic == warm.ok() + r.ok());
            s.put("webhookCpuSecondsPer1000", ProcessorBench.round3((cpu1 - cpu0) * 1000 / o.count()));
            if (!Double.isNaN(r.generatorCpuSeconds())) {
                s.put("loadGeneratorCpuSecondsPer1000", ProcessorBench.round3(r.generatorCpuSeconds() * 1000 / o.count()));
            }
            s.put("webhookPeakHeapMiB", ProcessStats.round1(webhook.peakHeapMiB()));
            s.put("webhookPeakRssMiB", ProcessStats.round1(webhook.peakRssMiB()));
        }
        report.note("each 200 = signature verified + event acknowledged by Kafka (acks=all, idempotent); eventsOnTopic counts warm-up too.");
        report.note("load generator (HTTP/1.1 keep-alive, one request in flight per connection) and broker share the cores with the webhook process.");
        return report;
    }

    private static LoadGenerator.Request request(String path, Signed n) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=UTF-8");
        headers.put("Client-Id", BenchEnvironment.CLIENT_ID);
        headers.put("Request-Time", n.time());
        headers.put("Signature", n.signature());
        return new LoadGenerator.Request("POST", path, headers, n.body());
    }

    /** A notifyVaulting body like Antom's (vaulting succeeded), for a distinct id. */
    static String body(String id) {
        return "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"},"
                + "\"vaultingRequestId\":\"" + id + "\","
                + "\"paymentMethodDetail\":{\"paymentMethodType\":\"CARD\",\"card\":{\"cardToken\":\"SBXTOK" + id.hashCode() + "\","
                + "\"maskedCardNo\":\"************4242\",\"brand\":\"VISA\",\"funding\":\"CREDIT\"}},"
                + "\"vaultingCreateTime\":\"2026-11-22T08:00:00+08:00\",\"vaultingStatus\":\"SUCCESS\"}";
    }

    /** Sum of the end offsets of a topic's partitions. */
    static long endOffsets(VaultstreamConfig cfg, String topic, int partitions) throws Exception {
        try (Admin admin = KafkaSetup.admin(cfg)) {
            Map<TopicPartition, OffsetSpec> q = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(q).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        }
    }
}
