package io.vaultstream.processor;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The commit-metadata encoding of which records above a committed offset are already finished.
 *
 * <p>Format: {@code "v1:"} + URL-safe base64 (no padding) of unsigned varints giving alternating run
 * lengths, starting at the committed offset with a run of unfinished offsets, then finished, then
 * unfinished, and so on; the runs end at {@link Decoded#end()}. Offsets never delivered (transaction
 * markers) may fall into finished runs, which is harmless since they are never delivered again. An
 * empty string means nothing above the committed offset is finished.
 */
public final class OffsetMetadata {

    static final String PREFIX = "v1:";

    private OffsetMetadata() {}

    /** What a metadata string says: offsets in [committed, end) are finished unless listed unfinished. */
    public record Decoded(long committed, long end, NavigableSet<Long> unfinished) {
        /** True when the record at {@code offset} was finished before the commit. */
        public boolean finished(long offset) {
            return offset > committed && offset < end && !unfinished.contains(offset);
        }
    }

    /** Run lengths, unfinished first, for offsets in [committed, end) with {@code unfinished} (which must contain committed). */
    static List<Long> runs(long committed, long end, NavigableSet<Long> unfinished) {
        List<Long> runs = new ArrayList<>();
        long runStart = committed;
        long cursor = committed;
        for (long u : unfinished.tailSet(committed, true)) {
            if (u >= end) {
                break;
            }
            if (u != cursor) {
                runs.add(cursor - runStart); // the unfinished run that ends here
                runs.add(u - cursor);        // the finished run up to the next unfinished offset
                runStart = u;
            }
            cursor = u + 1;
        }
        runs.add(cursor - runStart);
        if (end > cursor) {
            runs.add(end - cursor);
        }
        return runs;
    }

    /** Encodes; {@code unfinished} must contain {@code committed} unless nothing is finished above it. */
    public static String encode(long committed, long end, NavigableSet<Long> unfinished) {
        if (end <= committed + 1 || unfinished.isEmpty()) {
            return "";
        }
        return encodeRuns(runs(committed, end, unfinished));
    }

    /** Encodes run lengths as {@link #runs} gives them; fewer than two runs claim nothing. */
    static String encodeRuns(List<Long> runs) {
        if (runs.size() < 2) {
            return ""; // everything above is unfinished: nothing to claim
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long run : runs) {
            writeVarint(out, run);
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** Raw bytes (before base64) the encoding of these runs takes. */
    static int rawLength(long committed, long end, NavigableSet<Long> unfinished) {
        if (end <= committed + 1 || unfinished.isEmpty()) {
            return 0;
        }
        List<Long> runs = runs(committed, end, unfinished);
        if (runs.size() < 2) {
            return 0;
        }
        int n = 0;
        for (long run : runs) {
            n += varintLength(run);
        }
        return n;
    }

    /** Characters of the metadata string for {@code raw} encoded bytes. */
    static int encodedChars(int raw) {
        return raw == 0 ? 0 : PREFIX.length() + (raw * 4 + 2) / 3;
    }

    /** Decodes; null, empty or foreign metadata means nothing above {@code committed} is known finished. */
    public static Decoded decode(long committed, String metadata) {
        NavigableSet<Long> unfinished = new TreeSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return new Decoded(committed, committed, unfinished);
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(metadata.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return new Decoded(committed, committed, unfinished);
        }
        long cursor = committed;
        boolean unfinishedRun = true;
        int[] pos = {0};
        while (pos[0] < bytes.length) {
            long run = readVarint(bytes, pos);
            if (run < 0) {
                // truncated: claim nothing, which replays rather than skips
                return new Decoded(committed, committed, new TreeSet<>());
            }
            if (unfinishedRun) {
                for (long o = cursor; o < cursor + run; o++) {
                    unfinished.add(o);
                }
            }
            cursor += run;
            unfinishedRun = !unfinishedRun;
        }
        return new Decoded(committed, cursor, unfinished);
    }

    static int varintLength(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (pos[0] < b.length && shift < 64) {
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
        return -1;
    }
}
