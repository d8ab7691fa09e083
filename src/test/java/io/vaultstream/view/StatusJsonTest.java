package io.vaultstream.view;

import static io.vaultstream.view.Events.at;
import static io.vaultstream.view.Events.notification;
import static io.vaultstream.view.Events.result;
import static io.vaultstream.view.Events.vaultPaymentMethod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultstream.events.VaultStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

    private static final List<String> STATUS_KEYS = List.of("vaultingRequestId", "state", "commandType", "resultCode",
            "resultStatus", "resultMessage", "maskedCardNo", "cardBrand", "verificationUrls", "conflict",
            "requestedAt", "firstAnswerAt", "finishedAt", "updatedAt", "history");

    private final StatusModel model = new StatusModel();

    private static List<String> keys(JsonNode n) {
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void freshStatusHasEveryKeyWithNullsForTheUnknown() {
        VaultStatus s = model.apply(null, Evidence.of(vaultPaymentMethod("r1", 0)));

        ObjectNode json = StatusJson.status(s);

        assertThat(keys(json)).containsExactlyElementsOf(STATUS_KEYS);
        assertThat(json.get("state").asText()).isEqualTo("REQUESTED");
        assertThat(json.get("commandType").asText()).isEqualTo("VAULT_PAYMENT_METHOD");
        assertThat(json.get("resultCode").isNull()).isTrue();
        assertThat(json.get("verificationUrls").isNull()).isTrue();
        assertThat(json.get("firstAnswerAt").isNull()).isTrue();
        assertThat(json.get("finishedAt").isNull()).isTrue();
        assertThat(json.get("conflict").isBoolean()).isTrue();
        assertThat(json.get("requestedAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(json.get("history")).hasSize(1);
        assertThat(keys(json.get("history").get(0))).containsExactly("state", "source", "at", "resultCode");
        assertThat(json.get("history").get(0).get("resultCode").isNull()).isTrue();
    }

    @Test
    void finishedStatusCarriesUrlsTimesAndHistoryNewestLast() {
        VaultStatus s = model.apply(null, Evidence.of(vaultPaymentMethod("r1", 0)));
        s = model.apply(s, Evidence.of(result("r1", 1, "VERIFICATION_REQUIRED")));
        s = model.apply(s, Evidence.of(notification("r1", 30, "S")));

        ObjectNode json = StatusJson.status(s);

        assertThat(keys(json)).containsExactlyElementsOf(STATUS_KEYS);
        assertThat(keys(json.get("verificationUrls"))).containsExactly("normalUrl", "schemeUrl", "applinkUrl");
        assertThat(json.get("verificationUrls").get("normalUrl").asText()).isEqualTo("https://3ds.example/n");
        assertThat(json.get("verificationUrls").get("schemeUrl").isNull()).isTrue();
        assertThat(json.get("finishedAt").asText()).isEqualTo(at(30).toString());
        assertThat(json.get("maskedCardNo").asText()).isEqualTo(Events.MASKED);
        assertThat(json.get("history").get(2).get("source").asText()).isEqualTo("NOTIFICATION");
        assertThat(json.get("history").get(2).get("at").asText()).isEqualTo("2026-11-20T10:00:30Z");
        assertThat(json.toString()).doesNotContain(Events.CARD_TOKEN).doesNotContain("seenNotificationIds")
                .doesNotContain("inquiries");
    }

    @Test
    void statsListEveryStateAndNullPercentilesWhenNothingFinished() {
        ObjectNode json = StatusJson.stats(StatsSnapshot.empty());

        assertThat(keys(json)).containsExactly("total", "counts", "timeToTerminalMs", "stalledRequested");
        assertThat(keys(json.get("counts"))).containsExactly("REQUESTED", "REJECTED", "SESSION_CREATED",
                "VERIFICATION_REQUIRED", "VAULTED", "FAILED", "UNKNOWN");
        assertThat(json.get("counts").get("VAULTED").asLong()).isZero();
        assertThat(keys(json.get("timeToTerminalMs"))).containsExactly("p50", "p95", "p99");
        assertThat(json.get("timeToTerminalMs").get("p50").isNull()).isTrue();
    }

    @Test
    void rawStatsRoundTripAndSumExactly() {
        long[] buckets = new long[StatsSnapshot.BUCKETS];
        buckets[3] = 9;
        buckets[10] = 1;
        StatsSnapshot a = new StatsSnapshot(Map.of(VaultState.VAULTED, 10L), buckets, 2);

        StatsSnapshot back = StatusJson.parseRawStats(StatusJson.rawStats(a));
        StatsSnapshot sum = back.plus(a);

        assertThat(back).isEqualTo(a);
        assertThat(sum.total()).isEqualTo(20);
        assertThat(sum.stalledRequested()).isEqualTo(4);
        assertThat(sum.timeToTerminalPercentileMs(50)).isEqualTo(1_000L);
        assertThat(sum.timeToTerminalPercentileMs(95)).isEqualTo(300_000L);
        assertThat(StatusJson.stats(sum).get("total").asLong()).isEqualTo(20);
    }

    @Test
    void bytesAndTreeAreTheSameDocument() throws Exception {
        VaultStatus fresh = model.apply(null, Evidence.of(vaultPaymentMethod("r1", 0)));
        VaultStatus finished = model.apply(model.apply(fresh, Evidence.of(result("r1", 1, "VERIFICATION_REQUIRED"))),
                Evidence.of(notification("r1", 30, "S")));
        ObjectMapper mapper = new ObjectMapper();

        for (VaultStatus s : List.of(fresh, finished)) {
            byte[] bytes = StatusJson.statusBytes(s);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(StatusJson.status(s).toString());
            assertThat(keys(mapper.readTree(bytes))).containsExactlyElementsOf(STATUS_KEYS);
        }
    }

    @Test
    void pagesCarryTheirItemsAndTheNextCursorOrMore() throws Exception {
        VaultStatus a = model.apply(null, Evidence.of(vaultPaymentMethod("a", 5)));
        VaultStatus b = model.apply(null, Evidence.of(vaultPaymentMethod("b", 3)));
        ObjectMapper mapper = new ObjectMapper();

        JsonNode last = mapper.readTree(StatusJson.listing(new ViewQueries.Page(List.of(a, b), false)));
        JsonNode more = mapper.readTree(StatusJson.listing(new ViewQueries.Page(List.of(a, b), true)));
        JsonNode raw = mapper.readTree(StatusJson.rawPage(new ViewQueries.Page(List.of(a), true)));

        assertThat(keys(last)).containsExactly("items", "next");
        assertThat(last.get("items")).hasSize(2);
        assertThat(last.get("items").get(1)).isEqualTo(StatusJson.status(b));
        assertThat(last.get("next").isNull()).isTrue();
        assertThat(more.get("next").asText()).isEqualTo(new ListCursor(b.getUpdatedAt(), "b").encode());
        assertThat(keys(raw)).containsExactly("items", "more");
        assertThat(raw.get("more").asBoolean()).isTrue();
        assertThat(raw.get("items").get(0)).isEqualTo(StatusJson.status(a));
    }
}
