package io.vaultstream.view;

import io.vaultstream.events.VaultStatus;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the status view topology: commands, results and notifications, keyed by
 * vaultingRequestId on co-partitioned topics, folded by {@link StatusModel} into persistent
 * stores, with every change published to the compacted status topic and the reconciler's
 * inquiries to the commands topic. Pure: no I/O, serdes and clock passed in.
 */
public final class StatusTopology {

    /** vaultingRequestId -> {@link VaultStatus}. */
    public static final String STATUS_STORE = "status-store";

    /** {@link StateIndexKey} (state, updatedAt desc, id) -> reconciler bookkeeping ({@link StateIndexKey#value}). */
    public static final String STATE_INDEX_STORE = "state-index-store";

    /** Per task: {@code count/STATE}, {@code ttt/BUCKET} and {@code stalledRequested} -> long; see {@link StatsSnapshot}. */
    public static final String STATS_STORE = "stats-store";

    /** Name of the processor node, for metrics and topology descriptions. */
    public static final String PROCESSOR_NAME = "status-processor";

    private StatusTopology() {}

    /** {@link #build(StreamsBuilder, ViewTopologyOptions, ViewSerdes, Clock, TerminalWaiters)} with no long polls to wake. */
    public static Topology build(StreamsBuilder builder, ViewTopologyOptions options, ViewSerdes serdes, Clock clock) {
        return build(builder, options, serdes, clock, new TerminalWaiters());
    }

    /**
     * Adds the view to {@code builder} and returns the built topology.
     *
     * @param clock time of the reconciler's decisions and of the statuses and commands it creates
     * @param waiters signalled with the id of every terminal status stored (the query API's long polls)
     */
    public static Topology build(StreamsBuilder builder, ViewTopologyOptions options, ViewSerdes serdes, Clock clock,
            TerminalWaiters waiters) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(waiters, "waiters");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(clock, "clock");

        KStream<String, Evidence> commands = builder
                .stream(options.commandsTopic(), Consumed.with(Serdes.String(), serdes.command()).withName("commands"))
                .mapValues(c -> c == null ? null : Evidence.of(c), Named.as("command-evidence"));
        KStream<String, Evidence> results = builder
                .stream(options.resultsTopic(), Consumed.with(Serdes.String(), serdes.result()).withName("results"))
                .mapValues(r -> r == null ? null : Evidence.of(r), Named.as("result-evidence"));
        KStream<String, Evidence> notifications = builder
                .stream(options.notificationsTopic(),
                        Consumed.with(Serdes.String(), serdes.notification()).withName("notifications"))
                .mapValues(n -> n == null ? null : Evidence.of(n), Named.as("notification-evidence"));

        KStream<String, ViewOutput> out = commands.merge(results, Named.as("merge-results"))
                .merge(notifications, Named.as("merge-notifications"))
                .process(new Supplier(options, serdes, clock, waiters), Named.as(PROCESSOR_NAME));

        out.filter((k, v) -> v instanceof ViewOutput.StatusChange, Named.as("status-changes"))
                .mapValues(v -> ((ViewOutput.StatusChange) v).status(), Named.as("status-values"))
                .to(options.statusTopic(), Produced.with(Serdes.String(), serdes.status()).withName("status-sink"));
        out.filter((k, v) -> v instanceof ViewOutput.Inquiry, Named.as("inquiries"))
                .mapValues(v -> ((ViewOutput.Inquiry) v).command(), Named.as("inquiry-values"))
                .to(options.commandsTopic(), Produced.with(Serdes.String(), serdes.command()).withName("inquiry-sink"));

        return builder.build();
    }

    /** Supplies one processor per task and declares the stores it owns. */
    private record Supplier(ViewTopologyOptions options, ViewSerdes serdes, Clock clock, TerminalWaiters waiters)
            implements ProcessorSupplier<String, Evidence, String, ViewOutput> {

        @Override
        public Processor<String, Evidence, String, ViewOutput> get() {
            return new StatusProcessor(options, clock, waiters);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS_STORE), Serdes.String(),
                            serdes.status()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_INDEX_STORE), Serdes.String(),
                            Serdes.String()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATS_STORE), Serdes.String(),
                            Serdes.Long()));
        }
    }
}
