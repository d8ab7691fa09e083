package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultstream.cli.Main;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProcessorCliIT {

    record Run(int exit, List<String> stdout) {}

    static synchronized Run cli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            System.out.flush();
            String text = buffer.toString(StandardCharsets.UTF_8);
            return new Run(exit, text.isEmpty() ? List.of() : Arrays.asList(text.split("\n")));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void sendInquireAndRedriveAfterAKeyRotation() throws Exception {
        try (ProcessorFixture fx = new ProcessorFixture("cli")) {
            Path configFile = fx.dir.resolve("client.properties");
            Properties p = new Properties();
            p.putAll(fx.settings);
            try (var w = Files.newBufferedWriter(configFile)) {
                p.store(w, "test");
            }
            ProcessorFixture.Collected<VaultResult> results = fx.results();
            ProcessorFixture.Collected<DeadLetter> dead = fx.deadLetters();
            ProcessorService first = fx.startProcessor();

            Run sent = cli("send", "--config", configFile.toString(), "--count", "4", "--scenario", "mixed");
            assertThat(sent.exit()).isZero();
            assertThat(sent.stdout()).hasSize(4).allMatch(id -> id.matches("[A-Za-z0-9-]{1,64}"));

            Path file = fx.dir.resolve("body.json");
            String fileId = "file-" + UUID.randomUUID();
            Files.writeString(file, "{\"vaultingRequestId\":\"" + fileId + "\",\"merchantRegion\":\"US\",\"paymentMethodDetail\":{"
                    + "\"paymentMethodType\":\"CARD\",\"card\":{\"cardNo\":\"4242424242424242\",\"brand\":\"VISA\",\"expiryYear\":\"30\","
                    + "\"expiryMonth\":\"11\",\"cvv\":\"123\"}},\"env\":{\"terminalType\":\"WEB\",\"clientIp\":\"203.0.113.1\"}}");
            Run fromFile = cli("send", "--config", configFile.toString(), "--file", file.toString());
            assertThat(fromFile.stdout()).containsExactly(fileId);

            await().atMost(Duration.ofSeconds(20)).until(() -> sent.stdout().stream().allMatch(id -> has(results, id))
                    && has(results, fileId));
            VaultResult viaFile = results.values.stream().filter(r -> r.getVaultingRequestId().equals(fileId)).findFirst().orElseThrow();
            assertThat(viaFile.getOutcome()).as("redirectUrl from send.redirect-url, notification URL from webhook.public-url")
                    .isEqualTo("VAULTED");

            Run inquired = cli("inquire", "--config", configFile.toString(), fileId);
            assertThat(inquired.stdout()).containsExactly(fileId);
            await().atMost(Duration.ofSeconds(10)).until(() -> results.values.stream()
                    .anyMatch(r -> r.getVaultingRequestId().equals(fileId) && r.getCommandType().equals("INQUIRE_VAULTING")));

            // a command sealed with a key the processor does not have yet is dead-lettered
            String newKey = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            CardCipher upstream = new CardCipher(CardKeyring.parse("{\"primary\":\"k2\",\"keys\":[{\"id\":\"k2\",\"key\":\"" + newKey + "\"}]}",
                    "upstream"));
            String rotated = "rotated-" + UUID.randomUUID();
            fx.send(Commands.vault(ProcessorFixture.vaultRequest(rotated, "4242424242424242"), upstream, "UPSTREAM", null, Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> dead.values.stream().anyMatch(d -> rotated.equals(d.getKey())));
            Run listed = cli("dlq", "list", "--config", configFile.toString());
            assertThat(listed.stdout()).anyMatch(l -> l.contains("\"key\":\"" + rotated + "\"") && l.contains("UnreadableCard"));

            // the operator rolls the new key out to the processor (old key kept), then redrives
            String oldRing = Files.readString(fx.keyringFile);
            String oldKey = oldRing.replaceAll("(?s).*\"key\":\"([^\"]+)\".*", "$1").trim();
            Files.writeString(fx.keyringFile, "{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + oldKey + "\"},{\"id\":\"k2\",\"key\":\""
                    + newKey + "\"}]}");
            first.close();
            fx.startProcessor(Map.of(ConfigKeys.CARD_KEYRING_FILE, fx.keyringFile.toString()));
            Run redriven = cli("dlq", "redrive", "--config", configFile.toString(), "--id", rotated);
            assertThat(redriven.exit()).isZero();
            assertThat(redriven.stdout()).containsExactly(rotated);
            await().atMost(Duration.ofSeconds(20)).until(() -> results.values.stream()
                    .anyMatch(r -> r.getVaultingRequestId().equals(rotated) && r.getOutcome().equals("VAULTED")));
            assertThat(cli("dlq", "redrive", "--config", configFile.toString(), "--id", "no-such-id").exit()).isEqualTo(1);
        }
    }

    static boolean has(ProcessorFixture.Collected<VaultResult> results, String id) {
        return results.values.stream().anyMatch(r -> r.getVaultingRequestId().equals(id));
    }
}
