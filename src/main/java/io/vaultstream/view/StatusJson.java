package io.vaultstream.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultstream.events.StatusHistoryEntry;
import io.vaultstream.events.VaultStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The view's JSON shapes (DESIGN.md "External contract"): the status JSON, the {@code /stats}
 * answer, and the raw stats instances exchange to merge percentiles. Absent values are null, never
 * missing keys; times are ISO 8601 UTC strings.
 */
public final class StatusJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StatusJson() {}

    /** The status JSON of one request. Reconciler bookkeeping and notification ids stay internal. */
    public static ObjectNode status(VaultStatus s) {
        ObjectNode n = F.objectNode();
        n.put("vaultingRequestId", s.getVaultingRequestId());
        n.put("state", s.getState());
        n.put("commandType", s.getCommandType());
        n.put("resultCode", s.getResultCode());
        n.put("resultStatus", s.getResultStatus());
        n.put("resultMessage", s.getResultMessage());
        n.put("maskedCardNo", s.getMaskedCardNo());
        n.put("cardBrand", s.getCardBrand());
        if (s.getNormalUrl() == null && s.getSchemeUrl() == null && s.getApplinkUrl() == null) {
            n.putNull("verificationUrls");
        } else {
            ObjectNode urls = n.putObject("verificationUrls");
            urls.put("normalUrl", s.getNormalUrl());
            urls.put("schemeUrl", s.getSchemeUrl());
            urls.put("applinkUrl", s.getApplinkUrl());
        }
        n.put("conflict", s.getConflict());
        n.put("requestedAt", time(s.getRequestedAt()));
        n.put("firstAnswerAt", time(s.getFirstAnswerAt()));
        n.put("finishedAt", time(s.getFinishedAt()));
        n.put("updatedAt", time(s.getUpdatedAt()));
        ArrayNode history = n.putArray("history");
        for (StatusHistoryEntry h : s.getHistory()) {
            ObjectNode e = history.addObject();
            e.put("state", h.getState());
            e.put("source", h.getSource());
            e.put("at", time(h.getAt()));
            e.put("resultCode", h.getResultCode());
        }
        return n;
    }

    /** The {@code GET /stats} answer. */
    public static ObjectNode stats(StatsSnapshot s) {
        ObjectNode n = F.objectNode();
        n.put("total", s.total());
        ObjectNode counts = n.putObject("counts");
        for (VaultState state : VaultState.values()) {
            counts.put(state.name(), s.counts().get(state));
        }
        ObjectNode ttt = n.putObject("timeToTerminalMs");
        ttt.put("p50", s.timeToTerminalPercentileMs(50));
        ttt.put("p95", s.timeToTerminalPercentileMs(95));
        ttt.put("p99", s.timeToTerminalPercentileMs(99));
        n.put("stalledRequested", s.stalledRequested());
        return n;
    }

    /** Stats as instances exchange them: counts and raw histogram buckets, so sums stay exact. */
    public static ObjectNode rawStats(StatsSnapshot s) {
        ObjectNode n = F.objectNode();
        ObjectNode counts = n.putObject("counts");
        s.counts().forEach((state, c) -> counts.put(state.name(), c));
        ArrayNode buckets = n.putArray("timeToTerminalBuckets");
        for (long b : s.timeToTerminalBuckets()) {
            buckets.add(b);
        }
        n.put("stalledRequested", s.stalledRequested());
        return n;
    }

    /** Parses {@link #rawStats}; unknown states are ignored (an instance of a newer version). */
    public static StatsSnapshot parseRawStats(JsonNode n) {
        Map<VaultState, Long> counts = new EnumMap<>(VaultState.class);
        n.path("counts").properties().forEach(e ->
                VaultState.parse(e.getKey()).ifPresent(s -> counts.put(s, e.getValue().asLong())));
        long[] buckets = new long[StatsSnapshot.BUCKETS];
        JsonNode b = n.path("timeToTerminalBuckets");
        for (int i = 0; i < Math.min(b.size(), buckets.length); i++) {
            buckets[i] = b.get(i).asLong();
        }
        return new StatsSnapshot(counts, buckets, n.path("stalledRequested").asLong());
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
