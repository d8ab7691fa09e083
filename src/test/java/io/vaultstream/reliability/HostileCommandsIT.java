package io.vaultstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultResult;
import io.vaultstream.processor.Commands;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.testsupport.CardDataScan;
import io.vaultstream.testsupport.TopicDump;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5, hostile commands (DESIGN.md "Every command ends in a result"), extending
 * {@code ProcessorPoisonIT}: commands with every card, cardholder and id field at its limit (must vault) and
 * one over it (must be rejected naming the field and the rule), wrong types, another record type's schema,
 * an unknown schema id, garbage and near-maximum-size records, empty values and unknown key ids, mixed with
 * good commands. Nothing crashes, nothing is lost (offsets reach the end), every keyed bad command gets one
 * explained REJECTED result and a dead letter, none reaches Antom, and no rejection echoes card data.
 */
class HostileCommandsIT {

    /** A bad command: its key and what its rejection must say. */
    record Bad(String key, String mustSay) {}

    @Test
    void everyHostileCommandIsRejectedWithAnExplanationAndTheGoodOnesAroundItStillVault() throws Exception {
        long seed = Scale.seed("HostileCommandsIT");
        Random random = new Random(seed);
        Rig.TestCard card = Rig.CARDS.get(0);
        try (Rig rig = new Rig("hostile", b -> {}, Map.of())) {
            ProcessorService processor = new ProcessorService(VaultstreamConfig.of(rig.settings));
            processor.start();
            List<String> good = new ArrayList<>();
            List<Bad> bad = new ArrayList<>();
            List<Runnable> sends = new ArrayList<>();

            // at every limit: must vault
            String atLimit = "L" + "x".repeat(63);
            sends.add(() -> rig.send(Commands.vault(request(atLimit, card.pan(), "1234", "30", "12", "F".repeat(32), "M".repeat(32),
                    "L".repeat(32), "A".repeat(256), "C".repeat(32), "Z".repeat(32), "ST".repeat(4)), rig.cipher, "UPSTREAM", null,
                    Instant.now())));
            good.add(atLimit);
            // one over each limit, or breaking each rule: rejected naming the field and the rule
            Map<String, Function<String, VaultPaymentMethodRequest>> over = new LinkedHashMap<>();
            over.put("cardholderName.firstName: at most 32", id -> request(id, card.pan(), card.cvv(), "30", "12", "F".repeat(33), null,
                    "L", "a", "c", "z", "CA"));
            over.put("cardholderName.lastName: at most 32", id -> request(id, card.pan(), card.cvv(), "30", "12", "F", null, "L".repeat(33),
                    "a", "c", "z", "CA"));
            over.put("billingAddress.address1: at most 256", id -> request(id, card.pan(), card.cvv(), "30", "12", "F", null, "L",
                    "A".repeat(257), "c", "z", "CA"));
            over.put("billingAddress.city: at most 32", id -> request(id, card.pan(), card.cvv(), "30", "12", "F", null, "L", "a",
                    "C".repeat(33), "z", "CA"));
            over.put("billingAddress.zipCode: at most 32", id -> request(id, card.pan(), card.cvv(), "30", "12", "F", null, "L", "a", "c",
                    "Z".repeat(33), "CA"));
            over.put("billingAddress.state: at most 8", id -> request(id, card.pan(), card.cvv(), "30", "12", "F", null, "L", "a", "c", "z",
                    "S".repeat(9)));
            over.put("expiryMonth: must be two digits 01 to 12", id -> request(id, card.pan(), card.cvv(), "30", "13", "F", null, "L", "a",
                    "c", "z", "CA"));
            over.put("expiryYear: must be the last two digits", id -> request(id, card.pan(), card.cvv(), "3x", "12", "F", null, "L", "a",
                    "c", "z", "CA"));
            over.put("cvv: must be 3 or 4 digits", id -> request(id, card.pan(), "12345", "30", "12", "F", null, "L", "a", "c", "z", "CA"));
            over.put("cardNo: fails the Luhn check", id -> request(id, "4242424242424241", card.cvv(), "30", "12", "F", null, "L", "a", "c",
                    "z", "CA"));
            over.put("cardNo: must have 12 to 19 digits", id -> request(id, "42424242424", card.cvv(), "30", "12", "F", null, "L", "a", "c",
                    "z", "CA"));
            over.put("cardNo: must contain digits only", id -> request(id, "4242-4242-4242-4242", card.cvv(), "30", "12", "F", null, "L",
                    "a", "c", "z", "CA"));
            over.put("vaultingRequestId: at most 64", id -> request("V" + "v".repeat(64), card.pan(), card.cvv(), "30", "12", "F", null, "L",
                    "a", "c", "z", "CA"));
            for (Map.Entry<String, Function<String, VaultPaymentMethodRequest>> e : over.entrySet()) {
                VaultPaymentMethodRequest r = e.getValue().apply("hostile-" + UUID.randomUUID());
                bad.add(new Bad(r.vaultingRequestId(), e.getKey()));
                sends.add(() -> rig.send(Commands.vault(r, rig.cipher, "UPSTREAM", null, Instant.now())));
            }
            // wrong record type: a result where a command belongs
            String wrongType = "hostile-type-" + UUID.randomUUID();
            VaultResult result = sampleResult(wrongType);
            byte[] resultBytes = rig.topics.results().valueSerde().serializer().serialize(rig.topics.results().name(), result);
            bad.add(new Bad(wrongType, ""));
            sends.add(() -> rig.sendRaw(wrongType, resultBytes));
            // unknown schema id, garbage, empty value, near-maximum size
            String unknownSchema = "hostile-schema-" + UUID.randomUUID();
            bad.add(new Bad(unknownSchema, "UndecodableRecord"));
            sends.add(() -> rig.sendRaw(unknownSchema, new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6}));
            String garbage = "hostile-garbage-" + UUID.randomUUID();
            byte[] noise = new byte[1024];
            random.nextBytes(noise);
            bad.add(new Bad(garbage, "UndecodableRecord"));
            sends.add(() -> rig.sendRaw(garbage, noise));
            String empty = "hostile-empty-" + UUID.randomUUID();
            bad.add(new Bad(empty, "UndecodableRecord"));
            sends.add(() -> rig.sendRaw(empty, null));
            String huge = "hostile-huge-" + UUID.randomUUID();
            byte[] big = new byte[900 * 1024];
            random.nextBytes(big);
            bad.add(new Bad(huge, "UndecodableRecord"));
            sends.add(() -> rig.sendRaw(huge, big));
            // a key that is not UTF-8 and a null key: dead letters only
            sends.add(() -> rig.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(rig.topics.commands().name(), null,
                    new byte[] {1, 2, 3})));
            // sealed with a key id the processor does not have
            String unknownKey = "hostile-key-" + UUID.randomUUID();
            CardCipher stranger = new CardCipher(CardKeyring.parse("{\"primary\":\"k-unknown\",\"keys\":[{\"id\":\"k-unknown\",\"key\":\""
                    + Base64.getEncoder().encodeToString(new byte[32]) + "\"}]}", "test"));
            bad.add(new Bad(unknownKey, "unknown card key id"));
            sends.add(() -> rig.send(Commands.vault(Rig.vaultRequest(unknownKey, card), stranger, "UPSTREAM", null, Instant.now())));
            // good commands around them, in a seeded order
            for (int i = 0; i < 20; i++) {
                String id = "hostile-good-" + i + "-" + UUID.randomUUID();
                good.add(id);
                Rig.TestCard c = Rig.CARDS.get(i % Rig.CARDS.size());
                sends.add(() -> rig.send(rig.vaultCommand(id, c)));
            }
            java.util.Collections.shuffle(sends, random);
            sends.forEach(Runnable::run);
            rig.flush();
            int badRecords = bad.size() + 1;

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> rig.results().size() >= good.size() + bad.size() && ProcessorCrashIT.allCommitted(rig));
            Map<String, List<VaultResult>> byId = rig.results().stream().collect(Collectors.groupingBy(VaultResult::getVaultingRequestId));
            for (String id : good) {
                assertThat(byId.get(id)).as(id).hasSize(1);
                assertThat(byId.get(id).get(0).getOutcome()).as("%s (seed %d)", id, seed).isEqualTo("VAULTED");
            }
            for (Bad b : bad) {
                assertThat(byId.get(b.key())).as(b.key()).hasSize(1);
                VaultResult r = byId.get(b.key()).get(0);
                assertThat(r.getOutcome()).as(b.key()).isEqualTo("REJECTED");
                assertThat(r.getResultMessage() + " " + r.getResultCode()).as(b.key()).contains(b.mustSay());
                assertThat(rig.sandbox.calls().forRequest(b.key())).as("Antom never sees %s", b.key()).isEmpty();
            }
            assertThat(byId.keySet()).as("no result without a command").isEqualTo(Set.copyOf(concat(good, bad)));
            List<DeadLetter> letters = Rig.decode(TopicDump.readAll(rig.bootstrap(), rig.topics.dlq().name(), true),
                    v -> rig.topics.dlq().valueSerde().deserializer().deserialize(rig.topics.dlq().name(), v));
            assertThat(letters).as("one dead letter per bad record").hasSize(badRecords);
            assertThat(processor.isReady()).as("the processor survived all of it").isTrue();

            CardDataScan scan = Rig.scanner().tokens(byId.values().stream().flatMap(List::stream).map(VaultResult::getCardToken).toList());
            rig.scanTopicsAndLogs(scan);
            for (VaultResult r : byId.values().stream().flatMap(List::stream).toList()) {
                scan.text("result message " + r.getVaultingRequestId(), String.valueOf(r.getResultMessage()), false);
            }
            scan.assertClean();
            processor.close();
        }
    }

    private static List<String> concat(List<String> good, List<Bad> bad) {
        List<String> all = new ArrayList<>(good);
        bad.forEach(b -> all.add(b.key()));
        return all;
    }

    private static VaultResult sampleResult(String id) {
        return VaultResult.newBuilder().setVaultingRequestId(id).setCommandId(UUID.randomUUID().toString())
                .setCommandType("VAULT_PAYMENT_METHOD").setOutcome("VAULTED").setProducedAt(Instant.now()).build();
    }

    private static VaultPaymentMethodRequest request(String id, String pan, String cvv, String year, String month, String first, String middle,
            String last, String address1, String city, String zip, String state) {
        Card c = Card.of(pan, null, new CardholderName(first, middle, last, null), year, month, cvv,
                new BillingAddress("US", state, city, address1, null, zip));
        return new VaultPaymentMethodRequest(id, null, "https://merchant.example/return", "US", PaymentMethodDetail.card(c),
                Env.web("203.0.113.7", "Mozilla/5.0"), null, null);
    }
}
