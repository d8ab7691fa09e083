package io.vaultstream.view;

import static io.vaultstream.view.Events.at;
import static io.vaultstream.view.Events.createSession;
import static io.vaultstream.view.Events.notification;
import static io.vaultstream.view.Events.result;
import static io.vaultstream.view.Events.vaultPaymentMethod;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.InquireVaulting;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.events.VaultStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTopologyTest {

    private static final ViewSerdes SERDES = AvroTestSerde.viewSerdes();
    private static final Duration UNKNOWN_FIRST = Duration.ofMinutes(2);
    private static final Duration INTERVAL = Duration.ofMinutes(4);
    private static final Duration FINAL = Duration.ofHours(1);

    private static final String DLQ = "vault.commands.dlq.v1";

    @TempDir Path stateDir;

    private final MutableClock clock = new MutableClock(at(60));
    private TopologyTestDriver driver;
    private TestInputTopic<String, VaultCommand> commands;
    private TestInputTopic<String, VaultResult> results;
    private TestInputTopic<String, VaultNotification> notifications;
    private TestOutputTopic<String, VaultStatus> statusTopic;
    private TestOutputTopic<String, VaultCommand> commandsOut;

    private ViewTopologyOptions.Builder options = ViewTopologyOptions.builder()
            .reconcileInterval(Duration.ofSeconds(30))
            .firstInquiryAge(VaultState.UNKNOWN, UNKNOWN_FIRST)
            .firstInquiryAge(VaultState.VERIFICATION_REQUIRED, Duration.ofMinutes(10))
            .firstInquiryAge(VaultState.SESSION_CREATED, Duration.ofMinutes(10))
            .initialInquiryInterval(INTERVAL)
            .maxInquiryInterval(Duration.ofMinutes(16))
            .finalAge(FINAL)
            .stalledRequestedAge(Duration.ofMinutes(5));

    @BeforeEach
    void start() {
        startWith(options.build());
    }

    private void startWith(ViewTopologyOptions opts) {
        startWith(opts, StreamsConfig.EXACTLY_ONCE_V2);
    }

    private void startWith(ViewTopologyOptions opts, String guarantee) {
        if (driver != null) {
            driver.close();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.TOPIC_CONFIG, DLQ);
        props.put(DeadLetterDeserializationHandler.SERIALIZER_CONFIG, new AvroTestSerde<>(DeadLetter.class).serializer());
        props.put(DeadLetterDeserializationHandler.CLOCK_CONFIG, clock);
        driver = new TopologyTestDriver(StatusTopology.build(new StreamsBuilder(), opts, SERDES, clock), props,
                clock.instant());
        var str = Serdes.String();
        commands = driver.createInputTopic(opts.commandsTopic(), str.serializer(), SERDES.command().serializer());
        results = driver.createInputTopic(opts.resultsTopic(), str.serializer(), SERDES.result().serializer());
        notifications = driver.createInputTopic(opts.notificationsTopic(), str.serializer(),
                SERDES.notification().serializer());
        statusTopic = driver.createOutputTopic(opts.statusTopic(), str.deserializer(), SERDES.status().deserializer());
        commandsOut = driver.createOutputTopic(opts.commandsTopic(), str.deserializer(),
                SERDES.command().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void pipe(Object event) {
        if (event instanceof VaultCommand c) {
            commands.pipeInput(c.getVaultingRequestId(), c, c.getCreatedAt());
        } else if (event instanceof VaultResult r) {
            results.pipeInput(r.getVaultingRequestId(), r, r.getProducedAt());
        } else if (event instanceof VaultNotification n) {
            notifications.pipeInput(n.getVaultingRequestId(), n, n.getReceivedAt());
        }
    }

    private void advance(Duration d) {
        clock.advance(d);
        driver.advanceWallClockTime(d);
    }

    private KeyValueStore<String, VaultStatus> statusStore() {
        return driver.getKeyValueStore(StatusTopology.STATUS_STORE);
    }

    private List<String> indexKeys() {
        KeyValueStore<String, String> index = driver.getKeyValueStore(StatusTopology.STATE_INDEX_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private StatsSnapshot stats() {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(StatusTopology.STATS_STORE);
        StatsSnapshot s = StatsSnapshot.empty();
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                s = s.plusStoreEntry(kv.key, kv.value);
            }
        }
        return s;
    }

    private List<VaultCommand> inquiriesSent() {
        return commandsOut.readValuesToList().stream()
                .filter(c -> c.getAction() instanceof InquireVaulting && "RECONCILER".equals(c.getOrigin()))
                .toList();
    }

    // ---- ordering and duplicates -----------------------------------------------------------------

    @Test
    void everyStatusChangeIsPublishedAndStored() {
        pipe(vaultPaymentMethod("a", 0));
        pipe(result("a", 3, "VAULTED"));

        List<VaultStatus> published = statusTopic.readValuesToList();
        assertThat(published).extracting(VaultStatus::getState).containsExactly("REQUESTED", "VAULTED");
        assertThat(statusStore().get("a").getState()).isEqualTo("VAULTED");
        assertThat(statusStore().get("a").getFinishedAt()).isEqualTo(at(3));
    }

    @Test
    void notificationBeforeResultEndsVaultedAndTheResultAddsOnlyHistory() {
        pipe(vaultPaymentMethod("a", 0));
        pipe(notification("a", 5, "S"));
        pipe(result("a", 3, "VAULTED"));

        VaultStatus s = statusStore().get("a");
        assertThat(s.getState()).isEqualTo("VAULTED");
        assertThat(s.getFinishedAt()).as("earliest terminal evidence").isEqualTo(at(3));
        assertThat(s.getConflict()).isFalse();
        assertThat(statusTopic.readValuesToList()).extracting(VaultStatus::getState)
                .containsExactly("REQUESTED", "VAULTED", "VAULTED");
    }

    @Test
    void duplicateNotificationPublishesNothing() {
        pipe(createSession("a", 0));
        pipe(result("a", 1, "SESSION_CREATED"));
        pipe(notification("a", 60, "S"));
        statusTopic.readValuesToList();

        pipe(notification("a", 60, "S"));
        pipe(notification("a", 86_460, "S")); // Antom re-sends the same body a day later

        assertThat(statusTopic.isEmpty()).isTrue();
        assertThat(statusStore().get("a").getState()).isEqualTo("VAULTED");
    }

    @Test
    void lateNonTerminalResultAfterTerminalNotificationDoesNotRegress() {
        pipe(vaultPaymentMethod("a", 0));
        pipe(notification("a", 30, "S"));
        pipe(result("a", 2, "VERIFICATION_REQUIRED"));

        VaultStatus s = statusStore().get("a");
        assertThat(s.getState()).isEqualTo("VAULTED");
        assertThat(s.getHistory()).extracting(h -> h.getState() + "/" + h.getSource())
                .contains("VERIFICATION_REQUIRED/RESULT");
        assertThat(indexKeys()).hasSize(1).allMatch(k -> k.startsWith("VAULTED/"));
    }

    @Test
    void conflictingTerminalEvidenceIsFlagged() {
        pipe(vaultPaymentMethod("a", 0));
        pipe(result("a", 2, "VAULTED"));
        pipe(notification("a", 9, "F"));

        VaultStatus s = statusStore().get("a");
        assertThat(s.getState()).isEqualTo("VAULTED");
        assertThat(s.getConflict()).isTrue();
        assertThat(stats().counts().get(VaultState.VAULTED)).isEqualTo(1);
        assertThat(stats().counts().get(VaultState.FAILED)).isZero();
    }

    @Test
    void indexHoldsExactlyOneEntryPerRequestAtItsCurrentPosition() {
        pipe(vaultPaymentMethod("a", 0));
        pipe(vaultPaymentMethod("b", 1));
        pipe(result("a", 2, "VERIFICATION_REQUIRED"));
        pipe(result("b", 3, "UNKNOWN"));
        pipe(notification("a", 9, "S"));

        assertThat(indexKeys()).hasSize(2);
        assertThat(indexKeys().stream().map(StateIndexKey::decode).toList()).containsExactlyInAnyOrder(
                new StateIndexKey(VaultState.VAULTED, at(9), "a"), new StateIndexKey(VaultState.UNKNOWN, at(3), "b"));
    }

    @Test
    void statsCountStatesAndTimeToTerminal() {
        pipe(vaultPaymentMethod("a", 0));
        pipe(vaultPaymentMethod("b", 0));
        pipe(vaultPaymentMethod("c", 0));
        pipe(result("a", 2, "VAULTED"));   // 2 s from request
        pipe(result("b", 40, "FAILED"));   // 40 s
        pipe(result("c", 1, "UNKNOWN"));

        StatsSnapshot stats = stats();
        assertThat(stats.counts()).containsEntry(VaultState.VAULTED, 1L).containsEntry(VaultState.FAILED, 1L)
                .containsEntry(VaultState.UNKNOWN, 1L).containsEntry(VaultState.REQUESTED, 0L);
        assertThat(stats.total()).isEqualTo(3);
        assertThat(stats.timeToTerminalPercentileMs(50)).isEqualTo(2_500L);
        assertThat(stats.timeToTerminalPercentileMs(99)).isEqualTo(60_000L);
    }

    @Test
    void noCardTokenReachesTheStatusTopicOrTheStores() {
        pipe(vaultPaymentMethod("a", 0));
        pipe(result("a", 2, "VAULTED"));
        pipe(notification("a", 4, "S"));

        var serializer = SERDES.status().serializer();
        List<TestRecord<String, VaultStatus>> records = statusTopic.readRecordsToList();
        assertThat(records).isNotEmpty();
        for (TestRecord<String, VaultStatus> r : records) {
            String bytes = new String(serializer.serialize("t", r.value()), StandardCharsets.ISO_8859_1);
            assertThat(bytes).doesNotContain(Events.CARD_TOKEN);
        }
        assertThat(records.get(records.size() - 1).value().getMaskedCardNo()).isEqualTo(Events.MASKED);
        assertThat(statusStore().get("a").toString()).doesNotContain(Events.CARD_TOKEN);
    }

    @Test
    void undecodableInputGoesToTheDeadLetterTopicAndTheViewCarriesOn() {
        // Observed: TopologyTestDriver 4.3.1 under exactly_once_v2 does not show dead-letter records
        // sent from a deserialization handler among its outputs, while at-least-once does. The
        // handler's records do not depend on the guarantee, so this test runs at-least-once; the
        // integration test on a real broker covers exactly_once_v2.
        startWith(options.build(), StreamsConfig.AT_LEAST_ONCE);
        var raw = driver.createInputTopic(options.build().resultsTopic(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        raw.pipeInput("bad-1", new byte[] {0, 0, 0, 0, 7, (byte) 0xff, (byte) 0xfe, 1});
        pipe(vaultPaymentMethod("a", 0));
        pipe(result("a", 3, "VAULTED"));

        var dlq = driver.createOutputTopic(DLQ, Serdes.String().deserializer(),
                new AvroTestSerde<>(DeadLetter.class).deserializer());
        assertThat(driver.producedTopicNames()).contains(DLQ);
        List<TestRecord<String, DeadLetter>> letters = dlq.readRecordsToList();
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0).value();
        assertThat(letter.getKey()).isEqualTo("bad-1");
        assertThat(letter.getSourceTopic()).isEqualTo("vault.results.v1");
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(letter.getFailedAt()).isEqualTo(clock.instant());
        assertThat(letter.getOriginalValue()).as("the view holds no key to encrypt it").isNull();
        assertThat(letters.get(0).headers().lastHeader("dlq.source.topic")).isNotNull();
        assertThat(statusStore().get("a").getState()).isEqualTo("VAULTED");
        assertThat(statusStore().get("bad-1")).isNull();
    }

    @Test
    void noLogLineCarriesCardData() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            pipe(vaultPaymentMethod("a", 0));
            pipe(result("a", 2, "VAULTED"));
            pipe(notification("a", 9, "F"));                 // conflict: logged
            var raw = driver.createInputTopic(options.build().notificationsTopic(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            raw.pipeInput("a", ("{\"cardToken\":\"" + Events.CARD_TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
            pipe(result("b", 60, "UNKNOWN"));
            advance(FINAL.plusMinutes(1));                    // inquiries and a give-up: logged
        } finally {
            root.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("conflicting terminal evidence"))
                .anySatisfy(m -> assertThat(m).contains("reconciler gave up"))
                .anySatisfy(m -> assertThat(m).contains("dead-letter"))
                .allSatisfy(m -> assertThat(m).doesNotContain(Events.CARD_TOKEN).doesNotContain("4111111111111111"));
        assertThat(appender.list).filteredOn(e -> e.getThrowableProxy() != null)
                .allSatisfy(e -> assertThat(e.getThrowableProxy().getMessage() == null ? ""
                        : e.getThrowableProxy().getMessage()).doesNotContain(Events.CARD_TOKEN));
    }

    // ---- reconciler ------------------------------------------------------------------------------

    @Test
    void staleUnknownRequestIsInquiredAtGrowingIntervals() {
        pipe(vaultPaymentMethod("a", 59));
        pipe(result("a", 60, "UNKNOWN"));

        advance(UNKNOWN_FIRST.minusSeconds(30));
        assertThat(inquiriesSent()).as("younger than the first inquiry age").isEmpty();

        advance(Duration.ofSeconds(30));
        List<VaultCommand> first = inquiriesSent();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).getVaultingRequestId()).isEqualTo("a");
        assertThat(first.get(0).getCreatedAt()).isEqualTo(clock.instant());
        assertThat(first.get(0).getTraceparent()).isNotNull();
        assertThat(statusStore().get("a").getInquiries()).isEqualTo(1);
        assertThat(statusStore().get("a").getState()).isEqualTo("UNKNOWN");

        advance(INTERVAL.minusSeconds(30));
        assertThat(inquiriesSent()).as("before the first interval").isEmpty();
        advance(Duration.ofSeconds(30));
        assertThat(inquiriesSent()).as("after the first interval").hasSize(1);

        advance(INTERVAL); // the interval has doubled to 8 minutes
        assertThat(inquiriesSent()).isEmpty();
        advance(INTERVAL);
        assertThat(inquiriesSent()).hasSize(1);
        assertThat(statusStore().get("a").getInquiries()).isEqualTo(3);
    }

    @Test
    void requestAntomNeverAnswersEndsInReconcileTimeout() {
        pipe(createSession("a", 59));
        pipe(result("a", 60, "SESSION_CREATED"));
        statusTopic.readValuesToList();

        for (int i = 0; i < 130; i++) { // 65 minutes in 30 s punctuations
            advance(Duration.ofSeconds(30));
        }

        VaultStatus s = statusStore().get("a");
        assertThat(s.getState()).isEqualTo("FAILED");
        assertThat(s.getResultCode()).isEqualTo(Evidence.RECONCILE_TIMEOUT);
        assertThat(s.getHistory().get(s.getHistory().size() - 1).getSource()).isEqualTo("RECONCILER");
        assertThat(statusTopic.readValuesToList()).last()
                .satisfies(last -> assertThat(last.getResultCode()).isEqualTo(Evidence.RECONCILE_TIMEOUT));
        int inquiries = inquiriesSent().size();
        assertThat(inquiries).isBetween(2, 6);

        advance(Duration.ofHours(2));
        assertThat(inquiriesSent()).as("nothing more after giving up").isEmpty();

        // Antom's late notification does not undo the verdict, but is flagged
        pipe(notification("a", 4_000, "S"));
        assertThat(statusStore().get("a").getConflict()).isTrue();
        assertThat(statusStore().get("a").getState()).isEqualTo("FAILED");
    }

    @Test
    void reconcilerActionsPerPunctuationAreRateLimited() {
        startWith(options.maxActionsPerPunctuation(2).build());
        for (String id : List.of("a", "b", "c", "d", "e")) {
            pipe(result(id, 60, "UNKNOWN"));
        }

        advance(UNKNOWN_FIRST);
        assertThat(inquiriesSent()).hasSize(2);
        advance(Duration.ofSeconds(30));
        assertThat(inquiriesSent()).hasSize(2);
        advance(Duration.ofSeconds(30));
        assertThat(inquiriesSent()).hasSize(1);
    }

    @Test
    void disabledReconcilerNeitherInquiresNorGivesUpButStillCountsStalled() {
        startWith(options.reconcilerEnabled(false).build());
        pipe(result("a", 60, "UNKNOWN"));
        pipe(vaultPaymentMethod("b", 60));

        advance(FINAL.plusMinutes(5));

        assertThat(inquiriesSent()).isEmpty();
        assertThat(statusStore().get("a").getState()).isEqualTo("UNKNOWN");
        assertThat(stats().stalledRequested()).isEqualTo(1);
    }

    @Test
    void oldestRequestsAreInquiredFirst() {
        startWith(options.maxActionsPerPunctuation(1).build());
        pipe(result("new", 50, "UNKNOWN"));
        pipe(result("old", 10, "UNKNOWN"));

        advance(UNKNOWN_FIRST);
        assertThat(inquiriesSent()).extracting(VaultCommand::getVaultingRequestId).containsExactly("old");
    }

    @Test
    void requestedRequestsAreCountedAsStalledNotInquired() {
        pipe(vaultPaymentMethod("a", 60));
        pipe(vaultPaymentMethod("b", 60));
        pipe(result("b", 61, "VERIFICATION_REQUIRED"));

        advance(Duration.ofMinutes(6));

        assertThat(inquiriesSent()).isEmpty();
        assertThat(stats().stalledRequested()).isEqualTo(1);

        pipe(result("a", 500, "VAULTED"));
        advance(Duration.ofSeconds(30));
        assertThat(stats().stalledRequested()).isZero();
    }

    @Test
    void reconcilerInquiryEchoedBackOnTheCommandsTopicChangesNothing() {
        pipe(result("a", 60, "UNKNOWN"));
        advance(UNKNOWN_FIRST);
        VaultStatus afterInquiry = statusStore().get("a");
        statusTopic.readValuesToList();
        List<VaultCommand> sent = inquiriesSent();
        assertThat(sent).hasSize(1);

        pipe(sent.get(0));

        assertThat(statusStore().get("a")).isEqualTo(afterInquiry);
        assertThat(statusTopic.isEmpty()).isTrue();
    }
}
