package io.vaultstream.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The webhook's meters: requests by HTTP status, verification failures by reason, produce latency by
 * outcome, requests in flight. Tags come from small fixed sets, never from request content.
 */
final class WebhookMetrics {

    /** Why a request failed verification. */
    enum VerificationFailure { MISSING_HEADER, CLIENT_ID, SIGNATURE, REQUEST_TIME }

    /** How a produce ended. */
    enum ProduceOutcome { ACKED, FAILED, TIMED_OUT }

    private final MeterRegistry registry;
    private final Map<Integer, Counter> requests = new ConcurrentHashMap<>();
    private final Map<VerificationFailure, Counter> verificationFailures = new ConcurrentHashMap<>();
    private final Map<ProduceOutcome, Timer> produceLatency = new ConcurrentHashMap<>();

    WebhookMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        this.registry = registry;
        Gauge.builder("vaultstream.webhook.in.flight", inFlight, s -> s.get().doubleValue())
                .description("Notification requests being handled").strongReference(true).register(registry);
        for (VerificationFailure f : VerificationFailure.values()) {
            verificationFailures.put(f, Counter.builder("vaultstream.webhook.verification.failures")
                    .description("Notifications rejected by signature, client id or Request-Time checks")
                    .tag("reason", f.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        for (ProduceOutcome o : ProduceOutcome.values()) {
            produceLatency.put(o, Timer.builder("vaultstream.webhook.produce.latency")
                    .description("Time from send to the broker's acknowledgement (or failure, or deadline)")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }

    void request(int status) {
        requests.computeIfAbsent(status, s -> Counter.builder("vaultstream.webhook.requests")
                .description("Notification requests by HTTP status answered")
                .tag("status", Integer.toString(s)).register(registry)).increment();
    }

    void verificationFailure(VerificationFailure reason) {
        verificationFailures.get(reason).increment();
    }

    void produced(ProduceOutcome outcome, long nanos) {
        produceLatency.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }
}
