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

    /** Received (or restored) and not finished; its end is one past the highest offset received or restored. */
    private final UnfinishedOffsets unfinished;
    /** Unfinished records of the restored metadata not delivered again yet. */
    private final NavigableSet<Long> restoredPending = new TreeSet<>();

    private OffsetTracker(long committed, OffsetMetadata.Decoded restored) {
        this.unfinished = new UnfinishedOffsets(committed);
        if (restored.end() > committed) {
            for (long o : restored.unfinished()) {
                unfinished.add(o);
            }
            unfinished.extendEnd(restored.end());
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
        if (!restoredPending.isEmpty()) {
            // restored unfinished records below this offset were never delivered again (retention): nothing to wait for
            NavigableSet<Long> gone = restoredPending.headSet(offset, false);
            for (long o : gone) {
                unfinished.remove(o);
            }
            gone.clear();
            if (restoredPending.remove(offset)) {
                return true;
            }
        }
        if (offset < unfinished.end()) {
            return false;
        }
        unfinished.add(offset);
        return true;
    }

    /** Marks a delivered record finished (its result is in the current transaction). */
    public void finish(long offset) {
        unfinished.remove(offset);
    }

    /** The offset to commit: the lowest unfinished record, or one past the highest received. */
    public long committableOffset() {
        return unfinished.first();
    }

    /** The metadata to commit with {@link #committableOffset()}. */
    public String metadata() {
        return OffsetMetadata.encodeRuns(unfinished.runLengths());
    }

    /** Raw bytes of the current encoding (maintained on every change, so this is cheap). */
    public int encodedRawBytes() {
        return unfinished.encodedRawBytes();
    }

    /** Records received and not finished. */
    public int unfinishedCount() {
        return unfinished.size();
    }

    /** Offsets between the committed offset and the highest received: how far completion runs ahead. */
    public long span() {
        return unfinished.end() - committableOffset();
    }

    /** True when the record was received (or restored) and is not finished. */
    public boolean isUnfinished(long offset) {
        return unfinished.contains(offset);
    }
}
