package io.vaultstream.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.KafkaSetup;
import io.vaultstream.kafka.Topics;
import io.vaultstream.testsupport.HeadlessChromium;
import io.vaultstream.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysts' dashboard ({@code GET /} on the view) in headless Chromium against a view running on
 * the real broker and registry with requests in several states: the rendered page shows the counts
 * per state, the listing newest first, and a deep-linked request's timeline in order; a screenshot
 * is kept in {@code target/dashboard-screenshot.png}.
 */
class DashboardBrowserIT {

    private static final Path SCREENSHOT = Path.of("target", "dashboard-screenshot.png");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Duration SCRIPT_TIME = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path stateDir;
    @TempDir Path browserDir;

    @Test
    void dashboardRendersCountsPerStateTheListingAndADeepLinkedRequestsTimeline() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "headless Chromium is not installed at " + HeadlessChromium.EXECUTABLE
                + "; run .ci/install-chromium.sh (CI does before Maven)");
        TestInfra infra = TestInfra.get();
        int port = TestInfra.freePort();
        VaultstreamConfig config = infra.config("dashboard", Map.of(
                ConfigKeys.VIEW_PORT, Integer.toString(port),
                ConfigKeys.VIEW_STATE_DIR, stateDir.toString(),
                ConfigKeys.VIEW_APPLICATION_ID, "view-dashboard-" + System.nanoTime(),
                // the data must stay as produced: no inquiries for the pending requests
                ConfigKeys.VIEW_RECONCILER_ENABLED, "false",
                // the punctuation that also counts stalled REQUESTED requests
                ConfigKeys.VIEW_RECONCILER_INTERVAL_MS, "500",
                // as in ViewServiceIT: Apicurio 3.0.9 rejects auto-registration of the nested records
                "registry.apicurio.registry.auto-register", "false",
                "registry.apicurio.registry.find-latest", "true"));
        Topics topics = KafkaSetup.prepare(config);
        Data data = new Data("dash-" + System.nanoTime() + "-", Instant.now().truncatedTo(ChronoUnit.MILLIS));

        try (ViewService view = new ViewService(config)) {
            view.start();
            await().atMost(Duration.ofSeconds(60)).until(view::isReady);
            data.produce(infra, topics);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + port;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode stats = get(http, base + "/stats");
                assertThat(stats.get("total").asLong()).isEqualTo(data.total());
                for (VaultState s : VaultState.values()) {
                    assertThat(stats.get("counts").get(s.name()).asLong()).as(s.name()).isEqualTo(data.count(s));
                }
                assertThat(stats.get("stalledRequested").asLong()).isEqualTo(1);
                assertThat(get(http, base + "/vaults/" + data.timelineId).get("history")).hasSize(3);
            });
            List<String> listed = new ArrayList<>();
            get(http, base + "/vaults?limit=50").get("items").forEach(i -> listed.add(i.get("vaultingRequestId").asText()));
            JsonNode known = get(http, base + "/vaults/" + data.timelineId);

            HeadlessChromium chromium = new HeadlessChromium(browserDir);
            URI deepLink = URI.create(base + "/?id=" + data.timelineId);
            HeadlessChromium.RenderedPage page = chromium.render(deepLink, SCRIPT_TIME);
            String dom = page.dom();

            assertThat(page.console()).as("console messages of the page (script errors)")
                    .noneMatch(l -> l.contains("Uncaught") || l.contains("Error") || l.contains("Refused"));
            assertThat(tagWithId(dom, "error")).as("the API error banner stays hidden").contains("hidden");
            assertThat(tagWithId(dom, "auth")).as("no token prompt without view.auth-token").contains("hidden");

            // counts per state: the number shown on each state's card
            for (VaultState s : VaultState.values()) {
                assertThat(textOf(dom, "data-count=\"" + s.name() + "\"")).as("card of " + s)
                        .isEqualTo(Long.toString(data.count(s)));
            }
            assertThat(textOf(dom, "id=\"total\"")).isEqualTo(data.total() + " total");
            assertThat(textOf(dom, "id=\"p50\"")).as("p50 with terminal requests").startsWith("≤ ").endsWith(" s");
            assertThat(tagWithId(dom, "stalled")).doesNotContain("hidden");
            assertThat(textOf(dom, "id=\"stalled\"")).startsWith("1 request is stalled in REQUESTED");

            // the listing: every request, in the API's order (newest updatedAt first)
            assertThat(rowIds(dom)).containsExactlyElementsOf(listed);
            assertThat(listed).containsExactlyInAnyOrderElementsOf(data.ids());

            // the deep-linked request: its details and its history in order, with sources and codes
            String detail = dom.substring(dom.indexOf("id=\"detail\""));
            assertThat(detail).contains("data-id=\"" + data.timelineId + "\"")
                    .contains("https://3ds.example/n").contains("•••• 1111").contains("VISA");
            List<Map<String, String>> timeline = timelineEntries(detail);
            assertThat(timeline).extracting(e -> e.get("data-state"))
                    .containsExactly("REQUESTED", "VERIFICATION_REQUIRED", "VAULTED");
            assertThat(timeline).extracting(e -> e.get("data-source"))
                    .containsExactly("COMMAND", "RESULT", "NOTIFICATION");
            List<String> apiSources = new ArrayList<>();
            known.get("history").forEach(h -> apiSources.add(h.get("source").asText()));
            assertThat(apiSources).containsExactly("COMMAND", "RESULT", "NOTIFICATION");
            assertThat(timeline.get(0).get("text")).contains("REQUESTED").contains("COMMAND")
                    .contains(utc(data.at(0)));
            assertThat(timeline.get(1).get("text")).contains("VERIFICATION_REQUIRED").contains("RESULT")
                    .contains(utc(data.at(2)));
            assertThat(timeline.get(2).get("text")).contains("VAULTED").contains("NOTIFICATION").contains("SUCCESS")
                    .contains(utc(data.at(40)));

            // what the page must never show: the card token every result and notification carried
            assertThat(dom).doesNotContain(Events.CARD_TOKEN);

            // a state filter deep link lists only that state's requests, newest first
            HeadlessChromium.RenderedPage vaulted = chromium.render(URI.create(base + "/?state=VAULTED"), SCRIPT_TIME);
            List<String> vaultedIds = listed.stream().filter(id -> data.expected.get(id) == VaultState.VAULTED).toList();
            assertThat(vaultedIds).hasSize(3);
            assertThat(rowIds(vaulted.dom())).containsExactlyElementsOf(vaultedIds);
            assertThat(vaulted.dom()).contains("class=\"card VAULTED sel\"");

            chromium.screenshot(deepLink, SCREENSHOT, 1280, 1000, SCRIPT_TIME);
            byte[] png = Files.readAllBytes(SCREENSHOT);
            assertThat(png.length).as("screenshot size").isGreaterThan(20_000);
            assertThat(Arrays.copyOf(png, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
        }
    }

    @Test
    void withAnAuthTokenTheDashboardAsksForItAndShowsNoData() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "headless Chromium is not installed at " + HeadlessChromium.EXECUTABLE
                + "; run .ci/install-chromium.sh (CI does before Maven)");
        TestInfra infra = TestInfra.get();
        int port = TestInfra.freePort();
        VaultstreamConfig config = infra.config("dashboardauth", Map.of(
                ConfigKeys.VIEW_PORT, Integer.toString(port),
                ConfigKeys.VIEW_AUTH_TOKEN, "s3cret-token",
                ConfigKeys.VIEW_STATE_DIR, stateDir.toString(),
                ConfigKeys.VIEW_APPLICATION_ID, "view-dashboard-auth-" + System.nanoTime(),
                "registry.apicurio.registry.auto-register", "false",
                "registry.apicurio.registry.find-latest", "true"));
        try (ViewService view = new ViewService(config)) {
            view.start();
            await().atMost(Duration.ofSeconds(60)).until(view::isReady);

            String dom = new HeadlessChromium(browserDir).render(URI.create("http://localhost:" + port + "/"),
                    SCRIPT_TIME).dom();

            assertThat(tagWithId(dom, "auth")).as("the token prompt is shown").doesNotContain("hidden");
            assertThat(tagWithId(dom, "token")).contains("type=\"password\"");
            assertThat(tagWithId(dom, "error")).as("a 401 is a prompt, not an error").contains("hidden");
            assertThat(dom).contains("Enter the view's bearer token above").doesNotContain("data-count=");
        }
    }

    /**
     * Requests in every state but UNKNOWN, built from real commands, results and notifications with
     * times in the last minutes (the page shows them as recent), one of them stalled in REQUESTED;
     * the first one, deep-linked, goes REQUESTED -> VERIFICATION_REQUIRED (3DS) -> VAULTED by
     * notification.
     */
    private static final class Data {
        final String timelineId;
        private final Instant t0;
        final Map<String, VaultState> expected = new LinkedHashMap<>();
        private final Map<String, Instant> commandAt = new LinkedHashMap<>();
        private final List<Keyed<VaultCommand>> commands = new ArrayList<>();
        private final List<Keyed<VaultResult>> results = new ArrayList<>();
        private final List<Keyed<VaultNotification>> notifications = new ArrayList<>();

        private record Keyed<V>(String key, V value) {}

        Data(String prefix, Instant now) {
            this.t0 = now.minusSeconds(120);
            timelineId = prefix + "3ds-vaulted";
            vault(timelineId, VaultState.VAULTED, 0).result(timelineId, 2, "VERIFICATION_REQUIRED")
                    .notification(timelineId, 40, "S");
            vault(prefix + "vaulted-1", VaultState.VAULTED, 10).result(prefix + "vaulted-1", 13, "VAULTED");
            vault(prefix + "vaulted-2", VaultState.VAULTED, 20).result(prefix + "vaulted-2", 21, "VAULTED");
            vault(prefix + "declined", VaultState.FAILED, 30).result(prefix + "declined", 31, "VERIFICATION_REQUIRED")
                    .notification(prefix + "declined", 50, "F");
            vault(prefix + "3ds-waiting", VaultState.VERIFICATION_REQUIRED, 60)
                    .result(prefix + "3ds-waiting", 62, "VERIFICATION_REQUIRED");
            vault(prefix + "rejected", VaultState.REJECTED, 70).result(prefix + "rejected", 70, "REJECTED");
            String session = prefix + "session";
            expected.put(session, VaultState.SESSION_CREATED);
            commandAt.put(session, at(80));
            commands.add(new Keyed<>(session, VaultCommand.newBuilder(Events.createSession(session, 0))
                    .setCreatedAt(at(80)).build()));
            results.add(new Keyed<>(session, VaultResult.newBuilder(
                    Events.result(session, 0, "SESSION_CREATED", Evidence.CREATE_VAULTING_SESSION))
                    .setCommandCreatedAt(at(80)).setProducedAt(at(82)).build()));
            // older than view.stalled-requested-ms (60 s): the processor never answered it
            vault(prefix + "stalled", VaultState.REQUESTED, -480);
        }

        Instant at(long seconds) {
            return t0.plusSeconds(seconds);
        }

        private Data vault(String id, VaultState finalState, long second) {
            expected.put(id, finalState);
            commandAt.put(id, at(second));
            commands.add(new Keyed<>(id, VaultCommand.newBuilder(Events.vaultPaymentMethod(id, 0))
                    .setCreatedAt(at(second)).build()));
            return this;
        }

        private Data result(String id, long second, String outcome) {
            results.add(new Keyed<>(id, VaultResult.newBuilder(Events.result(id, 0, outcome))
                    .setCommandCreatedAt(commandAt.get(id)).setProducedAt(at(second)).build()));
            return this;
        }

        private Data notification(String id, long second, String resultStatus) {
            notifications.add(new Keyed<>(id, VaultNotification.newBuilder(Events.notification(id, 0, resultStatus))
                    .setReceivedAt(at(second)).build()));
            return this;
        }

        List<String> ids() {
            return List.copyOf(expected.keySet());
        }

        long total() {
            return expected.size();
        }

        long count(VaultState s) {
            return expected.values().stream().filter(s::equals).count();
        }

        void produce(TestInfra infra, Topics topics) throws Exception {
            send(infra, topics.commands().name(), topics.commands().valueSerde(), commands);
            send(infra, topics.results().name(), topics.results().valueSerde(), results);
            send(infra, topics.notifications().name(), topics.notifications().valueSerde(), notifications);
        }

        private static <V> void send(TestInfra infra, String topic, Serde<V> serde, List<Keyed<V>> records)
                throws Exception {
            try (KafkaProducer<String, V> p = new KafkaProducer<>(Map.of("bootstrap.servers", infra.bootstrapServers()),
                    new StringSerializer(), serde.serializer())) {
                for (Keyed<V> r : records) {
                    p.send(new ProducerRecord<>(topic, r.key(), r.value())).get();
                }
            }
        }
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(resp.body());
    }

    /** The page renders times as ISO 8601 UTC with a space for the T and no zone letter. */
    private static String utc(Instant t) {
        return t.toString().replace("T", " ").replace("Z", "");
    }

    /** The start tag of the element with this id. */
    private static String tagWithId(String dom, String id) {
        Matcher m = Pattern.compile("<[a-z0-9]+[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(dom);
        assertThat(m.find()).as("element #" + id + " in the page").isTrue();
        return m.group();
    }

    /** The text directly inside the first element whose start tag contains {@code attribute}. */
    private static String textOf(String dom, String attribute) {
        Matcher m = Pattern.compile("<[a-z0-9]+[^>]*" + Pattern.quote(attribute) + "[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element with " + attribute + " in the page").isTrue();
        return m.group(1);
    }

    /** The request ids of the listing's rows, top to bottom. */
    private static List<String> rowIds(String dom) {
        String tbody = dom.substring(dom.indexOf("id=\"rows\""), dom.indexOf("</tbody>"));
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr[^>]*\\sdata-id=\"([^\"]+)\"").matcher(tbody);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The timeline's entries in order: their attributes, plus their visible text as {@code text}. */
    private static List<Map<String, String>> timelineEntries(String detail) {
        String ol = detail.substring(detail.indexOf("class=\"timeline\""), detail.indexOf("</ol>"));
        List<Map<String, String>> entries = new ArrayList<>();
        Matcher li = Pattern.compile("<li([^>]*)>(.*?)</li>", Pattern.DOTALL).matcher(ol);
        while (li.find()) {
            Map<String, String> e = new LinkedHashMap<>();
            Matcher attr = Pattern.compile("([a-z-]+)=\"([^\"]*)\"").matcher(li.group(1));
            while (attr.find()) {
                e.put(attr.group(1), attr.group(2));
            }
            e.put("text", li.group(2).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").trim());
            entries.add(e);
        }
        return entries;
    }
}
