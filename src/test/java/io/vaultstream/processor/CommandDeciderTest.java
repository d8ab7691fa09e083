package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.antom.AntomOutcome;
import io.vaultstream.processor.Decision.Finish;
import io.vaultstream.processor.Decision.Halt;
import io.vaultstream.processor.Decision.Phase;
import io.vaultstream.processor.Decision.Retry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandDeciderTest {

    static final ProcessorOptions OPTIONS = ProcessorOptions.builder().maxAttempts(5).maxRetryTime(Duration.ofSeconds(10)).build();
    static final AntomOutcome UNKNOWN = new AntomOutcome.Unknown("timeout", 0, null, null, null);
    static final AntomOutcome VAULTED = new AntomOutcome.Vaulted("tok", "****4242", "VISA", "SUCCESS", "S", "success");
    static final AntomOutcome NOT_FOUND = new AntomOutcome.NotFound("VAULTING_NOT_EXIST", "F", "no");
    static final AntomOutcome PROCESSING = new AntomOutcome.Processing(null, null, null, "SUCCESS", "S", "ok");
    static final AntomOutcome PROCESSING_3DS = new AntomOutcome.Processing("https://3ds", null, null, "SUCCESS", "S", "ok");
    static final AntomOutcome MISCONFIGURED = new AntomOutcome.Misconfigured("INVALID_SIGNATURE", "F", "bad", false);
    static final AntomOutcome LIMITED = new AntomOutcome.RateLimited("REQUEST_TRAFFIC_EXCEED_LIMIT", "U", "slow down");

    static Decision vault(Phase phase, AntomOutcome o) {
        return CommandDecider.decide(Commands.VAULT_PAYMENT_METHOD, phase, o, 1, 0, OPTIONS);
    }

    @Test
    void unknownVaultOutcomeIsResolvedByInquiry() {
        assertThat(vault(Phase.CALL, UNKNOWN)).isEqualTo(new Retry(Phase.INQUIRY, "timeout", false));
        assertThat(vault(Phase.INQUIRY, VAULTED)).isInstanceOf(Finish.class).extracting(d -> ((Finish) d).outcome()).isEqualTo("VAULTED");
        assertThat(vault(Phase.INQUIRY, UNKNOWN)).isInstanceOf(Retry.class).extracting(d -> ((Retry) d).next()).isEqualTo(Phase.INQUIRY);
    }

    @Test
    void inquiryThatDoesNotKnowTheRequestRepeatsTheOriginalCall() {
        assertThat(vault(Phase.INQUIRY, NOT_FOUND)).isInstanceOf(Retry.class).extracting(d -> ((Retry) d).next()).isEqualTo(Phase.CALL);
    }

    @Test
    void processingWithVerificationUrlsMeansVerificationRequiredWithoutThemKeepAsking() {
        assertThat(((Finish) vault(Phase.INQUIRY, PROCESSING_3DS)).outcome()).isEqualTo("VERIFICATION_REQUIRED");
        assertThat(vault(Phase.INQUIRY, PROCESSING)).isInstanceOf(Retry.class);
    }

    @Test
    void sessionUnknownRepeatsTheSameCall() {
        Decision d = CommandDecider.decide(Commands.CREATE_VAULTING_SESSION, Phase.CALL, UNKNOWN, 1, 0, OPTIONS);
        assertThat(d).isEqualTo(new Retry(Phase.CALL, "timeout", false));
    }

    @Test
    void inquiryCommandOutcomes() {
        assertThat(((Finish) CommandDecider.decide(Commands.INQUIRE_VAULTING, Phase.INQUIRY, NOT_FOUND, 1, 0, OPTIONS)))
                .isEqualTo(new Finish("FAILED", "VAULTING_NOT_EXIST", "F", "no"));
        assertThat(((Finish) CommandDecider.decide(Commands.INQUIRE_VAULTING, Phase.INQUIRY, PROCESSING, 1, 0, OPTIONS)).outcome())
                .isEqualTo("PROCESSING");
    }

    @Test
    void misconfigurationHaltsInsteadOfFinishing() {
        assertThat(vault(Phase.CALL, MISCONFIGURED)).isEqualTo(new Halt("INVALID_SIGNATURE", "bad"));
    }

    @Test
    void trafficLimitRetriesTheSameCallAndSlowsDown() {
        assertThat(vault(Phase.CALL, LIMITED)).isEqualTo(new Retry(Phase.CALL, "traffic limit", true));
    }

    @Test
    void exhaustedBudgetEndsUnknown() {
        Decision byAttempts = CommandDecider.decide(Commands.VAULT_PAYMENT_METHOD, Phase.CALL, UNKNOWN, 5, 0, OPTIONS);
        assertThat(byAttempts).isInstanceOf(Finish.class).extracting(d -> ((Finish) d).outcome()).isEqualTo("UNKNOWN");
        Decision byTime = CommandDecider.decide(Commands.VAULT_PAYMENT_METHOD, Phase.INQUIRY, UNKNOWN, 2, 10_000, OPTIONS);
        assertThat(((Finish) byTime).resultMessage()).contains("2 attempts").contains("timeout");
        Finish stillProcessing = (Finish) CommandDecider.decide(Commands.VAULT_PAYMENT_METHOD, Phase.INQUIRY, PROCESSING, 5, 0, OPTIONS);
        assertThat(stillProcessing).isEqualTo(new Finish("UNKNOWN", null, "U", stillProcessing.resultMessage()));
    }
}
