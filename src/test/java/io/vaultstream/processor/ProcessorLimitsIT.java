package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vaultstream.antom.AntomClient;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultResult;
import io.vaultstream.sandbox.FaultOptions;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.testsupport.TestInfra;
import java.time.Clock;
import java.time.Duration;
import io.vaultstream.sandbox.SandboxCall;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProcessorLimitsIT {

    @Test
    void memoryStaysBoundedWhileManyCommandsWaitOnTheTopic() {
        Map<String, String> limits = Map.of(ConfigKeys.TOPICS_PARTITIONS, "2", ConfigKeys.PROCESSOR_MAX_QUEUED, "20",
                ConfigKeys.PROCESSOR_MAX_IN_FLIGHT, "8", "kafka.consumer.max.poll.records", "10");
        try (ProcessorFixture fx = new ProcessorFixture("backpressure", b -> b.faults(FaultOptions.builder().latency(Duration.ofMillis(20))
                .build()), limits)) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            for (int i = 0; i < 300; i++) {
                fx.send(fx.vaultCommand("bp-" + i + "-" + UUID.randomUUID(), "4242424242424242"));
            }
            ProcessorService processor = fx.startProcessor();
            AtomicInteger maxQueued = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                maxQueued.accumulateAndGet((int) processor.registry().get("vaultstream.processor.queued").gauge().value(), Math::max);
                maxInFlight.accumulateAndGet((int) processor.registry().get("vaultstream.processor.in.flight").gauge().value(), Math::max);
                return results.values.size() >= 300;
            });
            assertThat(maxQueued.get()).as("paused at max-queued; one poll batch per partition may overshoot").isBetween(1, 20 + 2 * 10);
            assertThat(maxInFlight.get()).isBetween(1, 8);
            assertThat(results.values.stream().map(VaultResult::getVaultingRequestId).distinct().count()).isEqualTo(300);
        }
    }

    @Test
    void aPartitionWhoseFinishedSetWouldNotFitTheMetadataTakesNoNewWorkUntilTheGapCloses() throws Exception {
        try (ProcessorFixture fx = new ProcessorFixture("metadata", b -> b.slowDelay(Duration.ofMillis(1500)),
                Map.of(ConfigKeys.TOPICS_PARTITIONS, "1"))) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            int total = 0;
            for (int block = 0; block < 6; block++) {
                fx.send(fx.vaultCommand("gap-" + block + "-" + UUID.randomUUID(), SandboxScenario.SLOW.cardNo()));
                for (int i = 0; i < 6; i++) {
                    fx.send(fx.vaultCommand("ok-" + block + "-" + i + "-" + UUID.randomUUID(), "4242424242424242"));
                }
                total += 7;
            }
            VaultstreamConfig cfg = VaultstreamConfig.of(fx.settings);
            ProcessorOptions options = ProcessorOptions.builder().maxInFlight(1000).maxBuffered(100).maxMetadataChars(64)
                    .commitInterval(Duration.ofMillis(20)).webhookPublicUrl(cfg.getString(ConfigKeys.WEBHOOK_PUBLIC_URL)).build();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            Map<String, Object> producer = new HashMap<>(ProcessorSettings.producerProps(cfg));
            try (AntomClient antom = new AntomClient(ProcessorSettings.antomOptions(cfg));
                    ProcessorEngine engine = new ProcessorEngine(options, fx.topics, ProcessorSettings.consumerProps(cfg), producer, antom,
                            fx.cipher, meters, Clock.systemUTC())) {
                engine.start();
                AtomicInteger maxInFlight = new AtomicInteger();
                AtomicInteger longestMetadata = new AtomicInteger();
                int expected = total;
                try (Admin admin = TestInfra.get().admin()) {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                        maxInFlight.accumulateAndGet((int) meters.get("vaultstream.processor.in.flight").gauge().value(), Math::max);
                        OffsetAndMetadata om = admin.listConsumerGroupOffsets(fx.settings.get(ConfigKeys.PROCESSOR_GROUP_ID))
                                .partitionsToOffsetAndMetadata().get().get(new TopicPartition(fx.topics.commands().name(), 0));
                        if (om != null) {
                            longestMetadata.accumulateAndGet(om.metadata().length(), Math::max);
                        }
                        return results.values.size() >= expected && om != null && om.offset() == expected;
                    });
                }
                assertThat(longestMetadata.get()).isBetween(1, 64);
                assertThat(maxInFlight.get()).as("the metadata budget, not max-in-flight, limited the started work").isLessThanOrEqualTo(15);
                assertThat(results.values.stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId, Collectors.counting())))
                        .hasSize(expected).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
            }
        }
    }

    @Test
    void theRateLimitCapsAntomRequestsPerSecond() {
        try (ProcessorFixture fx = new ProcessorFixture("ratelimit", b -> {}, Map.of(ConfigKeys.PROCESSOR_RATE_LIMIT, "20"))) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            for (int i = 0; i < 60; i++) {
                fx.send(fx.vaultCommand("rl-" + i + "-" + UUID.randomUUID(), "4242424242424242"));
            }
            ProcessorService processor = fx.startProcessor();
            await().atMost(Duration.ofSeconds(30)).until(() -> results.values.size() >= 60);
            List<Instant> starts = fx.sandbox.calls().all().stream().map(SandboxCall::start).sorted().toList();
            assertThat(starts).hasSize(60);
            // a burst of one second's worth, then 20 per second: 2 s in theory; unthrottled it takes about 0.1 s.
            // The sandbox stamps arrival, which a loaded machine bunches up (per-second windows are not stable), hence the margin.
            assertThat(Duration.between(starts.get(0), starts.get(59))).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
            assertThat(processor.registry().get("vaultstream.processor.rate.limit.waits").counter().count()).isPositive();
        }
    }

    @Test
    void theCircuitBreakerStopsHammeringAFailingAntomAndProbes() {
        Map<String, String> settings = Map.of(ConfigKeys.PROCESSOR_BREAKER_FAILURE_THRESHOLD, "3", ConfigKeys.PROCESSOR_BREAKER_OPEN_MS, "1000",
                ConfigKeys.PROCESSOR_MAX_ATTEMPTS, "100", ConfigKeys.PROCESSOR_RETRY_BACKOFF_MS, "5", ConfigKeys.PROCESSOR_MAX_BACKOFF_MS, "10");
        try (ProcessorFixture fx = new ProcessorFixture("breaker", b -> b.faults(FaultOptions.builder().serverErrorShare(1.0)
                .processedOnFaultShare(0).build()), settings)) {
            for (int i = 0; i < 5; i++) {
                fx.send(fx.vaultCommand("br-" + i + "-" + UUID.randomUUID(), "4242424242424242"));
            }
            ProcessorService processor = fx.startProcessor();
            await().atMost(Duration.ofSeconds(20)).until(() -> processor.registry().get("vaultstream.processor.breaker.state").gauge().value() == 1.0);
            int before = fx.sandbox.calls().all().size();
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> true);
            int during = fx.sandbox.calls().all().size() - before;
            // without the breaker five commands retrying every few ms would make hundreds of calls; open, it lets one probe per second
            assertThat(during).isBetween(1, 8);
            assertThat(processor.isReady()).as("an outage is not a misconfiguration").isTrue();
        }
    }
}
