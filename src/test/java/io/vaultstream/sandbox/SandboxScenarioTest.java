package io.vaultstream.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.RequestValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SandboxScenarioTest {

    @Test
    void everyScenarioCardNumberPassesLuhnAndSelectsItsScenario() {
        for (SandboxScenario s : SandboxScenario.values()) {
            if (s.action() == AntomAction.VAULT_PAYMENT_METHOD) {
                assertThat(RequestValidator.luhn(s.cardNo())).as(s.name()).isTrue();
                assertThat(SandboxScenario.forCard(s.cardNo())).isEqualTo(s);
            } else {
                assertThat(SandboxScenario.forSession(s.vaultingRequestId("abc"))).isEqualTo(s);
            }
        }
        assertThat(Arrays.stream(SandboxScenario.values()).map(SandboxScenario::cardNo).filter(c -> c != null).distinct().count())
                .isEqualTo(Arrays.stream(SandboxScenario.values()).filter(s -> s.cardNo() != null).count());
        assertThat(SandboxScenario.forCard("4111111111111111")).isEqualTo(SandboxScenario.VAULTED_AT_ONCE);
    }

    @Test
    void everySampleRequestIsValidAndSelectsItsScenario() {
        for (SandboxScenario s : SandboxScenario.values()) {
            Object request = s.sampleRequest("u-1", "https://merchant.example/n", "https://merchant.example/r");
            assertThat(RequestValidator.validate(request)).as(s.name()).isEmpty();
            if (request instanceof io.vaultstream.antom.VaultPaymentMethodRequest v) {
                assertThat(SandboxScenario.forCard(v.paymentMethodDetail().card().cardNo())).isEqualTo(s);
            } else {
                assertThat(SandboxScenario.forSession(((io.vaultstream.antom.CreateVaultingSessionRequest) request).vaultingRequestId())).isEqualTo(s);
            }
        }
    }

    @Test
    void everyScenarioEndsVaultedOrFailedWithACode() {
        for (SandboxScenario s : SandboxScenario.values()) {
            assertThat(s.expectedState()).isIn("VAULTED", "FAILED");
            assertThat(s.expectedResultCode()).isNotBlank();
            if (s.expectedState().equals("FAILED")) {
                assertThat(s.vaultingResultCode()).as(s.name()).isNotBlank();
            }
        }
        assertThat(SandboxScenario.byName("three_ds_then_fail")).contains(SandboxScenario.THREE_DS_THEN_FAIL);
    }

    @Test
    void scenarioDocumentListsEveryScenario() throws IOException {
        String doc = Files.readString(Path.of("docs/sandbox-scenarios.md"));
        for (SandboxScenario s : SandboxScenario.values()) {
            assertThat(doc).as(s.name()).contains("`" + s.name() + "`");
            if (s.cardNo() != null) {
                assertThat(doc).contains(s.cardNo());
            }
        }
    }

    @Test
    void notificationScheduleIsAntomsScaled() {
        var options = SandboxOptions.builder().clientId("c").merchantPublicKeys(io.vaultstream.antom.TestKeys.merchantPublic())
                .antomPrivateKey(io.vaultstream.antom.TestKeys.antomPrivate()).notificationScheduleScale(0.01).build();
        assertThat(options.notificationSchedule()).containsExactly(Duration.ZERO, Duration.ofMillis(1200), Duration.ofSeconds(6),
                Duration.ofSeconds(6), Duration.ofSeconds(36), Duration.ofSeconds(72), Duration.ofSeconds(216), Duration.ofSeconds(540));
    }
}
