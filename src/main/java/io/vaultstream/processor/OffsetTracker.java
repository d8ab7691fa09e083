package io.vaultstream.processor;

import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which records of one partition are finished, for commits with out-of-order completion. It gives the
 * offset to commit (the lowest unfinished record) and the metadata naming the finished records above it,
 * and, after a restart, which records were already finished and must be skipped. Not thread-safe: the
 * poll thread owns it.
 */
public final class OffsetTracker {

    private final NavigableSet<Long> unfinished = new TreeSet<>();
    /** Unfinished records of the restored metadata not delivered again yet. */
    private final NavigableSet<Long> restoredPending = new TreeSet<>();
    /** One past the highest offset received or restored. */
    private long end;
    private int cachedRaw = -1;

    private OffsetTracker(long committed, OffsetMetadata.Decoded restored) {
        this.end = Math.max(committed, restored.end());
        if (restored.end() > committed) {
            unfinished.addAll(restored.unfinished());
            restoredPending.addAll(restored.unfinished());
        }
    }

    /** A tracker starting at a committed offset with the metadata committed with it (may be null). */
    public static OffsetTracker restore(long committed, String metadata) {
        return new OffsetTracker(committed, OffsetMetadata.decode(committed, metadata));
    }

    /**
     * Records that {@code offset} was delivered; returns false when it was finished before the restart
     * and must be skipped. Offsets arrive in increasing order.
     */
    public boolean received(long offset) {
        cachedRaw = -1;
        if (!restoredPending.isEmpty()) {
            // restored unfinished records below this offset were never delivered again (retention): nothing to wait for
            NavigableSet<Long> gone = restoredPending.headSet(offset, false);
            unfinished.removeAll(gone);
            gone.clear();
            if (restoredPending.remove(offset)) {
                return true;
            }
        }
        if (offset < end) {
            return false;
        }
        unfinished.add(offset);
        end = offset + 1;
        return true;
    }

    /** Marks a delivered record finished (its result is in the current transaction). */
    public void finish(long offset) {
        if (unfinished.remove(offset)) {
            cachedRaw = -1;
        }
    }

    /** The offset to commit: the lowest unfinished record, or one past the highest received. */
    public long committableOffset() {
        return unfinished.isEmpty() ? end : unfinished.first();
    }

    /** The metadata to commit with {@link #committableOffset()}. */
    public String metadata() {
        return OffsetMetadata.encode(committableOffset(), end, unfinished);
    }

    /** Raw bytes of the current encoding (cached until the next change). */
    public int encodedRawBytes() {
        if (cachedRaw < 0) {
            cachedRaw = OffsetMetadata.rawLength(committableOffset(), end, unfinished);
        }
        return cachedRaw;
    }

    /** Records received and not finished. */
    public int unfinishedCount() {
        return unfinished.size();
    }

    /** Offsets between the committed offset and the highest received: how far completion runs ahead. */
    public long span() {
        return end - committableOffset();
    }

    /** True when the record was received (or restored) and is not finished. */
    public boolean isUnfinished(long offset) {
        return unfinished.contains(offset);
    }
}
