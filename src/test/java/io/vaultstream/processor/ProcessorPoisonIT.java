package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.crypto.SealedBytes;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.EncryptedCard;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultPaymentMethod;
import io.vaultstream.events.VaultResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcessorPoisonIT {

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Test
    void poisonRecordsReachTheDeadLetterTopicWithoutClearCardDataWhileGoodRecordsFlow() throws Exception {
        try (ProcessorFixture fx = new ProcessorFixture("poison")) {
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            ProcessorFixture.Collected<DeadLetter> dead = fx.deadLetters();
            fx.startProcessor();
            String pan = "4242424242424242";
            List<String> good = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                good.add("good-" + i + "-" + UUID.randomUUID());
            }
            fx.send(fx.vaultCommand(good.get(0), pan));
            String garbage = "garbage-" + UUID.randomUUID();
            fx.sendRaw(garbage, ("not avro at all " + pan).getBytes(StandardCharsets.UTF_8));
            fx.send(fx.vaultCommand(good.get(1), pan));
            String unknownSchema = "schema-" + UUID.randomUUID();
            fx.sendRaw(unknownSchema, new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3});
            fx.send(fx.vaultCommand(good.get(2), pan));
            // encrypted with a key this processor's keyring does not have
            String foreignKey = "foreign-" + UUID.randomUUID();
            CardCipher foreign = new CardCipher(CardKeyring.parse("{\"primary\":\"retired\",\"keys\":[{\"id\":\"retired\",\"key\":\""
                    + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}]}", "test"));
            fx.send(Commands.vault(ProcessorFixture.vaultRequest(foreignKey, pan), foreign, "UPSTREAM", null, Instant.now()));
            // ciphertext tampered in transit
            String tampered = "tampered-" + UUID.randomUUID();
            VaultCommand t = fx.vaultCommand(tampered, pan);
            EncryptedCard card = ((VaultPaymentMethod) t.getAction()).getCard();
            byte[] ct = bytes(card.getCiphertext());
            ct[5] ^= 0x01;
            card.setCiphertext(ByteBuffer.wrap(ct));
            fx.send(t);
            fx.sendRaw(null, new byte[] {1, 2, 3});
            fx.send(fx.vaultCommand(good.get(3), pan));
            fx.send(fx.vaultCommand(good.get(4), pan));

            await().atMost(Duration.ofSeconds(20)).until(() -> results.values.size() == 9 && dead.values.size() == 5);
            Map<String, VaultResult> byId = results.values.stream().collect(Collectors.toMap(VaultResult::getVaultingRequestId, r -> r));
            good.forEach(id -> assertThat(byId.get(id).getOutcome()).as(id).isEqualTo("VAULTED"));
            for (String id : List.of(garbage, unknownSchema, foreignKey, tampered)) {
                assertThat(byId.get(id).getOutcome()).as(id).isEqualTo("REJECTED");
            }
            assertThat(byId.get(foreignKey).getResultMessage()).contains("unknown card key id");
            assertThat(byId.get(garbage).getCommandType()).isEqualTo("UNKNOWN");
            assertThat(fx.sandbox.calls().forRequest(foreignKey)).isEmpty();
            assertThat(dead.values).extracting(DeadLetter::getErrorClass)
                    .containsExactlyInAnyOrder("UndecodableRecord", "UndecodableRecord", "UnreadableCard", "UnreadableCard", "UndecodableRecord");
            assertThat(dead.values).filteredOn(d -> d.getKey() == null).hasSize(1);
            for (var r : dead.records) {
                assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).doesNotContain(pan).doesNotContain("not avro");
                assertThat(r.headers().lastHeader("dlq.source.topic")).isNotNull();
            }
            // the original value is kept, sealed with the primary key and bound to its source record
            DeadLetter g = dead.values.stream().filter(d -> garbage.equals(d.getKey())).findFirst().orElseThrow();
            byte[] original = fx.cipher.decrypt(new SealedBytes(g.getEncryptionKeyId(), bytes(g.getNonce()), bytes(g.getOriginalValue())),
                    DeadLetters.originalAad(g));
            assertThat(new String(original, StandardCharsets.UTF_8)).isEqualTo("not avro at all " + pan);
        }
    }
}
