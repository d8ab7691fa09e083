package io.vaultstream.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The unfinished offsets of one partition as maximal blocks of consecutive offsets, with the size of their
 * {@link OffsetMetadata} encoding kept up to date on every change. The engine asks for that size before
 * each dispatch; recomputing it walked every unfinished offset (up to {@code max-queued}) each time, while a
 * change here only touches the changed block and its two neighbours: O(log blocks).
 *
 * <p>The encoding's runs are: each block, the finished gap between consecutive blocks, and the finished gap
 * from the last block to {@link #end()} when not empty. Not thread-safe.
 */
final class UnfinishedOffsets {

    private static final long NONE = Long.MIN_VALUE;

    /** Block start to block end (exclusive); blocks never touch (a gap of at least one offset between them). */
    private final TreeMap<Long, Long> blocks = new TreeMap<>();
    private long end;
    private int size;
    /** Runs of the encoding and the sum of their varint lengths. */
    private int runs;
    private int runBytes;

    /** No unfinished offsets; everything below {@code end} is finished or was never delivered. */
    UnfinishedOffsets(long end) {
        this.end = end;
    }

    /** One past the highest offset added (or the end given). */
    long end() {
        return end;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The lowest unfinished offset, or {@link #end()} when there is none. */
    long first() {
        return blocks.isEmpty() ? end : blocks.firstKey();
    }

    boolean contains(long offset) {
        Map.Entry<Long, Long> block = blocks.floorEntry(offset);
        return block != null && offset < block.getValue();
    }

    /** Adds an unfinished offset at or above {@link #end()}; the offsets skipped in between count as finished. */
    void add(long offset) {
        if (offset < end) {
            throw new IllegalArgumentException("offset " + offset + " is below the end " + end);
        }
        Map.Entry<Long, Long> last = blocks.lastEntry();
        if (last != null && last.getValue() == offset) {
            // extends the last block
            long left = leftNeighbourEnd(last.getKey());
            account(-1, left, last.getKey(), offset, NONE, NONE, NONE);
            end = offset + 1;
            blocks.put(last.getKey(), end);
            account(1, left, last.getKey(), end, NONE, NONE, NONE);
        } else {
            long left = last == null ? NONE : last.getValue();
            account(-1, left, NONE, NONE, NONE, NONE, NONE);
            end = offset + 1;
            blocks.put(offset, end);
            account(1, left, offset, end, NONE, NONE, NONE);
        }
        size++;
    }

    /** Moves {@link #end()} up to {@code newEnd}: the offsets in between count as finished. */
    void extendEnd(long newEnd) {
        if (newEnd <= end) {
            return;
        }
        long left = blocks.isEmpty() ? NONE : blocks.lastEntry().getValue();
        account(-1, left, NONE, NONE, NONE, NONE, NONE);
        end = newEnd;
        account(1, left, NONE, NONE, NONE, NONE, NONE);
    }

    /** Removes an offset; false when it was not unfinished. */
    boolean remove(long offset) {
        Map.Entry<Long, Long> block = blocks.floorEntry(offset);
        if (block == null || offset >= block.getValue()) {
            return false;
        }
        long a = block.getKey();
        long b = block.getValue();
        long left = leftNeighbourEnd(a);
        Long right = blocks.higherKey(a);
        long rightStart = right == null ? NONE : right;
        account(-1, left, a, b, NONE, NONE, rightStart);
        blocks.remove(a);
        long s1 = NONE;
        long e1 = NONE;
        long s2 = NONE;
        long e2 = NONE;
        if (offset > a) {
            blocks.put(a, offset);
            s1 = a;
            e1 = offset;
        }
        if (offset + 1 < b) {
            blocks.put(offset + 1, b);
            if (s1 == NONE) {
                s1 = offset + 1;
                e1 = b;
            } else {
                s2 = offset + 1;
                e2 = b;
            }
        }
        account(1, left, s1, e1, s2, e2, rightStart);
        size--;
        return true;
    }

    /** Raw bytes (before base64) of the metadata encoding: 0 when it claims nothing. */
    int encodedRawBytes() {
        return blocks.isEmpty() || runs < 2 ? 0 : runBytes;
    }

    /** The run lengths of the encoding, unfinished first, starting at {@link #first()}; empty when there is no block. */
    List<Long> runLengths() {
        List<Long> out = new ArrayList<>(runs);
        long cursor = NONE;
        for (Map.Entry<Long, Long> block : blocks.entrySet()) {
            if (cursor != NONE) {
                out.add(block.getKey() - cursor);
            }
            out.add(block.getValue() - block.getKey());
            cursor = block.getValue();
        }
        if (cursor != NONE && end > cursor) {
            out.add(end - cursor);
        }
        return out;
    }

    private long leftNeighbourEnd(long blockStart) {
        Map.Entry<Long, Long> left = blocks.lowerEntry(blockStart);
        return left == null ? NONE : left.getValue();
    }

    /**
     * Adds ({@code sign} 1) or subtracts (-1) the runs of one stretch of the encoding: the gap after the block
     * ending at {@code leftEnd} (if any), up to two blocks, and the gap up to the block starting at
     * {@code rightStart}, or, when there is none, the trailing gap up to {@link #end()}. Without a block on the
     * left, the first block of the stretch is the first of all and no gap precedes it.
     */
    private void account(int sign, long leftEnd, long s1, long e1, long s2, long e2, long rightStart) {
        long cursor = leftEnd;
        if (s1 != NONE) {
            cursor = block(sign, cursor, s1, e1);
        }
        if (s2 != NONE) {
            cursor = block(sign, cursor, s2, e2);
        }
        if (cursor == NONE) {
            return; // nothing on the left: the next block (if any) starts the encoding
        }
        if (rightStart != NONE) {
            run(sign, rightStart - cursor);
        } else if (end > cursor) {
            run(sign, end - cursor);
        }
    }

    private long block(int sign, long cursor, long start, long blockEnd) {
        if (cursor != NONE) {
            run(sign, start - cursor);
        }
        run(sign, blockEnd - start);
        return blockEnd;
    }

    private void run(int sign, long length) {
        runs += sign;
        runBytes += sign * OffsetMetadata.varintLength(length);
    }
}
