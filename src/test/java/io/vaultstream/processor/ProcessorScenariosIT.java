package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultResult;
import io.vaultstream.sandbox.SandboxScenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProcessorScenariosIT {

    ProcessorFixture fx;
    ListAppender<ILoggingEvent> logs;
    Level engineLevel;

    @BeforeEach
    void setUp() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        // the per-command "command finished" line is DEBUG: capture it, so the card-leak scan covers it too
        engineLevel = ((Logger) LoggerFactory.getLogger(ProcessorEngine.class)).getLevel();
        ((Logger) LoggerFactory.getLogger(ProcessorEngine.class)).setLevel(Level.DEBUG);
        fx = new ProcessorFixture("scenarios");
    }

    @AfterEach
    void tearDown() {
        fx.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger(ProcessorEngine.class)).setLevel(engineLevel);
    }

    static Optional<VaultResult> resultFor(ProcessorFixture.Collected<VaultResult> results, String id) {
        return results.values.stream().filter(r -> r.getVaultingRequestId().equals(id)).findFirst();
    }

    @Test
    void everySandboxScenarioReachesTheRightResultAndNoCardDataLeaks() throws Exception {
        ProcessorFixture.Collected<VaultResult> results = fx.results();
        ProcessorFixture.Collected<DeadLetter> dead = fx.deadLetters();
        ProcessorService processor = fx.startProcessor();
        Map<SandboxScenario, String> ids = new EnumMap<>(SandboxScenario.class);
        List<String> pans = new ArrayList<>();
        for (SandboxScenario s : SandboxScenario.values()) {
            String id = s.vaultingRequestId("it-" + UUID.randomUUID());
            ids.put(s, id);
            if (s.cardNo() != null) {
                pans.add(s.cardNo());
                fx.send(fx.vaultCommand(id, s.cardNo()));
            } else {
                fx.send(Commands.session(new CreateVaultingSessionRequest("CARD", id, null, null, "US", null), "UPSTREAM", null,
                        Instant.now()));
            }
        }
        String invalidId = "it-invalid-" + UUID.randomUUID();
        var invalid = ProcessorFixture.vaultRequest(invalidId, "4242424242424242");
        var badCard = new io.vaultstream.antom.Card("4242424242424242", "VISA", null, "30", "13", "737", null, null, null, null, null, null);
        fx.send(Commands.vault(new io.vaultstream.antom.VaultPaymentMethodRequest(invalidId, null, invalid.redirectUrl(), "US",
                io.vaultstream.antom.PaymentMethodDetail.card(badCard), invalid.env(), null, null), fx.cipher, "UPSTREAM", null, Instant.now()));
        String neverSeen = "it-unknown-" + UUID.randomUUID();
        fx.send(Commands.inquire(neverSeen, null, "CLI", null, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> ids.values().stream().allMatch(id -> resultFor(results, id).isPresent())
                && resultFor(results, invalidId).isPresent() && resultFor(results, neverSeen).isPresent());

        for (SandboxScenario s : SandboxScenario.values()) {
            VaultResult r = resultFor(results, ids.get(s)).orElseThrow();
            assertThat(r.getTraceparent()).as(s.name()).isEqualTo(s.cardNo() != null ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                    : null);
            assertThat(r.getAttempts()).as(s.name()).isEqualTo(1);
            switch (s) {
                case VAULTED_AT_ONCE, SLOW -> {
                    assertThat(r.getOutcome()).as(s.name()).isEqualTo("VAULTED");
                    assertThat(r.getResultCode()).isEqualTo("SUCCESS");
                    assertThat(r.getCardToken()).isNotBlank();
                    assertThat(r.getMaskedCardNo()).endsWith(s.cardNo().substring(12)).startsWith("****");
                    assertThat(r.getCardBrand()).isNotBlank();
                }
                case THREE_DS_THEN_SUCCESS, THREE_DS_THEN_FAIL -> {
                    assertThat(r.getOutcome()).as(s.name()).isEqualTo("VERIFICATION_REQUIRED");
                    assertThat(r.getNormalUrl()).contains("/3ds/");
                }
                case SESSION_COMPLETES, SESSION_FAILS -> {
                    assertThat(r.getOutcome()).as(s.name()).isEqualTo("SESSION_CREATED");
                    assertThat(r.getVaultingSessionData()).isNotBlank();
                    assertThat(r.getVaultingSessionExpiryTime()).isNotBlank();
                    assertThat(r.getCommandType()).isEqualTo("CREATE_VAULTING_SESSION");
                }
                default -> {
                    assertThat(r.getOutcome()).as(s.name()).isEqualTo("FAILED");
                    assertThat(r.getResultCode()).as(s.name()).isEqualTo(s.expectedResultCode());
                }
            }
        }
        VaultResult rejected = resultFor(results, invalidId).orElseThrow();
        assertThat(rejected.getOutcome()).isEqualTo("REJECTED");
        assertThat(rejected.getResultMessage()).contains("paymentMethodDetail.card.expiryMonth").contains("01 to 12");
        assertThat(fx.sandbox.calls().forRequest(invalidId)).as("Antom never called for an invalid command").isEmpty();
        assertThat(resultFor(results, neverSeen).orElseThrow()).satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo("FAILED");
            assertThat(r.getResultCode()).isEqualTo("VAULTING_NOT_EXIST");
            assertThat(r.getCommandType()).isEqualTo("INQUIRE_VAULTING");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> dead.values.stream().anyMatch(d -> invalidId.equals(d.getKey())));

        // an inquiry about a vaulted request reports VAULTED with the token
        String vaulted = ids.get(SandboxScenario.VAULTED_AT_ONCE);
        fx.send(Commands.inquire(vaulted, null, "RECONCILER", null, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> results.values.stream()
                .filter(r -> r.getVaultingRequestId().equals(vaulted)).count() == 2);
        VaultResult inquiry = results.values.stream().filter(r -> r.getVaultingRequestId().equals(vaulted)
                && r.getCommandType().equals("INQUIRE_VAULTING")).findFirst().orElseThrow();
        assertThat(inquiry.getOutcome()).isEqualTo("VAULTED");
        assertThat(inquiry.getCardToken()).isEqualTo(resultFor(results, vaulted).orElseThrow().getCardToken());

        // card leak check: logs, results, dead letters, metrics
        String scrape = processor.registry().scrape();
        List<String> places = new ArrayList<>();
        logs.list.forEach(e -> places.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
        fx.results().close();
        results.records.forEach(r -> places.add(new String(r.value(), StandardCharsets.ISO_8859_1)));
        dead.records.forEach(r -> places.add(new String(r.value(), StandardCharsets.ISO_8859_1)));
        dead.records.forEach(r -> r.headers().forEach(h -> places.add(new String(h.value(), StandardCharsets.UTF_8))));
        places.add(scrape);
        for (String place : places) {
            for (String pan : pans) {
                assertThat(place).doesNotContain(pan);
            }
            assertThat(place).doesNotContain("cvv\":\"737").doesNotContain("Evergreen");
        }
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().startsWith("command finished vaultingRequestId=" + vaulted));
        for (String token : results.values.stream().map(VaultResult::getCardToken).filter(t -> t != null).toList()) {
            assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(token));
            assertThat(scrape).doesNotContain(token);
        }
        assertThat(scrape).contains("vaultstream_processor_outcomes_total").contains("vaultstream_processor_antom_latency_seconds_bucket")
                .contains("vaultstream_processor_partition_unfinished_span");
        assertThat(processor.isReady()).isTrue();
    }
}
