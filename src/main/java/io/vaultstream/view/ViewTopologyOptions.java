package io.vaultstream.view;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of the status view topology and its reconciler; build with {@link #builder()}.
 *
 * @param commandsTopic input (and the reconciler's output) of vault commands
 * @param resultsTopic input of processor results
 * @param notificationsTopic input of Antom notifications
 * @param statusTopic compacted output of every status change
 * @param reconcilerEnabled whether the reconciler sends inquiries and gives up on stale requests;
 *     when off, the periodic run only counts stalled REQUESTED requests
 * @param reconcileInterval wall-clock period of the reconciler punctuation. Shorter finds stale
 *     requests sooner; every run range-scans the index of the open states per task
 * @param firstInquiryAge per state: how long a request may stay in it (since its last change)
 *     before the first inquiry. States without an entry are never inquired about. Too short asks
 *     Antom about requests whose notification is merely on its way
 * @param initialInquiryInterval wait after the first inquiry before the second; doubles after each
 * @param maxInquiryInterval cap of the doubling interval
 * @param finalAge age (since the last change) after which the reconciler stops asking and marks
 *     the request FAILED / RECONCILE_TIMEOUT. Too short fails requests Antom would still finish
 *     (Antom re-sends notifications for up to 24 h); too long keeps dead requests open
 * @param maxActionsPerPunctuation per task and run: inquiries plus give-ups; bounds the load on
 *     Antom and the time a punctuation holds the stream thread
 * @param stalledRequestedAge a request still REQUESTED after this long counts as stalledRequested
 *     (the processor is behind); it is reported, never inquired about
 * @param historyLimit bound of each status's history list
 */
public record ViewTopologyOptions(
        String commandsTopic,
        String resultsTopic,
        String notificationsTopic,
        String statusTopic,
        boolean reconcilerEnabled,
        Duration reconcileInterval,
        Map<VaultState, Duration> firstInquiryAge,
        Duration initialInquiryInterval,
        Duration maxInquiryInterval,
        Duration finalAge,
        int maxActionsPerPunctuation,
        Duration stalledRequestedAge,
        int historyLimit) {

    public ViewTopologyOptions {
        Objects.requireNonNull(commandsTopic, "commandsTopic");
        Objects.requireNonNull(resultsTopic, "resultsTopic");
        Objects.requireNonNull(notificationsTopic, "notificationsTopic");
        Objects.requireNonNull(statusTopic, "statusTopic");
        positive(reconcileInterval, "reconcileInterval");
        positive(initialInquiryInterval, "initialInquiryInterval");
        positive(maxInquiryInterval, "maxInquiryInterval");
        positive(finalAge, "finalAge");
        positive(stalledRequestedAge, "stalledRequestedAge");
        Objects.requireNonNull(firstInquiryAge, "firstInquiryAge");
        EnumMap<VaultState, Duration> ages = new EnumMap<>(VaultState.class);
        firstInquiryAge.forEach((state, age) -> {
            if (!state.awaitingAntom()) {
                throw new IllegalArgumentException("firstInquiryAge: only SESSION_CREATED, VERIFICATION_REQUIRED "
                        + "and UNKNOWN may be inquired about, not " + state);
            }
            positive(age, "firstInquiryAge." + state);
            if (age.compareTo(finalAge) >= 0) {
                throw new IllegalArgumentException("firstInquiryAge." + state + ": must be shorter than finalAge");
            }
            ages.put(state, age);
        });
        firstInquiryAge = Collections.unmodifiableMap(ages);
        if (maxInquiryInterval.compareTo(initialInquiryInterval) < 0) {
            throw new IllegalArgumentException("maxInquiryInterval: must not be shorter than initialInquiryInterval");
        }
        if (maxActionsPerPunctuation < 1) {
            throw new IllegalArgumentException("maxActionsPerPunctuation: must be at least 1");
        }
        if (historyLimit < 2) {
            throw new IllegalArgumentException("historyLimit: must be at least 2");
        }
    }

    /** A builder holding the defaults: DESIGN.md topic names and conservative reconciler ages. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static ViewTopologyOptions defaults() {
        return builder().build();
    }

    /** Wait before the inquiry that follows {@code inquiriesSoFar} inquiries (at least one). */
    public Duration inquiryInterval(int inquiriesSoFar) {
        int doublings = Math.max(0, Math.min(inquiriesSoFar - 1, 30));
        Duration d = initialInquiryInterval.multipliedBy(1L << doublings);
        return d.compareTo(maxInquiryInterval) > 0 ? maxInquiryInterval : d;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": must be positive");
        }
    }

    /** Mutable builder of {@link ViewTopologyOptions}; every setter documents its option on the record. */
    public static final class Builder {
        private String commandsTopic = "vault.commands.v1";
        private String resultsTopic = "vault.results.v1";
        private String notificationsTopic = "vault.notifications.v1";
        private String statusTopic = "vault.status.v1";
        private boolean reconcilerEnabled = true;
        private Duration reconcileInterval = Duration.ofSeconds(10);
        private final Map<VaultState, Duration> firstInquiryAge = new EnumMap<>(Map.of(
                VaultState.UNKNOWN, Duration.ofMinutes(2),
                VaultState.VERIFICATION_REQUIRED, Duration.ofMinutes(20),
                VaultState.SESSION_CREATED, Duration.ofMinutes(30)));
        private Duration initialInquiryInterval = Duration.ofMinutes(2);
        private Duration maxInquiryInterval = Duration.ofHours(1);
        private Duration finalAge = Duration.ofHours(24);
        private int maxActionsPerPunctuation = 100;
        private Duration stalledRequestedAge = Duration.ofMinutes(1);
        private int historyLimit = StatusModel.DEFAULT_HISTORY_LIMIT;

        private Builder() {}

        public Builder commandsTopic(String v) {
            commandsTopic = v;
            return this;
        }

        public Builder resultsTopic(String v) {
            resultsTopic = v;
            return this;
        }

        public Builder notificationsTopic(String v) {
            notificationsTopic = v;
            return this;
        }

        public Builder statusTopic(String v) {
            statusTopic = v;
            return this;
        }

        /** Takes the four topic names from the topics registry. */
        public Builder topics(io.vaultstream.kafka.Topics topics) {
            commandsTopic = topics.commands().name();
            resultsTopic = topics.results().name();
            notificationsTopic = topics.notifications().name();
            statusTopic = topics.status().name();
            return this;
        }

        public Builder reconcilerEnabled(boolean v) {
            reconcilerEnabled = v;
            return this;
        }

        public Builder reconcileInterval(Duration v) {
            reconcileInterval = v;
            return this;
        }

        /** Sets the first-inquiry age of one state; null removes it (never inquire in that state). */
        public Builder firstInquiryAge(VaultState state, Duration age) {
            if (age == null) {
                firstInquiryAge.remove(state);
            } else {
                firstInquiryAge.put(state, age);
            }
            return this;
        }

        public Builder initialInquiryInterval(Duration v) {
            initialInquiryInterval = v;
            return this;
        }

        public Builder maxInquiryInterval(Duration v) {
            maxInquiryInterval = v;
            return this;
        }

        public Builder finalAge(Duration v) {
            finalAge = v;
            return this;
        }

        public Builder maxActionsPerPunctuation(int v) {
            maxActionsPerPunctuation = v;
            return this;
        }

        public Builder stalledRequestedAge(Duration v) {
            stalledRequestedAge = v;
            return this;
        }

        public Builder historyLimit(int v) {
            historyLimit = v;
            return this;
        }

        public ViewTopologyOptions build() {
            return new ViewTopologyOptions(commandsTopic, resultsTopic, notificationsTopic, statusTopic,
                    reconcilerEnabled, reconcileInterval, firstInquiryAge, initialInquiryInterval, maxInquiryInterval, finalAge,
                    maxActionsPerPunctuation, stalledRequestedAge, historyLimit);
        }
    }
}
