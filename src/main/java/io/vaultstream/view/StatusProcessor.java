package io.vaultstream.view;

import io.vaultstream.events.InquireVaulting;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds evidence into the status store, keeps the state index and the stats in step with it, and
 * runs the reconciler over the index on a wall-clock punctuation. One instance per task: its
 * stores hold exactly the task's keys, so every read here is a point lookup or an index range; the
 * reconciler's scan reads only the index, whose values carry the inquiry bookkeeping.
 */
final class StatusProcessor implements Processor<String, Evidence, String, ViewOutput> {

    private static final Logger log = LoggerFactory.getLogger(StatusProcessor.class);

    /** Inquired in this order: UNKNOWN first, as no notification is known to be on its way. */
    private static final List<VaultState> RECONCILED = List.of(
            VaultState.UNKNOWN, VaultState.VERIFICATION_REQUIRED, VaultState.SESSION_CREATED);

    private final ViewTopologyOptions options;
    private final StatusModel model;
    private final Clock clock;
    private final TerminalWaiters waiters;

    private ProcessorContext<String, ViewOutput> context;
    private KeyValueStore<String, VaultStatus> statuses;
    private KeyValueStore<String, String> index;
    private KeyValueStore<String, Long> stats;

    StatusProcessor(ViewTopologyOptions options, Clock clock, TerminalWaiters waiters) {
        this.options = options;
        this.waiters = waiters;
        this.model = new StatusModel(options.historyLimit(), StatusModel.DEFAULT_SEEN_NOTIFICATION_LIMIT);
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, ViewOutput> context) {
        this.context = context;
        this.statuses = context.getStateStore(StatusTopology.STATUS_STORE);
        this.index = context.getStateStore(StatusTopology.STATE_INDEX_STORE);
        this.stats = context.getStateStore(StatusTopology.STATS_STORE);
        context.schedule(options.reconcileInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> reconcile());
    }

    @Override
    public void process(Record<String, Evidence> record) {
        Evidence e = record.value();
        if (e == null) {
            return;
        }
        if (!e.vaultingRequestId().equals(record.key())) {
            // The key decides the partition; an event keyed otherwise would be folded in a task that
            // does not own its request, so it is dropped loudly rather than stored in the wrong place.
            log.warn("event key differs from its vaultingRequestId; dropped vaultingRequestId={} source={} topic={}",
                    e.vaultingRequestId(), e.source(), context.recordMetadata().map(m -> m.topic()).orElse("?"));
            return;
        }
        VaultStatus current = statuses.get(e.vaultingRequestId());
        VaultStatus next = model.apply(current, e);
        if (next != current) {
            save(current, next, record.timestamp());
            if (next.getConflict() && (current == null || !current.getConflict())) {
                log.warn("conflicting terminal evidence vaultingRequestId={} state={} source={} resultCode={}",
                        next.getVaultingRequestId(), next.getState(), e.source(), e.resultCode());
            }
        }
    }

    private void save(VaultStatus old, VaultStatus next, long timestamp) {
        String id = next.getVaultingRequestId();
        statuses.put(id, next);
        String newKey = StateIndexKey.of(next).encode();
        if (old != null) {
            String oldKey = StateIndexKey.of(old).encode();
            if (!oldKey.equals(newKey)) {
                index.delete(oldKey);
            }
            if (!old.getState().equals(next.getState())) {
                add(StatsSnapshot.COUNT_PREFIX + old.getState(), -1);
            }
        }
        index.put(newKey, StateIndexKey.value(next));
        if (old == null || !old.getState().equals(next.getState())) {
            add(StatsSnapshot.COUNT_PREFIX + next.getState(), 1);
        }
        if (!timeToTerminalKnown(old) && timeToTerminalKnown(next)) {
            long ms = Math.max(0, Duration.between(next.getRequestedAt(), next.getFinishedAt()).toMillis());
            add(StatsSnapshot.BUCKET_PREFIX + StatsSnapshot.bucketOf(ms), 1);
        }
        context.forward(new Record<>(id, new ViewOutput.StatusChange(next), timestamp));
        if (VaultState.valueOf(next.getState()).terminal()) {
            waiters.signal(id);
        }
    }

    private static boolean timeToTerminalKnown(VaultStatus s) {
        return s != null && VaultState.valueOf(s.getState()).terminal()
                && s.getRequestedAt() != null && s.getFinishedAt() != null;
    }

    private void add(String key, long delta) {
        Long v = stats.get(key);
        stats.put(key, (v == null ? 0 : v) + delta);
    }

    /** One reconciler run: pick due work from the index first, then act, so no iterator sees its own writes. */
    void reconcile() {
        Instant now = clock.instant();
        List<KeyValue<String, Boolean>> work = new ArrayList<>(); // id -> true: give up, false: inquire
        for (VaultState state : options.reconcilerEnabled() ? RECONCILED : List.<VaultState>of()) {
            Duration firstAge = options.firstInquiryAge().get(state);
            if (firstAge == null || work.size() >= options.maxActionsPerPunctuation()) {
                continue;
            }
            try (KeyValueIterator<String, String> it =
                    index.reverseRange(StateIndexKey.rangeStart(state), StateIndexKey.rangeEnd(state))) {
                while (it.hasNext() && work.size() < options.maxActionsPerPunctuation()) {
                    KeyValue<String, String> entry = it.next();
                    StateIndexKey key = StateIndexKey.decode(entry.key);
                    Duration age = Duration.between(key.updatedAt(), now);
                    if (age.compareTo(firstAge) < 0) {
                        break; // the rest of this state is younger
                    }
                    if (age.compareTo(options.finalAge()) >= 0) {
                        work.add(KeyValue.pair(key.vaultingRequestId(), true));
                    } else if (inquiryDue(StateIndexKey.Bookkeeping.parse(entry.value), now)) {
                        work.add(KeyValue.pair(key.vaultingRequestId(), false));
                    }
                }
            }
        }
        for (KeyValue<String, Boolean> w : work) {
            VaultStatus s = statuses.get(w.key);
            if (s == null || !VaultState.valueOf(s.getState()).awaitingAntom()) {
                continue;
            }
            if (w.value) {
                giveUp(s, now);
            } else {
                inquire(s, now);
            }
        }
        countStalledRequested(now);
    }

    private boolean inquiryDue(StateIndexKey.Bookkeeping b, Instant now) {
        if (b.lastInquiryAt() == null) {
            return true;
        }
        return !now.isBefore(b.lastInquiryAt().plus(options.inquiryInterval(b.inquiries())));
    }

    private void inquire(VaultStatus s, Instant now) {
        int attempt = s.getInquiries() + 1;
        VaultCommand command = VaultCommand.newBuilder()
                .setVaultingRequestId(s.getVaultingRequestId())
                // deterministic, so a punctuation replayed after a crash sends the same command id
                .setCommandId("reconcile-" + s.getVaultingRequestId() + "-" + attempt)
                .setCreatedAt(now)
                .setTraceparent(s.getTraceparent())
                .setOrigin("RECONCILER")
                .setAction(InquireVaulting.newBuilder().build())
                .build();
        context.forward(new Record<>(s.getVaultingRequestId(), new ViewOutput.Inquiry(command), now.toEpochMilli()));
        save(s, model.recordInquiry(s, now), now.toEpochMilli());
        log.info("reconciler inquiry vaultingRequestId={} state={} attempt={}", s.getVaultingRequestId(),
                s.getState(), attempt);
    }

    private void giveUp(VaultStatus s, Instant now) {
        VaultStatus next = model.apply(s, Evidence.reconcileTimeout(s.getVaultingRequestId(), now));
        if (next != s) {
            save(s, next, now.toEpochMilli());
            log.warn("reconciler gave up vaultingRequestId={} state={} inquiries={} code={}",
                    s.getVaultingRequestId(), s.getState(), s.getInquiries(), Evidence.RECONCILE_TIMEOUT);
        }
    }

    private void countStalledRequested(Instant now) {
        Instant threshold = now.minus(options.stalledRequestedAge());
        long stalled = 0;
        try (KeyValueIterator<String, String> it = index.reverseRange(
                StateIndexKey.rangeStart(VaultState.REQUESTED), StateIndexKey.rangeEnd(VaultState.REQUESTED))) {
            while (it.hasNext() && !StateIndexKey.decode(it.next().key).updatedAt().isAfter(threshold)) {
                stalled++;
            }
        }
        Long previous = stats.get(StatsSnapshot.STALLED_REQUESTED);
        if (previous == null || previous != stalled) {
            stats.put(StatsSnapshot.STALLED_REQUESTED, stalled);
            if (stalled > 0) {
                log.warn("requests stalled in REQUESTED: processor behind count={} olderThan={}", stalled,
                        options.stalledRequestedAge());
            }
        }
    }
}
