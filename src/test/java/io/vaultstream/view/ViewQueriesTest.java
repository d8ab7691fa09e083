package io.vaultstream.view;

import static io.vaultstream.view.Events.at;
import static io.vaultstream.view.Events.result;
import static io.vaultstream.view.Events.vaultPaymentMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import io.vaultstream.events.VaultStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewQueriesTest {

    private static final ViewSerdes SERDES = AvroTestSerde.viewSerdes();

    @TempDir Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, VaultCommand> commands;
    private TestInputTopic<String, VaultResult> results;
    private ViewQueries queries;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "view-queries-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ViewTopologyOptions opts = ViewTopologyOptions.defaults();
        MutableClock clock = new MutableClock(at(0));
        driver = new TopologyTestDriver(StatusTopology.build(new StreamsBuilder(), opts, SERDES, clock), props,
                clock.instant());
        commands = driver.createInputTopic(opts.commandsTopic(), Serdes.String().serializer(),
                SERDES.command().serializer());
        results = driver.createInputTopic(opts.resultsTopic(), Serdes.String().serializer(),
                SERDES.result().serializer());
        queries = new ViewQueries(stale -> List.of(new PartitionStores(0,
                driver.getKeyValueStore(StatusTopology.STATUS_STORE),
                driver.getKeyValueStore(StatusTopology.STATE_INDEX_STORE),
                driver.getKeyValueStore(StatusTopology.STATS_STORE))));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void command(String id, long second) {
        commands.pipeInput(id, vaultPaymentMethod(id, second));
    }

    private void result(String id, long second, String outcome) {
        results.pipeInput(id, Events.result(id, second, outcome));
    }

    private static List<String> ids(ViewQueries.Page page) {
        return page.items().stream().map(VaultStatus::getVaultingRequestId).toList();
    }

    @Test
    void getReturnsTheStoredStatusOrEmpty() {
        command("a", 0);

        assertThat(queries.get("a", false)).hasValueSatisfying(s -> assertThat(s.getState()).isEqualTo("REQUESTED"));
        assertThat(queries.get("nope", false)).isEmpty();
    }

    @Test
    void listingIsNewestFirstAndPagesByCursorWithoutGapsOrRepeats() {
        command("a", 1);
        command("b", 2);
        command("c", 3);
        result("a", 4, "VAULTED");   // a moves to the top
        command("d", 3);             // same time as c: id order decides
        command("e", 5);

        List<String> seen = new ArrayList<>();
        ListCursor cursor = null;
        List<Integer> sizes = new ArrayList<>();
        do {
            ViewQueries.Page page = queries.list(null, 2, cursor);
            seen.addAll(ids(page));
            sizes.add(page.items().size());
            cursor = page.next() == null ? null : ListCursor.decode(page.next());
        } while (cursor != null);

        assertThat(seen).containsExactly("e", "a", "c", "d", "b");
        assertThat(sizes).containsExactly(2, 2, 1);
    }

    @Test
    void listingFiltersByState() {
        command("a", 1);
        command("b", 2);
        result("b", 3, "UNKNOWN");
        command("c", 4);

        assertThat(ids(queries.list(VaultState.REQUESTED, 10, null))).containsExactly("c", "a");
        assertThat(ids(queries.list(VaultState.UNKNOWN, 10, null))).containsExactly("b");
        assertThat(queries.list(VaultState.VAULTED, 10, null).items()).isEmpty();
        assertThat(queries.list(VaultState.REQUESTED, 10, null).next()).isNull();
    }

    @Test
    void listingRejectsLimitsOutsideTheContract() {
        assertThatThrownBy(() -> queries.list(null, 0, null)).hasMessageContaining("limit");
        assertThatThrownBy(() -> queries.list(null, 1001, null)).hasMessageContaining("limit");
    }

    @Test
    void statsSumTheStore() {
        command("a", 0);
        command("b", 0);
        result("a", 2, "VAULTED");

        StatsSnapshot s = queries.stats();
        assertThat(s.total()).isEqualTo(2);
        assertThat(s.counts()).containsEntry(VaultState.VAULTED, 1L).containsEntry(VaultState.REQUESTED, 1L);
        assertThat(s.timeToTerminalPercentileMs(50)).isEqualTo(2_500L);
    }

    @Test
    void mergedPagesKeepListingOrderAndTheLimit() {
        VaultStatus a = status("a", 5);
        VaultStatus b = status("b", 4);
        VaultStatus c = status("c", 3);
        VaultStatus d = status("d", 3);

        ViewQueries.Page merged = ViewQueries.mergePages(List.of(
                new ViewQueries.Page(List.of(b, d), false), new ViewQueries.Page(List.of(a, c), false)), 3);

        assertThat(ids(merged)).containsExactly("a", "b", "c");
        assertThat(merged.more()).isTrue();
        assertThat(ListCursor.decode(merged.next())).isEqualTo(new ListCursor(at(3), "c"));
        ViewQueries.Page all = ViewQueries.mergePages(List.of(new ViewQueries.Page(List.of(b), false)), 3);
        assertThat(all.next()).isNull();
    }

    @Test
    void malformedCursorIsReportedByName() {
        assertThatThrownBy(() -> ListCursor.decode("%%%")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cursor:");
        assertThatThrownBy(() -> ListCursor.decode("bm9jb2xvbg")).hasMessageStartingWith("cursor:");
    }

    private static VaultStatus status(String id, long second) {
        return new StatusModel().apply(null, Evidence.of(Events.result(id, second, "UNKNOWN")));
    }
}
