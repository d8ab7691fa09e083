package io.vaultstream.view;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Gauges of this instance's share of the view: requests per state and requests stalled in
 * REQUESTED (the processor is behind). Instance-local by design: Prometheus sums over instances.
 * Reads are cached briefly so that a scrape reads the stats stores once.
 */
public final class ViewMetrics {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final ViewQueries queries;
    private final Clock clock;
    private StatsSnapshot cached = StatsSnapshot.empty();
    private Instant cachedAt = Instant.MIN;

    private ViewMetrics(ViewQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** Registers the gauges on {@code registry}. */
    public static ViewMetrics bind(MeterRegistry registry, ViewQueries queries, Clock clock) {
        Objects.requireNonNull(registry, "registry");
        ViewMetrics m = new ViewMetrics(Objects.requireNonNull(queries, "queries"), Objects.requireNonNull(clock, "clock"));
        for (VaultState state : VaultState.values()) {
            Gauge.builder("vaultstream.view.requests", m, x -> x.snapshot().counts().get(state))
                    .tag("state", state.name())
                    .description("vaulting requests in this state held by this instance's active tasks")
                    .register(registry);
        }
        Gauge.builder("vaultstream.view.stalled.requested", m, x -> x.snapshot().stalledRequested())
                .description("requests still REQUESTED after the stalled threshold: the processor is behind")
                .register(registry);
        return m;
    }

    private synchronized StatsSnapshot snapshot() {
        Instant now = clock.instant();
        if (Duration.between(cachedAt, now).compareTo(CACHE) >= 0) {
            try {
                cached = queries.stats();
                cachedAt = now;
            } catch (InvalidStateStoreException rebalancing) {
                // keep the last values through a rebalance rather than dropping to zero
            }
        }
        return cached;
    }
}
