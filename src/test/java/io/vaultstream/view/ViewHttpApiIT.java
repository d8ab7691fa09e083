package io.vaultstream.view;

import static io.vaultstream.view.Events.at;
import static io.vaultstream.view.Events.vaultPaymentMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two view instances, each a real HTTP server over its own topology (one partition each), with a
 * cluster map that gives ids starting with "a" to instance A and all others to B.
 */
class ViewHttpApiIT {

    private static final String TOKEN = "s3cret-token";
    private static final ViewSerdes SERDES = AvroTestSerde.viewSerdes();

    @TempDir Path tmp;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicBoolean rebalancing = new AtomicBoolean(false);
    private Instance a;
    private Instance b;

    /** One instance: topology, HTTP server and API. */
    private final class Instance {
        final TopologyTestDriver driver;
        final TestInputTopic<String, VaultCommand> commands;
        final TestInputTopic<String, VaultResult> results;
        final Javalin app;
        final ViewHttpApi api;
        final TerminalWaiters waiters = new TerminalWaiters();
        HostInfo host;

        Instance(String name, ClusterMap cluster) {
            this(name, cluster, Duration.ofMillis(50));
        }

        Instance(String name, ClusterMap cluster, Duration pollInterval) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "view-http-" + name);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve(name).toString());
            ViewTopologyOptions opts = ViewTopologyOptions.defaults();
            driver = new TopologyTestDriver(StatusTopology.build(new StreamsBuilder(), opts, SERDES,
                    Clock.systemUTC(), waiters), props);
            commands = driver.createInputTopic(opts.commandsTopic(), Serdes.String().serializer(),
                    SERDES.command().serializer());
            results = driver.createInputTopic(opts.resultsTopic(), Serdes.String().serializer(),
                    SERDES.result().serializer());
            ViewQueries queries = new ViewQueries(stale -> List.of(new PartitionStores(0,
                    driver.getKeyValueStore(StatusTopology.STATUS_STORE),
                    driver.getKeyValueStore(StatusTopology.STATE_INDEX_STORE),
                    driver.getKeyValueStore(StatusTopology.STATS_STORE))));
            ViewHttpOptions httpOptions = new ViewHttpOptions(TOKEN, Duration.ofMillis(300), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), pollInterval, Duration.ofSeconds(1));
            api = new ViewHttpApi(queries, new ClusterView(cluster, name), httpOptions, Clock.systemUTC(), waiters);
            app = Javalin.create();
            api.register(app);
            app.start("127.0.0.1", 0);
            host = new HostInfo("127.0.0.1", app.port());
        }

        void close() {
            app.stop();
            api.close();
            driver.close();
        }
    }

    /** Shared knowledge of both instances' addresses. */
    private static final class ClusterMap {
        HostInfo a;
        HostInfo b;
    }

    /** The cluster as one instance sees it. */
    private final class ClusterView implements ViewCluster {
        private final ClusterMap map;
        private final String name;

        ClusterView(ClusterMap map, String name) {
            this.map = map;
            this.name = name;
        }

        @Override
        public HostInfo self() {
            return name.equals("a") ? map.a : map.b;
        }

        @Override
        public Optional<HostInfo> owner(String id) {
            if (rebalancing.get()) {
                return Optional.empty();
            }
            return Optional.of(id.startsWith("a") ? map.a : map.b);
        }

        @Override
        public List<HostInfo> hosts() {
            return List.of(map.a, map.b);
        }
    }

    @BeforeEach
    void start() {
        ClusterMap map = new ClusterMap();
        a = new Instance("a", map);
        b = new Instance("b", map);
        map.a = a.host;
        map.b = b.host;
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private HttpResponse<String> get(Instance on, String pathAndQuery, boolean withToken) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.app.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        if (withToken) {
            req.header("Authorization", "Bearer " + TOKEN);
        }
        return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> resp) throws Exception {
        return mapper.readTree(resp.body());
    }

    /** {@link #get} with the token, on another thread (a long poll the test works beside). */
    private CompletableFuture<HttpResponse<String>> getAsync(Instance on, String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return get(on, path, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void command(Instance on, String id, long second) {
        on.commands.pipeInput(id, vaultPaymentMethod(id, second));
    }

    private void result(Instance on, String id, long second, String outcome) {
        on.results.pipeInput(id, Events.result(id, second, outcome));
    }

    @Test
    void statusIsServedByTheOwnerWhicheverInstanceIsAsked() throws Exception {
        command(b, "b-1", 0);
        result(b, "b-1", 2, "VAULTED");

        HttpResponse<String> viaA = get(a, "/vaults/b-1", true);
        HttpResponse<String> viaB = get(b, "/vaults/b-1", true);

        assertThat(viaA.statusCode()).isEqualTo(200);
        assertThat(json(viaA).get("state").asText()).isEqualTo("VAULTED");
        assertThat(viaA.body()).isEqualTo(viaB.body()).doesNotContain(Events.CARD_TOKEN);
        assertThat(viaA.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void unknownRequestIsA404WithTheErrorShape() throws Exception {
        HttpResponse<String> resp = get(a, "/vaults/b-nope", true);

        assertThat(resp.statusCode()).isEqualTo(404);
        assertThat(json(resp).get("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(json(resp).has("message")).isTrue();
    }

    @Test
    void everyDataEndpointRequiresTheBearerToken() throws Exception {
        command(a, "a-1", 0);
        for (String path : List.of("/vaults/a-1", "/vaults", "/stats", "/internal/vaults", "/internal/stats")) {
            HttpResponse<String> resp = get(a, path, false);
            assertThat(resp.statusCode()).as(path).isEqualTo(401);
            assertThat(json(resp).get("error").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(resp.body()).doesNotContain(TOKEN);
        }
        HttpRequest wrong = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.app.port() + "/stats"))
                .header("Authorization", "Bearer nope").build();
        assertThat(client.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(get(a, "/", false).statusCode()).isEqualTo(200);
        assertThat(get(a, "/return", false).body()).containsIgnoringCase("you may close this page");
    }

    @Test
    void listingMergesAllInstancesNewestFirstAcrossPages() throws Exception {
        command(a, "a-1", 1);
        command(b, "b-2", 2);
        command(a, "a-3", 3);
        command(b, "b-4", 4);
        result(a, "a-1", 5, "UNKNOWN");

        List<String> ids = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> resp = get(b, "/vaults?limit=2" + (next == null ? "" : "&cursor=" + next), true);
            assertThat(resp.statusCode()).isEqualTo(200);
            JsonNode body = json(resp);
            body.get("items").forEach(i -> ids.add(i.get("vaultingRequestId").asText()));
            next = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (next != null && pages < 10);

        assertThat(ids).containsExactly("a-1", "b-4", "a-3", "b-2");
        JsonNode requested = json(get(a, "/vaults?state=REQUESTED", true));
        assertThat(requested.get("items")).hasSize(3);
        assertThat(requested.get("next").isNull()).isTrue();
    }

    @Test
    void badListingParametersAre400sNamingTheParameter() throws Exception {
        for (String q : List.of("state=SOMETHING", "limit=0", "limit=1001", "limit=x", "cursor=%25%25")) {
            HttpResponse<String> resp = get(a, "/vaults?" + q, true);
            assertThat(resp.statusCode()).as(q).isEqualTo(400);
            assertThat(json(resp).get("error").asText()).isEqualTo("BAD_REQUEST");
            assertThat(json(resp).get("message").asText()).startsWith(q.substring(0, q.indexOf('=')) + ":");
        }
        HttpResponse<String> badTimeout = get(a, "/vaults/a-1?waitFor=terminal&timeout=forever", true);
        assertThat(badTimeout.statusCode()).isEqualTo(400);
    }

    @Test
    void statsAreSummedOverInstances() throws Exception {
        command(a, "a-1", 0);
        result(a, "a-1", 2, "VAULTED");
        command(b, "b-1", 0);
        result(b, "b-1", 40, "FAILED");
        command(b, "b-2", 0);

        JsonNode stats = json(get(a, "/stats", true));

        assertThat(stats.get("total").asLong()).isEqualTo(3);
        assertThat(stats.get("counts").get("VAULTED").asLong()).isEqualTo(1);
        assertThat(stats.get("counts").get("FAILED").asLong()).isEqualTo(1);
        assertThat(stats.get("counts").get("REQUESTED").asLong()).isEqualTo(1);
        assertThat(stats.get("counts").get("UNKNOWN").asLong()).isZero();
        assertThat(stats.get("timeToTerminalMs").get("p50").asLong()).isEqualTo(2_500);
        assertThat(stats.get("timeToTerminalMs").get("p99").asLong()).isEqualTo(60_000);
    }

    @Test
    void duringARebalanceAKeyLookupIsA503WithRetryAfterUnlessStaleIsAsked() throws Exception {
        command(a, "a-1", 0);
        rebalancing.set(true);

        HttpResponse<String> resp = get(a, "/vaults/a-1", true);
        assertThat(resp.statusCode()).isEqualTo(503);
        assertThat(resp.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(resp).get("error").asText()).isEqualTo("UNAVAILABLE");

        HttpResponse<String> stale = get(a, "/vaults/a-1?stale=true", true);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("X-Vaultstream-Stale")).hasValue("true");
    }

    @Test
    void forwardedLookupOfAKeyThatMovedAwayIsA503NotA404() throws Exception {
        HttpRequest forwarded = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.app.port() + "/vaults/b-1"))
                .header("Authorization", "Bearer " + TOKEN)
                .header(ViewHttpApi.FORWARDED_HEADER, "127.0.0.1:1").build();

        HttpResponse<String> resp = client.send(forwarded, HttpResponse.BodyHandlers.ofString());

        assertThat(resp.statusCode()).isEqualTo(503);
        assertThat(resp.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void longPollAnswersWhenTheRequestBecomesTerminal() throws Exception {
        command(b, "b-9", 0);

        CompletableFuture<HttpResponse<String>> poll = getAsync(a, "/vaults/b-9?waitFor=terminal&timeout=15s");
        // still waiting while the request is open
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());
        result(b, "b-9", 3, "VAULTED");

        HttpResponse<String> resp = poll.get(10, TimeUnit.SECONDS);
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(json(resp).get("state").asText()).isEqualTo("VAULTED");
    }

    @Test
    void longPollIsWokenByTheTerminalStatusNotByItsPollInterval() throws Exception {
        ClusterMap alone = new ClusterMap();
        Instance c = new Instance("c", alone, Duration.ofMinutes(5));
        alone.a = c.host;
        alone.b = c.host;
        try {
            command(c, "b-7", 0);
            CompletableFuture<HttpResponse<String>> poll = getAsync(c, "/vaults/b-7?waitFor=terminal&timeout=20s");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.waiters.size() == 1);
            assertThat(poll).isNotDone();

            result(c, "b-7", 3, "VAULTED");

            // the next re-read on the interval would be minutes away: only the signal answers this soon
            HttpResponse<String> resp = poll.get(10, TimeUnit.SECONDS);
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(json(resp).get("state").asText()).isEqualTo("VAULTED");
            await().atMost(Duration.ofSeconds(5)).until(() -> c.waiters.size() == 0);
        } finally {
            c.close();
        }
    }

    @Test
    void longPollTimesOutWithTheCurrentStatus() throws Exception {
        command(a, "a-5", 0);
        long start = System.nanoTime();

        HttpResponse<String> resp = get(a, "/vaults/a-5?waitFor=terminal&timeout=400ms", true);

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(json(resp).get("state").asText()).isEqualTo("REQUESTED");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(json(resp).get("requestedAt").asText()).isEqualTo(at(0).toString());
    }
}
