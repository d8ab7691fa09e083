package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The incrementally kept encoding size against the encoding recomputed from a plain set of offsets. */
class UnfinishedOffsetsTest {

    @RepeatedTest(300)
    void incrementalEncodingSizeEqualsTheRecomputedOne() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        long start = random.nextInt(1000);
        UnfinishedOffsets offsets = new UnfinishedOffsets(start);
        NavigableSet<Long> reference = new TreeSet<>();
        long end = start;
        // short and long histories; long finished runs (>= 128) make multi-byte varints
        int steps = random.nextBoolean() ? 60 : 1500;
        int gapScale = random.nextInt(3) == 0 ? 300 : 3;
        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(10);
            if (op < 5 || reference.isEmpty()) {
                long o = end + (random.nextInt(8) == 0 ? random.nextInt(gapScale) : 0);
                offsets.add(o);
                reference.add(o);
                end = o + 1;
            } else if (op < 9) {
                // finish a random unfinished offset, mostly near the front as in practice
                List<Long> open = new ArrayList<>(reference);
                long o = open.get(random.nextBoolean() ? random.nextInt(Math.min(open.size(), 4)) : random.nextInt(open.size()));
                assertThat(offsets.remove(o)).isTrue();
                reference.remove(o);
            } else if (random.nextBoolean()) {
                long newEnd = end + random.nextInt(gapScale);
                offsets.extendEnd(newEnd);
                end = Math.max(end, newEnd);
            } else {
                assertThat(offsets.remove(end + random.nextInt(3))).isFalse(); // never added: nothing changes
            }
            long first = reference.isEmpty() ? end : reference.first();
            String at = "seed " + seed + " step " + step;
            assertThat(offsets.encodedRawBytes()).as(at).isEqualTo(OffsetMetadata.rawLength(first, end, reference));
            assertThat(OffsetMetadata.encodeRuns(offsets.runLengths())).as(at).isEqualTo(OffsetMetadata.encode(first, end, reference));
            assertThat(offsets.first()).as(at).isEqualTo(first);
            assertThat(offsets.end()).as(at).isEqualTo(end);
            assertThat(offsets.size()).as(at).isEqualTo(reference.size());
            long probe = first + random.nextInt((int) Math.min(Integer.MAX_VALUE, end - first + 2));
            assertThat(offsets.contains(probe)).as(at).isEqualTo(reference.contains(probe));
        }
    }

    @Test
    void refusesOffsetsBelowTheEnd() {
        UnfinishedOffsets offsets = new UnfinishedOffsets(10);
        assertThatThrownBy(() -> offsets.add(9)).isInstanceOf(IllegalArgumentException.class);
        offsets.add(10);
        assertThatThrownBy(() -> offsets.add(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSingleUnfinishedBlockClaimsNothing() {
        UnfinishedOffsets offsets = new UnfinishedOffsets(0);
        for (long o = 0; o < 200; o++) {
            offsets.add(o);
        }
        assertThat(offsets.encodedRawBytes()).isZero();
        offsets.remove(199);
        assertThat(offsets.runLengths()).containsExactly(199L, 1L);
        assertThat(offsets.encodedRawBytes()).isEqualTo(3); // varint(199) takes 2 bytes
        offsets.remove(100);
        assertThat(offsets.runLengths()).containsExactly(100L, 1L, 98L, 1L);
    }
}
