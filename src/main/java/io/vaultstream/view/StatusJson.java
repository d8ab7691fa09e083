package io.vaultstream.view;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.vaultstream.events.StatusHistoryEntry;
import io.vaultstream.events.VaultStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The view's JSON shapes (DESIGN.md "External contract"): the status JSON, the {@code /stats}
 * answer, and the raw stats instances exchange to merge percentiles. Absent values are null, never
 * missing keys; times are ISO 8601 UTC strings.
 */
public final class StatusJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Plain mapper: only its factory and tree reading are used, never reflection-based binding. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusJson() {}

    /**
     * The status JSON of one request as a tree (for merging listings); the same document as
     * {@link #writeStatus}, which is its only definition.
     */
    public static ObjectNode status(VaultStatus s) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            writeStatus(buffer, s);
            return MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory buffers: not expected
        }
    }

    /** The status JSON of one request as UTF-8 bytes, rendered straight from the record (no tree). */
    public static byte[] statusBytes(VaultStatus s) {
        return bytes(1024, g -> writeStatus(g, s));
    }

    /** The {@code GET /vaults} answer for one page: its items and the next page's cursor, null on the last. */
    public static byte[] listing(ViewQueries.Page page) {
        return bytes(pageSizeHint(page), g -> {
            g.writeStartObject();
            writeItems(g, page.items());
            g.writeStringField("next", page.next());
            g.writeEndObject();
        });
    }

    /** A page as instances exchange it ({@code /internal/vaults}): its items and whether more follow. */
    public static byte[] rawPage(ViewQueries.Page page) {
        return bytes(pageSizeHint(page), g -> {
            g.writeStartObject();
            writeItems(g, page.items());
            g.writeBooleanField("more", page.more());
            g.writeEndObject();
        });
    }

    private static int pageSizeHint(ViewQueries.Page page) {
        return Math.min(64 * 1024, 1024 * (1 + page.items().size())); // the buffer grows past it in blocks
    }

    private static void writeItems(JsonGenerator g, List<VaultStatus> items) throws IOException {
        g.writeArrayFieldStart("items");
        for (VaultStatus s : items) {
            writeStatus(g, s);
        }
        g.writeEndArray();
    }

    /** Something written to a generator. */
    @FunctionalInterface
    private interface JsonWriting {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private static byte[] bytes(int sizeHint, JsonWriting writing) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
                JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            writing.writeTo(g);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory buffers: not expected
        }
    }

    /**
     * Writes the status JSON of one request. Reconciler bookkeeping and notification ids stay
     * internal; every key is always written, null when unknown.
     */
    public static void writeStatus(JsonGenerator g, VaultStatus s) throws IOException {
        g.writeStartObject();
        g.writeStringField("vaultingRequestId", s.getVaultingRequestId());
        g.writeStringField("state", s.getState());
        g.writeStringField("commandType", s.getCommandType());
        g.writeStringField("resultCode", s.getResultCode());
        g.writeStringField("resultStatus", s.getResultStatus());
        g.writeStringField("resultMessage", s.getResultMessage());
        g.writeStringField("maskedCardNo", s.getMaskedCardNo());
        g.writeStringField("cardBrand", s.getCardBrand());
        if (s.getNormalUrl() == null && s.getSchemeUrl() == null && s.getApplinkUrl() == null) {
            g.writeNullField("verificationUrls");
        } else {
            g.writeObjectFieldStart("verificationUrls");
            g.writeStringField("normalUrl", s.getNormalUrl());
            g.writeStringField("schemeUrl", s.getSchemeUrl());
            g.writeStringField("applinkUrl", s.getApplinkUrl());
            g.writeEndObject();
        }
        g.writeBooleanField("conflict", s.getConflict());
        g.writeStringField("requestedAt", time(s.getRequestedAt()));
        g.writeStringField("firstAnswerAt", time(s.getFirstAnswerAt()));
        g.writeStringField("finishedAt", time(s.getFinishedAt()));
        g.writeStringField("updatedAt", time(s.getUpdatedAt()));
        g.writeArrayFieldStart("history");
        for (StatusHistoryEntry h : s.getHistory()) {
            g.writeStartObject();
            g.writeStringField("state", h.getState());
            g.writeStringField("source", h.getSource());
            g.writeStringField("at", time(h.getAt()));
            g.writeStringField("resultCode", h.getResultCode());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
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
