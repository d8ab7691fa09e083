package io.vaultstream.cli;

import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.processor.Commands;
import io.vaultstream.sandbox.SandboxScenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Test commands for the sandbox's scenarios, as {@code send --count} and {@code dev --demo} produce them. */
final class ScenarioCommands {

    /** One generated command and the scenario that decides its outcome. */
    record Generated(SandboxScenario scenario, VaultCommand command) {}

    private ScenarioCommands() {}

    /**
     * {@code count} commands cycling through {@code scenarios}; vaultPaymentMethod card fields are
     * encrypted with the keyring's primary key ({@code cipher} is asked for only when a card is needed).
     */
    static List<Generated> generate(int count, List<SandboxScenario> scenarios, String redirectUrl, String origin,
            Supplier<CardCipher> cipher) {
        CardCipher c = null;
        List<Generated> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SandboxScenario s = scenarios.get(i % scenarios.size());
            String id = s.vaultingRequestId("vs-" + UUID.randomUUID());
            if (s.cardNo() != null) {
                if (c == null) {
                    c = cipher.get();
                }
                Card card = Card.of(s.cardNo(), null, new CardholderName("Test", null, "Buyer", null), "30", "12", "123",
                        new BillingAddress("US", null, null, null, null, null));
                VaultPaymentMethodRequest r = new VaultPaymentMethodRequest(id, null, redirectUrl, "US", PaymentMethodDetail.card(card),
                        Env.web("203.0.113.10", "vaultstream-" + origin.toLowerCase(java.util.Locale.ROOT)), null, null);
                out.add(new Generated(s, Commands.vault(r, c, origin, null, Instant.now())));
            } else {
                out.add(new Generated(s, Commands.session(
                        new CreateVaultingSessionRequest(PaymentMethodDetail.CARD, id, null, redirectUrl, "US", null),
                        origin, null, Instant.now())));
            }
        }
        return out;
    }
}
