package io.vaultstream.view;

import io.vaultstream.events.StatusHistoryEntry;
import io.vaultstream.events.VaultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The pure fold from evidence to status: one status per vaultingRequestId, correct whatever order
 * commands, results and notifications arrive in.
 *
 * <p>Rules (DESIGN.md "Status model"):
 * <ul>
 *   <li>A terminal state (REJECTED, VAULTED, FAILED) is never replaced. A different terminal state
 *       arriving later is kept in the history and sets {@code conflict}; a non-terminal one is only
 *       kept in the history.
 *   <li>REQUESTED never replaces an answered state (a command may arrive after its result).
 *   <li>Between answered non-terminal states the evidence with the newer event time wins, so a
 *       late result cannot undo a newer one.
 *   <li>PROCESSING-like evidence moves only REQUESTED to UNKNOWN (Antom has seen the request, the
 *       outcome is open, the reconciler must ask); otherwise it is history only.
 *   <li>Re-sent notifications (same notificationId) and repeated facts (same state, source and
 *       result code already in the history) change nothing.
 *   <li>{@code updatedAt} is the newest event time of evidence that changed state, details or the
 *       conflict flag; history-only evidence leaves it, so repeated PROCESSING answers to the
 *       reconciler's inquiries do not reset the request's age.
 *   <li>{@code requestedAt}, {@code firstAnswerAt} and {@code finishedAt} are minima over the
 *       evidence, so they do not depend on arrival order.
 * </ul>
 * Inputs are never mutated; when nothing changes, {@code apply} returns its input instance.
 */
public final class StatusModel {

    /** Default bound of the history list. */
    public static final int DEFAULT_HISTORY_LIMIT = 20;

    /** Default bound of the remembered notification ids. */
    public static final int DEFAULT_SEEN_NOTIFICATION_LIMIT = 16;

    private final int historyLimit;
    private final int seenNotificationLimit;

    /** A model with the default bounds. */
    public StatusModel() {
        this(DEFAULT_HISTORY_LIMIT, DEFAULT_SEEN_NOTIFICATION_LIMIT);
    }

    /**
     * A model with explicit bounds.
     *
     * @param historyLimit entries kept: the first and the newest; at least 2
     * @param seenNotificationLimit newest notification ids remembered for de-duplication; at least 1
     */
    public StatusModel(int historyLimit, int seenNotificationLimit) {
        if (historyLimit < 2) {
            throw new IllegalArgumentException("historyLimit: must be at least 2, was " + historyLimit);
        }
        if (seenNotificationLimit < 1) {
            throw new IllegalArgumentException(
                    "seenNotificationLimit: must be at least 1, was " + seenNotificationLimit);
        }
        this.historyLimit = historyLimit;
        this.seenNotificationLimit = seenNotificationLimit;
    }

    private enum Decision {
        /** The evidence sets the state. */
        APPLY,
        /** The evidence confirms the current state. */
        CONFIRM,
        /** A different terminal state after a terminal one. */
        CONFLICT,
        /** The evidence is recorded but does not move the state. */
        HISTORY_ONLY
    }

    /**
     * Folds one piece of evidence into the status.
     *
     * @param current the status so far, or null when this is the first evidence for the id
     * @return the new status, or {@code current} itself when the evidence changes nothing
     */
    public VaultStatus apply(VaultStatus current, Evidence e) {
        Objects.requireNonNull(e, "evidence");
        if (current != null && !current.getVaultingRequestId().equals(e.vaultingRequestId())) {
            throw new IllegalArgumentException("vaultingRequestId: evidence is for a different request");
        }
        if (current != null && e.notificationId() != null
                && current.getSeenNotificationIds().contains(e.notificationId())) {
            return current;
        }
        VaultState before = current == null ? null : VaultState.valueOf(current.getState());
        VaultState proposed = e.state();
        if (e.kind() == Evidence.Kind.PROGRESS && (before == null || before == VaultState.REQUESTED)) {
            proposed = VaultState.UNKNOWN;
        }
        Decision decision = decide(current, before, proposed, e);

        VaultStatus.Builder b = current == null
                ? VaultStatus.newBuilder()
                        .setVaultingRequestId(e.vaultingRequestId())
                        .setState(proposed.name())
                        .setUpdatedAt(e.at())
                        .setSeenNotificationIds(new ArrayList<>())
                        .setHistory(new ArrayList<>())
                : VaultStatus.newBuilder(current);

        // Facts that hold whatever the decision: they describe the request, not its state.
        b.setRequestedAt(min(b.getRequestedAt(), e.requestedAt()));
        b.setCommandType(mergeCommandType(b.getCommandType(), e.commandType()));
        b.setTraceparent(firstNonNull(b.getTraceparent(), e.traceparent()));
        b.setMaskedCardNo(firstNonNull(b.getMaskedCardNo(), e.maskedCardNo()));
        b.setCardBrand(firstNonNull(b.getCardBrand(), e.cardBrand()));
        boolean answer = e.kind() == Evidence.Kind.ANSWER || e.kind() == Evidence.Kind.PROGRESS;
        if (answer && e.source() != EvidenceSource.RECONCILER) {
            b.setFirstAnswerAt(min(b.getFirstAnswerAt(), e.at()));
        }

        VaultState after = before == null ? proposed : before;
        switch (decision) {
            case APPLY -> {
                after = proposed;
                b.setState(after.name());
                if (hasResult(e)) {
                    b.setResultCode(e.resultCode()).setResultStatus(e.resultStatus()).setResultMessage(e.resultMessage());
                }
                b.setMaskedCardNo(firstNonNull(e.maskedCardNo(), b.getMaskedCardNo()));
                b.setCardBrand(firstNonNull(e.cardBrand(), b.getCardBrand()));
                b.setNormalUrl(firstNonNull(e.normalUrl(), b.getNormalUrl()));
                b.setSchemeUrl(firstNonNull(e.schemeUrl(), b.getSchemeUrl()));
                b.setApplinkUrl(firstNonNull(e.applinkUrl(), b.getApplinkUrl()));
                if (after.terminal()) {
                    b.setFinishedAt(e.at());
                }
            }
            case CONFIRM -> {
                if (b.getResultCode() == null && b.getResultStatus() == null && b.getResultMessage() == null
                        && hasResult(e)) {
                    b.setResultCode(e.resultCode()).setResultStatus(e.resultStatus()).setResultMessage(e.resultMessage());
                }
                b.setNormalUrl(firstNonNull(b.getNormalUrl(), e.normalUrl()));
                b.setSchemeUrl(firstNonNull(b.getSchemeUrl(), e.schemeUrl()));
                b.setApplinkUrl(firstNonNull(b.getApplinkUrl(), e.applinkUrl()));
                if (after.terminal()) {
                    b.setFinishedAt(min(b.getFinishedAt(), e.at()));
                }
            }
            case CONFLICT -> b.setConflict(true);
            case HISTORY_ONLY -> {
                // state and answer details stay; the history below keeps what this evidence said
            }
        }

        boolean recordInHistory = e.kind() != Evidence.Kind.INQUIRY_REQUEST || current == null;
        if (recordInHistory) {
            VaultState said = e.state() == null ? after : e.state();
            addHistory(b, said, e);
        }
        if (e.notificationId() != null) {
            List<String> seen = new ArrayList<>(b.getSeenNotificationIds());
            seen.add(e.notificationId());
            b.setSeenNotificationIds(tail(seen, seenNotificationLimit));
        }

        VaultStatus next = b.build();
        if (current != null && next.equals(current)) {
            return current;
        }
        if (current != null && decision != Decision.HISTORY_ONLY && e.at().isAfter(next.getUpdatedAt())) {
            next.setUpdatedAt(e.at());
        }
        return next;
    }

    /**
     * Records that the reconciler sent an inquiry. Leaves {@code updatedAt}, so the request keeps
     * ageing toward the reconciler's final age.
     */
    public VaultStatus recordInquiry(VaultStatus current, Instant at) {
        Objects.requireNonNull(current, "current");
        return VaultStatus.newBuilder(current).setLastInquiryAt(at).setInquiries(current.getInquiries() + 1).build();
    }

    private static Decision decide(VaultStatus current, VaultState before, VaultState proposed, Evidence e) {
        if (before == null) {
            return Decision.APPLY;
        }
        if (proposed == null) {
            return Decision.HISTORY_ONLY;
        }
        if (proposed == before) {
            return Decision.CONFIRM;
        }
        if (before.terminal()) {
            return proposed.terminal() ? Decision.CONFLICT : Decision.HISTORY_ONLY;
        }
        if (proposed == VaultState.REQUESTED) {
            return Decision.HISTORY_ONLY;
        }
        if (proposed.terminal() || before == VaultState.REQUESTED) {
            return Decision.APPLY;
        }
        // two answered, open states: the newer evidence wins; ties go to the later arrival
        return e.at().isBefore(current.getUpdatedAt()) ? Decision.HISTORY_ONLY : Decision.APPLY;
    }

    private void addHistory(VaultStatus.Builder b, VaultState said, Evidence e) {
        List<StatusHistoryEntry> history = new ArrayList<>(b.getHistory());
        for (StatusHistoryEntry h : history) {
            if (h.getState().equals(said.name()) && h.getSource().equals(e.source().name())
                    && Objects.equals(h.getResultCode(), e.resultCode())) {
                return;
            }
        }
        StatusHistoryEntry entry = StatusHistoryEntry.newBuilder()
                .setState(said.name())
                .setSource(e.source().name())
                .setAt(e.at())
                .setResultCode(e.resultCode())
                .build();
        // ordered by event time (stable for ties) so that "newest last" holds for late arrivals too
        int i = history.size();
        while (i > 0 && history.get(i - 1).getAt().isAfter(e.at())) {
            i--;
        }
        history.add(i, entry);
        if (history.size() > historyLimit) {
            List<StatusHistoryEntry> bounded = new ArrayList<>(historyLimit);
            bounded.add(history.get(0));
            bounded.addAll(history.subList(history.size() - (historyLimit - 1), history.size()));
            history = bounded;
        }
        b.setHistory(history);
    }

    private static boolean hasResult(Evidence e) {
        return e.resultCode() != null || e.resultStatus() != null || e.resultMessage() != null;
    }

    private static String mergeCommandType(String current, String incoming) {
        if (incoming == null) {
            return current;
        }
        // the original command's type wins over an inquiry's, whichever arrives first
        if (current == null || Evidence.INQUIRE_VAULTING.equals(current)) {
            return incoming;
        }
        return current;
    }

    private static <T> List<T> tail(List<T> list, int limit) {
        return list.size() <= limit ? list : new ArrayList<>(list.subList(list.size() - limit, list.size()));
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }
}
