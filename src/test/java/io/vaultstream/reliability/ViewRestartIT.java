package io.vaultstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.sandbox.SandboxScenario;
import io.vaultstream.testsupport.CardDataScan;
import io.vaultstream.testsupport.ChildJvm;
import io.vaultstream.testsupport.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 4, view restart (DESIGN.md "Status model", Streams {@code exactly_once_v2}): the view runs as a
 * child JVM ({@code vaultstream view --config}); it is SIGKILLed, restarted on the same state directory,
 * SIGKILLed again while more commands arrive, and restarted on an empty state directory. Each time the stores
 * are rebuilt (from the local state or the changelog) and every answer (each status, the listings, the stats)
 * matches what the first instance answered, plus the commands that arrived meanwhile.
 */
class ViewRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(ViewRestartIT.class);
    private static final String TOKEN = "view-restart";

    @TempDir Path stateDir;
    @TempDir Path freshStateDir;

    @Test
    void killedViewRebuildsItsStoresWithAndWithoutItsStateDirectoryAndAnswersTheSame() throws Exception {
        long seed = Scale.seed("ViewRestartIT");
        Random random = new Random(seed);
        int batch = Scale.pick(60, 1500);
        try (Rig rig = new Rig("viewRestart", b -> {}, Map.of())) {
            ProcessorService processor = new ProcessorService(VaultstreamConfig.of(rig.settings));
            processor.start();
            String applicationId = "restart-view-" + UUID.randomUUID();
            List<String> ids = new ArrayList<>();
            sendBatch(rig, ids, batch, random);

            int port = TestInfra.freePort();
            Map<String, String> viewSettings = Map.of(ConfigKeys.VIEW_PORT, Integer.toString(port), ConfigKeys.VIEW_APPLICATION_ID,
                    applicationId, ConfigKeys.VIEW_STATE_DIR, stateDir.toString(), ConfigKeys.VIEW_AUTH_TOKEN, TOKEN,
                    "kafka.streams.commit.interval.ms", "100");
            ChildJvm view = rig.startChild("view", viewSettings);
            Map<String, String> reference = awaitSettled(rig, port, ids, view);
            String stats = stableStats(rig, port);
            assertThat(reference.values()).anyMatch(j -> j.contains("\"state\":\"VAULTED\"")).anyMatch(j -> j.contains("\"state\":\"FAILED\""));

            // SIGKILL, restart on the same state directory
            view.kill();
            assertThat(Files.list(stateDir).findAny()).as("the killed view left state behind").isPresent();
            view = rig.startChild("view", viewSettings);
            assertThat(awaitSettled(rig, port, ids, view)).as("same state dir, seed %d", seed).isEqualTo(reference);
            assertThat(stableStats(rig, port)).isEqualTo(stats);

            // SIGKILL at a seeded moment while more commands are processed, restart without the state directory
            sendBatch(rig, ids, batch, random);
            Thread.sleep(random.nextInt(1500)); // seeded kill point
            view.kill();
            view = rig.startChild("view", Map.of(ConfigKeys.VIEW_PORT, Integer.toString(port), ConfigKeys.VIEW_APPLICATION_ID,
                    applicationId, ConfigKeys.VIEW_STATE_DIR, freshStateDir.toString(), ConfigKeys.VIEW_AUTH_TOKEN, TOKEN,
                    "kafka.streams.commit.interval.ms", "100"));
            Map<String, String> rebuilt = awaitSettled(rig, port, ids, view);
            assertThat(rebuilt).as("fresh state dir, seed %d", seed).containsAllEntriesOf(reference).hasSize(ids.size());
            JsonNode finalStats = Rig.JSON.readTree(rig.get("http://127.0.0.1:" + port + "/stats", TOKEN).body());
            assertThat(finalStats.get("total").asInt()).isEqualTo(ids.size());
            Map<String, Long> counts = rebuilt.values().stream().map(j -> j.replaceAll(".*\"state\":\"([A-Z_]+)\".*", "$1"))
                    .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
            counts.forEach((state, n) -> assertThat(finalStats.get("counts").get(state).asLong()).as(state).isEqualTo(n));
            LOG.info("ViewRestartIT seed={} requests={} counts={}", seed, ids.size(), counts);
            view.kill();
            processor.close();

            CardDataScan scan = Rig.scanner();
            rig.scanTopicsAndLogs(scan);
            scan.directory("view state", stateDir, false);
            scan.directory("view fresh state", freshStateDir, false);
            scan.assertClean();
        }
    }

    private static void sendBatch(Rig rig, List<String> ids, int n, Random random) {
        for (int i = 0; i < n; i++) {
            String id = "view-" + ids.size() + "-" + UUID.randomUUID().toString().substring(0, 8);
            ids.add(id);
            Rig.TestCard card = random.nextInt(4) == 0 ? new Rig.TestCard(SandboxScenario.DECLINED_PROCESS_FAIL.cardNo(), "321")
                    : Rig.CARDS.get(ids.size() % Rig.CARDS.size());
            rig.send(rig.vaultCommand(id, card));
        }
        rig.flush();
    }

    /** Waits until the view lists every id in a terminal state; returns id to its whole status JSON. */
    private static Map<String, String> awaitSettled(Rig rig, int port, List<String> ids, ChildJvm view) {
        await("the view lists every request in a terminal state").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .failFast("view died; see " + view.log(), () -> !view.isAlive())
                .ignoreExceptions()
                .until(() -> {
                    Map<String, JsonNode> s = rig.viewStatuses(port, TOKEN);
                    return s.keySet().containsAll(ids) && ids.stream().allMatch(id -> List.of("VAULTED", "FAILED")
                            .contains(s.get(id).get("state").asText()));
                });
        return rig.viewStatuses(port, TOKEN).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().toString(), (a, b) -> a, TreeMap::new));
    }

    /** The stats answer without its time percentiles (those move with the clock). */
    private static String stableStats(Rig rig, int port) throws Exception {
        JsonNode stats = Rig.JSON.readTree(rig.get("http://127.0.0.1:" + port + "/stats", TOKEN).body());
        return "total=" + stats.get("total") + " counts=" + stats.get("counts");
    }
}
