package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.InquireVaultingRequest;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardDecryptionException;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultPaymentMethod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class CommandsTest {

    static final CardCipher CIPHER = new CardCipher(CardKeyring.parse("{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\""
            + Base64.getEncoder().encodeToString(new byte[32]) + "\"}]}", "test"));

    static byte[] avro(VaultCommand c) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        DatumWriter<VaultCommand> w = new SpecificDatumWriter<>(VaultCommand.class);
        var enc = EncoderFactory.get().binaryEncoder(out, null);
        w.write(c, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void cardTravelsSealedAndOpensIntoTheSameRequestWithTheNotificationUrlFilled() throws Exception {
        VaultPaymentMethodRequest request = ProcessorFixture.vaultRequest("req-1", "4242424242424242");
        VaultCommand command = Commands.vault(request, CIPHER, "UPSTREAM", "tp", Instant.EPOCH);
        // the command id is a random UUID, whose hex digits may spell the CVV by chance: it is taken out first
        String wire = new String(avro(command), StandardCharsets.ISO_8859_1).replace(command.getCommandId(), "");
        assertThat(wire).doesNotContain("4242424242424242").doesNotContain("737").doesNotContain("Evergreen").doesNotContain("Lovelace");
        assertThat(command.toString()).doesNotContain("4242424242424242");
        assertThat(((VaultPaymentMethod) command.getAction()).getCard().getBrand()).isEqualTo("VISA");

        Object rebuilt = Commands.toRequest(command, CIPHER, "https://hooks.example/antom");
        assertThat(rebuilt).isEqualTo(request.withVaultingNotificationUrl("https://hooks.example/antom"));
        assertThat(Commands.commandType(command)).isEqualTo(Commands.VAULT_PAYMENT_METHOD);
    }

    @Test
    void sealedCardCannotBeMovedToAnotherRequestId() {
        VaultCommand command = Commands.vault(ProcessorFixture.vaultRequest("req-1", "4242424242424242"), CIPHER, "UPSTREAM", null,
                Instant.EPOCH);
        command.setVaultingRequestId("req-2");
        assertThatThrownBy(() -> Commands.toRequest(command, CIPHER, null)).isInstanceOf(CardDecryptionException.class)
                .hasMessageNotContaining("4242");
    }

    @Test
    void sessionAndInquiryCommandsCarryNoCardAndMapToTheirRequests() throws Exception {
        VaultCommand session = Commands.session(new CreateVaultingSessionRequest("CARD", "s-1", null, null, "US", true), "CLI", null,
                Instant.EPOCH);
        assertThat(Commands.toRequest(session, CIPHER, "https://hooks.example/antom"))
                .isEqualTo(new CreateVaultingSessionRequest("CARD", "s-1", "https://hooks.example/antom", null, "US", true));
        VaultCommand inquiry = Commands.inquire("i-1", "acct", "RECONCILER", null, Instant.EPOCH);
        assertThat(Commands.toRequest(inquiry, CIPHER, null)).isEqualTo(new InquireVaultingRequest("i-1", "acct"));
        assertThat(Commands.inquiryFor(inquiry)).isEqualTo(new InquireVaultingRequest("i-1", "acct"));
        assertThat(inquiry.getOrigin()).isEqualTo("RECONCILER");
    }
}
