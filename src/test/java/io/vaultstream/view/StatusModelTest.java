package io.vaultstream.view;

import static io.vaultstream.view.Events.at;
import static io.vaultstream.view.Events.createSession;
import static io.vaultstream.view.Events.inquire;
import static io.vaultstream.view.Events.notification;
import static io.vaultstream.view.Events.result;
import static io.vaultstream.view.Events.vaultPaymentMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultstream.events.StatusHistoryEntry;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.events.VaultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusModelTest {

    private static final String ID = "req-1";
    private final StatusModel model = new StatusModel();

    private static Evidence ev(Object event) {
        if (event instanceof VaultCommand c) {
            return Evidence.of(c);
        }
        if (event instanceof VaultResult r) {
            return Evidence.of(r);
        }
        if (event instanceof VaultNotification n) {
            return Evidence.of(n);
        }
        if (event instanceof Evidence e) {
            return e;
        }
        throw new IllegalArgumentException(String.valueOf(event));
    }

    private VaultStatus fold(List<?> events) {
        VaultStatus s = null;
        for (Object event : events) {
            s = model.apply(s, ev(event));
        }
        return s;
    }

    private VaultStatus fold(Object... events) {
        return fold(List.of(events));
    }

    private static List<String> history(VaultStatus s) {
        return s.getHistory().stream().map(h -> h.getState() + "/" + h.getSource()).toList();
    }

    // ---- single orderings, table-driven --------------------------------------------------------

    static Stream<Arguments> orderings() {
        return Stream.of(
                Arguments.of("command alone", List.of(vaultPaymentMethod(ID, 0)), "REQUESTED", false),
                Arguments.of("command then vaulted result",
                        List.of(vaultPaymentMethod(ID, 0), result(ID, 2, "VAULTED")), "VAULTED", false),
                Arguments.of("notification before result",
                        List.of(vaultPaymentMethod(ID, 0), notification(ID, 5, "S"), result(ID, 2, "VAULTED")),
                        "VAULTED", false),
                Arguments.of("result before command",
                        List.of(result(ID, 2, "SESSION_CREATED"), createSession(ID, 0)), "SESSION_CREATED", false),
                Arguments.of("late non-terminal result after terminal notification",
                        List.of(vaultPaymentMethod(ID, 0), notification(ID, 30, "S"),
                                result(ID, 3, "VERIFICATION_REQUIRED")),
                        "VAULTED", false),
                Arguments.of("failed notification after verification required",
                        List.of(vaultPaymentMethod(ID, 0), result(ID, 3, "VERIFICATION_REQUIRED"),
                                notification(ID, 30, "F")),
                        "FAILED", false),
                Arguments.of("conflicting terminal notification",
                        List.of(vaultPaymentMethod(ID, 0), result(ID, 2, "VAULTED"), notification(ID, 9, "F")),
                        "VAULTED", true),
                Arguments.of("rejected then vaulted is a conflict",
                        List.of(result(ID, 1, "REJECTED"), result(ID, 2, "VAULTED")), "REJECTED", true),
                Arguments.of("processing on requested means unknown",
                        List.of(vaultPaymentMethod(ID, 0), result(ID, 2, "PROCESSING")), "UNKNOWN", false),
                Arguments.of("processing alone means unknown", List.of(result(ID, 2, "PROCESSING")), "UNKNOWN", false),
                Arguments.of("processing after verification required keeps it",
                        List.of(result(ID, 2, "VERIFICATION_REQUIRED"),
                                result(ID, 9, "PROCESSING", Evidence.INQUIRE_VAULTING)),
                        "VERIFICATION_REQUIRED", false),
                Arguments.of("unknown outcome name is treated as still open",
                        List.of(vaultPaymentMethod(ID, 0), result(ID, 2, "SOMETHING_NEW")), "UNKNOWN", false),
                Arguments.of("inquiry command does not reset an answered state",
                        List.of(result(ID, 2, "UNKNOWN"), inquire(ID, 60)), "UNKNOWN", false),
                Arguments.of("inquiry command does not reset a terminal state",
                        List.of(result(ID, 2, "VAULTED"), inquire(ID, 60)), "VAULTED", false),
                Arguments.of("inquiry result decides an unknown request",
                        List.of(vaultPaymentMethod(ID, 0), result(ID, 2, "UNKNOWN"),
                                result(ID, 60, "FAILED", Evidence.INQUIRE_VAULTING)),
                        "FAILED", false),
                Arguments.of("inquiry that reaches no verdict keeps verification required",
                        List.of(result(ID, 2, "VERIFICATION_REQUIRED"),
                                result(ID, 60, "UNKNOWN", Evidence.INQUIRE_VAULTING)),
                        "VERIFICATION_REQUIRED", false),
                Arguments.of("older open answer does not undo a newer one",
                        List.of(result(ID, 5, "VERIFICATION_REQUIRED"), result(ID, 2, "UNKNOWN")),
                        "VERIFICATION_REQUIRED", false),
                Arguments.of("newer open answer replaces an older one",
                        List.of(result(ID, 2, "UNKNOWN"), result(ID, 5, "VERIFICATION_REQUIRED")),
                        "VERIFICATION_REQUIRED", false),
                Arguments.of("reconciler gives up",
                        List.of(result(ID, 2, "SESSION_CREATED"), Evidence.reconcileTimeout(ID, at(7200))),
                        "FAILED", false),
                Arguments.of("answer after the reconciler gave up is flagged",
                        List.of(result(ID, 2, "SESSION_CREATED"), Evidence.reconcileTimeout(ID, at(7200)),
                                notification(ID, 7300, "S")),
                        "FAILED", true),
                Arguments.of("reconciler give-up on a terminal request that agrees changes nothing visible",
                        List.of(result(ID, 2, "FAILED"), Evidence.reconcileTimeout(ID, at(7200))), "FAILED", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orderings")
    void stateFollowsTheStatusModel(String name, List<?> events, String state, boolean conflict) {
        VaultStatus s = fold(events);

        assertThat(s.getState()).isEqualTo(state);
        assertThat(s.getConflict()).isEqualTo(conflict);
        assertThat(s.getVaultingRequestId()).isEqualTo(ID);
        assertThat(s.getHistory()).extracting(StatusHistoryEntry::getAt).isSorted();
        assertThat(s.toString()).doesNotContain(Events.CARD_TOKEN).doesNotContain("4111111111111111");
    }

    // ---- permutations ---------------------------------------------------------------------------

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("vaultPaymentMethod frictionless", "VAULTED", List.of(vaultPaymentMethod(ID, 0),
                        result(ID, 3, "VAULTED"), notification(ID, 5, "S"), notification(ID, 86_400, "S"))),
                Arguments.of("session then buyer vaults", "VAULTED", List.of(createSession(ID, 0),
                        result(ID, 1, "SESSION_CREATED", Evidence.CREATE_VAULTING_SESSION), notification(ID, 60, "S"), notification(ID, 3_600, "S"))),
                Arguments.of("3DS then decline", "FAILED", List.of(vaultPaymentMethod(ID, 0),
                        result(ID, 1, "VERIFICATION_REQUIRED"), notification(ID, 30, "F"),
                        notification(ID, 90, "F"))),
                Arguments.of("processing then notification", "VAULTED", List.of(vaultPaymentMethod(ID, 0),
                        result(ID, 2, "PROCESSING"), notification(ID, 40, "S"), notification(ID, 7_200, "S"))),
                Arguments.of("unknown resolved by inquiry", "VAULTED", List.of(vaultPaymentMethod(ID, 0),
                        result(ID, 5, "UNKNOWN"), result(ID, 60, "VAULTED", Evidence.INQUIRE_VAULTING),
                        notification(ID, 70, "S"), notification(ID, 86_470, "S"))),
                Arguments.of("rejected command", "REJECTED", List.of(vaultPaymentMethod(ID, 0),
                        result(ID, 1, "REJECTED"))));
    }

    /**
     * Every permutation gives the same state and the same order-free facts; permutations Kafka can
     * actually produce (events of one topic keep their relative order, since one key lives on one
     * partition) give the very same timestamps too, even though a re-sent notification arrives a day late.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void finalStatusIsTheSameWhateverTheArrivalOrder(String name, String state, List<Object> events) {
        Set<String> facts = new HashSet<>();
        Set<String> timestamps = new HashSet<>();
        for (List<Object> order : permutations(events)) {
            VaultStatus s = fold(order);
            assertThat(s.getState()).as("state after %s", order).isEqualTo(state);
            assertThat(s.getConflict()).as("conflict after %s", order).isFalse();
            assertThat(s.getHistory()).extracting(StatusHistoryEntry::getAt).isSorted();
            facts.add(String.join("|", s.getState(), s.getResultCode(), String.valueOf(s.getRequestedAt()),
                    String.valueOf(s.getFirstAnswerAt()), String.valueOf(s.getMaskedCardNo()),
                    String.valueOf(s.getCardBrand()), String.valueOf(s.getCommandType())));
            if (keepsTopicOrder(events, order)) {
                timestamps.add(s.getFinishedAt() + "|" + s.getUpdatedAt());
            }
        }
        assertThat(facts).as("distinct final facts over all orders").hasSize(1);
        assertThat(timestamps).as("distinct final timestamps over Kafka-possible orders").hasSize(1);
    }

    private static boolean keepsTopicOrder(List<Object> original, List<Object> order) {
        for (Class<?> topic : List.of(VaultCommand.class, VaultResult.class, VaultNotification.class)) {
            if (!original.stream().filter(topic::isInstance).toList()
                    .equals(order.stream().filter(topic::isInstance).toList())) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> p = new ArrayList<>();
                p.add(head);
                p.addAll(tail);
                all.add(p);
            }
        }
        return all;
    }

    // ---- specific invariants --------------------------------------------------------------------

    @Test
    void duplicateNotificationChangesNothing() {
        VaultStatus s = fold(vaultPaymentMethod(ID, 0), notification(ID, 5, "S"));

        assertThat(model.apply(s, ev(notification(ID, 86_405, "S")))).isSameAs(s);
    }

    @Test
    void sameStateDuplicateResultAddsNothing() {
        VaultStatus s = fold(vaultPaymentMethod(ID, 0), result(ID, 3, "VAULTED"));

        assertThat(model.apply(s, ev(result(ID, 3, "VAULTED")))).isSameAs(s);
        assertThat(model.apply(s, ev(vaultPaymentMethod(ID, 0)))).isSameAs(s);
    }

    @Test
    void conflictingTerminalEvidenceIsKeptInHistoryWithoutChangingState() {
        VaultStatus s = fold(vaultPaymentMethod(ID, 0), result(ID, 2, "VAULTED"), notification(ID, 9, "F"));

        assertThat(s.getState()).isEqualTo("VAULTED");
        assertThat(s.getResultCode()).isEqualTo("SUCCESS");
        assertThat(s.getFinishedAt()).isEqualTo(at(2));
        assertThat(s.getUpdatedAt()).isEqualTo(at(9));
        assertThat(history(s)).containsExactly("REQUESTED/COMMAND", "VAULTED/RESULT", "FAILED/NOTIFICATION");
    }

    @Test
    void timestampsComeFromTheEvents() {
        VaultStatus s = fold(notification(ID, 50, "S"), result(ID, 10, "VERIFICATION_REQUIRED"),
                vaultPaymentMethod(ID, 0));

        assertThat(s.getRequestedAt()).isEqualTo(at(0));
        assertThat(s.getFirstAnswerAt()).isEqualTo(at(10));
        assertThat(s.getFinishedAt()).isEqualTo(at(50));
        assertThat(s.getUpdatedAt()).isEqualTo(at(50));
        assertThat(s.getCommandType()).isEqualTo(Evidence.VAULT_PAYMENT_METHOD);
        assertThat(s.getNormalUrl()).isNull();
        assertThat(history(s)).containsExactly(
                "REQUESTED/COMMAND", "VERIFICATION_REQUIRED/RESULT", "VAULTED/NOTIFICATION");
    }

    @Test
    void verificationUrlsAndCardDetailsAreKeptButNeverTheToken() {
        VaultStatus s = fold(vaultPaymentMethod(ID, 0), result(ID, 1, "VERIFICATION_REQUIRED"),
                notification(ID, 30, "S"));

        assertThat(s.getNormalUrl()).isEqualTo("https://3ds.example/n");
        assertThat(s.getMaskedCardNo()).isEqualTo(Events.MASKED);
        assertThat(s.getCardBrand()).isEqualTo("VISA");
        assertThat(s.toString()).doesNotContain(Events.CARD_TOKEN);
    }

    @Test
    void historyOnlyEvidenceDoesNotMoveUpdatedAt() {
        VaultStatus s = fold(vaultPaymentMethod(ID, 0), result(ID, 2, "VERIFICATION_REQUIRED"));
        VaultStatus after = model.apply(s, ev(result(ID, 600, "PROCESSING", Evidence.INQUIRE_VAULTING)));

        assertThat(after.getState()).isEqualTo("VERIFICATION_REQUIRED");
        assertThat(after.getUpdatedAt()).isEqualTo(at(2));
        assertThat(history(after)).endsWith("VERIFICATION_REQUIRED/INQUIRY");
        // a second PROCESSING answer is a repeated fact
        assertThat(model.apply(after, ev(result(ID, 1200, "PROCESSING", Evidence.INQUIRE_VAULTING))))
                .isSameAs(after);
    }

    @Test
    void inquiryResultsAreRecordedWithSourceInquiry() {
        VaultStatus s = fold(vaultPaymentMethod(ID, 0), result(ID, 2, "UNKNOWN"),
                result(ID, 60, "VAULTED", Evidence.INQUIRE_VAULTING));

        assertThat(history(s)).containsExactly("REQUESTED/COMMAND", "UNKNOWN/RESULT", "VAULTED/INQUIRY");
        assertThat(s.getCommandType()).isEqualTo(Evidence.VAULT_PAYMENT_METHOD);
    }

    @Test
    void inquiryCommandForAnUnseenIdCreatesARequestedStatusThatTheOriginalCommandCompletes() {
        VaultStatus s = fold(inquire(ID, 10));
        assertThat(s.getState()).isEqualTo("REQUESTED");
        assertThat(s.getCommandType()).isEqualTo(Evidence.INQUIRE_VAULTING);
        assertThat(s.getRequestedAt()).isNull();

        VaultStatus later = model.apply(s, ev(vaultPaymentMethod(ID, 0)));
        assertThat(later.getCommandType()).isEqualTo(Evidence.VAULT_PAYMENT_METHOD);
        assertThat(later.getRequestedAt()).isEqualTo(at(0));
    }

    @Test
    void reconcilerTimeoutFailsWithItsCode() {
        VaultStatus s = fold(result(ID, 2, "SESSION_CREATED"), Evidence.reconcileTimeout(ID, at(7200)));

        assertThat(s.getState()).isEqualTo("FAILED");
        assertThat(s.getResultCode()).isEqualTo(Evidence.RECONCILE_TIMEOUT);
        assertThat(s.getFinishedAt()).isEqualTo(at(7200));
        assertThat(s.getFirstAnswerAt()).isEqualTo(at(2));
        assertThat(history(s)).endsWith("FAILED/RECONCILER");
    }

    @Test
    void recordInquiryCountsWithoutAgeingTheStatus() {
        VaultStatus s = fold(result(ID, 2, "UNKNOWN"));
        VaultStatus asked = model.recordInquiry(model.recordInquiry(s, at(100)), at(300));

        assertThat(asked.getInquiries()).isEqualTo(2);
        assertThat(asked.getLastInquiryAt()).isEqualTo(at(300));
        assertThat(asked.getUpdatedAt()).isEqualTo(s.getUpdatedAt());
        assertThat(s.getInquiries()).as("input not mutated").isZero();
    }

    @Test
    void historyIsBoundedKeepingTheFirstAndTheNewestEntries() {
        StatusModel small = new StatusModel(4, 2);
        VaultStatus s = small.apply(null, ev(vaultPaymentMethod(ID, 0)));
        List<Instant> ats = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            // distinct result codes make distinct facts
            VaultResult r = result(ID, i, "PROCESSING");
            r.setResultCode("P" + i);
            s = small.apply(s, ev(r));
            ats.add(at(i));
        }

        assertThat(s.getHistory()).hasSize(4);
        assertThat(s.getHistory().get(0).getSource()).isEqualTo("COMMAND");
        assertThat(s.getHistory()).extracting(StatusHistoryEntry::getAt).containsExactly(at(0), at(4), at(5), at(6));
    }

    @Test
    void seenNotificationIdsAreBounded() {
        StatusModel small = new StatusModel(4, 2);
        VaultStatus s = small.apply(null, ev(result(ID, 1, "SESSION_CREATED")));
        for (int i = 0; i < 5; i++) {
            s = small.apply(s, ev(notification(ID, 10 + i, "S", "n" + i)));
        }

        assertThat(s.getSeenNotificationIds()).containsExactly("n3", "n4");
        assertThat(small.apply(s, ev(notification(ID, 99, "S", "n4")))).isSameAs(s);
    }

    @Test
    void evidenceForAnotherRequestIsRefused() {
        VaultStatus s = fold(vaultPaymentMethod(ID, 0));

        assertThatThrownBy(() -> model.apply(s, ev(result("other", 1, "VAULTED"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vaultingRequestId");
    }
}
