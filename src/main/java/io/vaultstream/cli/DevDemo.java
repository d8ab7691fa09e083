package io.vaultstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardKeyring;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.sandbox.SandboxService;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * {@code dev --demo N}: produces N commands across every sandbox scenario, shows a live bar per state
 * until each request has reached the state its scenario dictates, then prints a summary table.
 */
final class DevDemo {

    private static final List<String> STATES = List.of(
            "REQUESTED", "SESSION_CREATED", "VERIFICATION_REQUIRED", "UNKNOWN", "VAULTED", "FAILED", "REJECTED");
    private static final Set<String> TERMINAL = Set.of("VAULTED", "FAILED", "REJECTED");
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    private static final int BAR = 40;

    private final VaultstreamConfig config;
    private final String viewUrl;
    private final SandboxService sandbox;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final boolean terminal = System.console() != null;

    DevDemo(VaultstreamConfig config, String viewUrl, SandboxService sandbox, PrintStream out) {
        this.config = config;
        this.viewUrl = viewUrl;
        this.sandbox = sandbox;
        this.out = out;
    }

    void run(int n) throws InterruptedException {
        List<SandboxScenario> scenarios = List.of(SandboxScenario.values());
        List<ScenarioCommands.Generated> commands = ScenarioCommands.generate(n, scenarios,
                config.getString(ConfigKeys.SEND_REDIRECT_URL), "DEMO",
                () -> new CardCipher(CardKeyring.load(config.requireFile(ConfigKeys.CARD_KEYRING_FILE, "dev --demo"))));
        Instant started = Instant.now();
        try (CommandProducer producer = new CommandProducer(config)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            commands.forEach(c -> acks.add(producer.send(c.command())));
            acks.forEach(CommandProducer::await);
        }
        out.printf("demo: produced %d commands across %d sandbox scenarios%n", n, scenarios.size());

        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Map<String, SandboxScenario> expected = new LinkedHashMap<>();
        commands.forEach(c -> expected.put(c.command().getVaultingRequestId(), c.scenario()));
        int drawn = 0;
        long lastPlain = 0;
        Instant deadline = started.plus(SETTLE_TIMEOUT);
        while (true) {
            for (Map.Entry<String, SandboxScenario> e : expected.entrySet()) {
                JsonNode s = latest.get(e.getKey());
                if (s == null || !settled(s, e.getValue())) {
                    fetch(e.getKey()).ifPresent(v -> latest.put(e.getKey(), v));
                }
            }
            Map<String, Integer> counts = counts(latest, n);
            long settledCount = expected.entrySet().stream()
                    .filter(e -> latest.containsKey(e.getKey()) && settled(latest.get(e.getKey()), e.getValue())).count();
            boolean done = settledCount == n;
            if (terminal) {
                drawn = redraw(counts, n, settledCount, drawn);
            } else if (done || System.nanoTime() - lastPlain > 2_000_000_000L) {
                lastPlain = System.nanoTime();
                out.println("demo: " + settledCount + "/" + n + " settled " + counts);
            }
            if (done || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(500); // refresh rate of the progress display
        }
        summary(latest, expected, n, Duration.between(started, Instant.now()));
    }

    private static boolean settled(JsonNode status, SandboxScenario scenario) {
        return scenario.expectedState().equals(status.path("state").asText());
    }

    private java.util.Optional<JsonNode> fetch(String id) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(viewUrl + "/vaults/" + id)).timeout(Duration.ofSeconds(5));
        config.optionalPassword(ConfigKeys.VIEW_AUTH_TOKEN).ifPresent(t -> req.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? java.util.Optional.of(json.readTree(r.body())) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private static Map<String, Integer> counts(Map<String, JsonNode> latest, int n) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATES.forEach(s -> counts.put(s, 0));
        latest.values().forEach(s -> counts.merge(s.path("state").asText(), 1, Integer::sum));
        counts.merge("REQUESTED", n - latest.size(), Integer::sum); // not visible yet = still requested
        return counts;
    }

    private int redraw(Map<String, Integer> counts, int n, long settled, int previousLines) {
        StringBuilder sb = new StringBuilder();
        if (previousLines > 0) {
            sb.append("\u001b[").append(previousLines).append('A');
        }
        int lines = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int filled = n == 0 ? 0 : (int) Math.round((double) e.getValue() / n * BAR);
            sb.append(String.format("%-22s [%s%s] %6d%n", e.getKey(), "#".repeat(filled), " ".repeat(BAR - filled), e.getValue()));
            lines++;
        }
        sb.append(String.format("%-22s %d/%d%n", "settled", settled, n));
        lines++;
        out.print(sb);
        out.flush();
        return lines;
    }

    private void summary(Map<String, JsonNode> latest, Map<String, SandboxScenario> expected, int n, Duration took) {
        Map<String, Integer> counts = counts(latest, n);
        Map<String, Integer> wanted = new LinkedHashMap<>();
        STATES.forEach(s -> wanted.put(s, 0));
        expected.values().forEach(s -> wanted.merge(s.expectedState(), 1, Integer::sum));
        List<Long> ttt = new ArrayList<>();
        for (JsonNode s : latest.values()) {
            if (TERMINAL.contains(s.path("state").asText()) && s.hasNonNull("requestedAt") && s.hasNonNull("finishedAt")) {
                ttt.add(Duration.between(Instant.parse(s.get("requestedAt").asText()), Instant.parse(s.get("finishedAt").asText())).toMillis());
            }
        }
        ttt.sort(Long::compare);
        out.println();
        out.println("demo summary (" + n + " requests, " + took.toMillis() / 1000.0 + " s)");
        out.println(String.format("  %-22s %8s %8s", "state", "count", "expected"));
        counts.forEach((state, c) -> out.println(String.format("  %-22s %8d %8d", state, c, wanted.get(state))));
        out.println(String.format("  time to terminal: p50 %s, p95 %s, p99 %s (ms, %d terminal requests)",
                pct(ttt, 50), pct(ttt, 95), pct(ttt, 99), ttt.size()));
        if (sandbox != null) {
            long calls = sandbox.sandbox().calls().all().stream().filter(c -> expected.containsKey(c.vaultingRequestId())).count();
            out.println("  Antom calls made: " + calls + " (sandbox call records)");
        } else {
            out.println("  Antom calls made: n/a (external gateway)");
        }
        long wrong = expected.entrySet().stream()
                .filter(e -> !latest.containsKey(e.getKey()) || !settled(latest.get(e.getKey()), e.getValue())).count();
        out.println(wrong == 0 ? "  every request reached the state its scenario dictates"
                : "  " + wrong + " request(s) did not reach their scenario's state within " + SETTLE_TIMEOUT.toMinutes() + " min");
        out.println("demo done; dev keeps serving until Ctrl-C");
        out.flush();
    }

    private static String pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return Long.toString(sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))));
    }
}
