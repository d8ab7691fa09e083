package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void committedOffsetIsTheLowestUnfinishedAndMetadataNamesFinishedAbove() {
        OffsetTracker t = OffsetTracker.restore(10, null);
        for (long o = 10; o < 15; o++) {
            assertThat(t.received(o)).isTrue();
        }
        t.finish(11);
        t.finish(13);
        assertThat(t.committableOffset()).isEqualTo(10);
        OffsetMetadata.Decoded d = OffsetMetadata.decode(10, t.metadata());
        assertThat(d.finished(11)).isTrue();
        assertThat(d.finished(13)).isTrue();
        assertThat(d.finished(10)).isFalse();
        assertThat(d.finished(12)).isFalse();
        assertThat(d.finished(14)).isFalse();
        t.finish(10);
        assertThat(t.committableOffset()).isEqualTo(12);
        t.finish(12);
        t.finish(14);
        assertThat(t.committableOffset()).isEqualTo(15);
        assertThat(t.metadata()).isEmpty();
    }

    @Test
    void restoredTrackerSkipsFinishedRecordsAndKeepsClaimingThemUntilReceived() {
        OffsetTracker t = OffsetTracker.restore(0, null);
        for (long o = 0; o < 6; o++) {
            t.received(o);
        }
        t.finish(2);
        t.finish(3);
        t.finish(5);
        OffsetTracker r = OffsetTracker.restore(t.committableOffset(), t.metadata());
        assertThat(r.received(0)).isTrue();
        // before the rest is delivered again, a commit must still claim 2, 3 and 5
        OffsetMetadata.Decoded early = OffsetMetadata.decode(r.committableOffset(), r.metadata());
        assertThat(early.finished(2) && early.finished(3) && early.finished(5)).isTrue();
        assertThat(r.received(1)).isTrue();
        assertThat(r.received(2)).isFalse();
        assertThat(r.received(3)).isFalse();
        assertThat(r.received(4)).isTrue();
        assertThat(r.received(5)).isFalse();
        assertThat(r.received(6)).isTrue();
    }

    @Test
    void restoredUnfinishedRecordsThatNeverComeBackDoNotBlockTheCommit() {
        OffsetTracker t = OffsetTracker.restore(0, null);
        for (long o = 0; o < 4; o++) {
            t.received(o);
        }
        t.finish(1);
        OffsetTracker r = OffsetTracker.restore(0, t.metadata());
        // retention deleted 0, 2 and 3: the first delivered record is 7
        assertThat(r.received(7)).isTrue();
        r.finish(7);
        assertThat(r.committableOffset()).isEqualTo(8);
    }

    @Test
    void foreignOrCorruptMetadataClaimsNothing() {
        assertThat(OffsetMetadata.decode(5, "something else").finished(6)).isFalse();
        assertThat(OffsetMetadata.decode(5, "v1:***").finished(6)).isFalse();
        assertThat(OffsetMetadata.decode(5, "v1:gA").finished(6)).isFalse(); // truncated varint
        assertThat(OffsetMetadata.decode(5, null).finished(6)).isFalse();
    }

    /** A random history: offsets with gaps (transaction markers), random completion order, snapshots restored. */
    @RepeatedTest(200)
    void committedOffsetPlusMetadataNeverClaimsAnUnfinishedRecordAndClaimsEveryFinishedOne() {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        long start = random.nextInt(1000);
        OffsetTracker t = OffsetTracker.restore(start, null);
        List<Long> delivered = new ArrayList<>();
        List<Long> open = new ArrayList<>();
        Set<Long> finished = new HashSet<>();
        long next = start;
        for (int step = 0; step < 400; step++) {
            if (random.nextInt(3) > 0 || open.isEmpty()) {
                next += random.nextInt(10) == 0 ? 1 + random.nextInt(3) : 0; // a marker gap now and then
                assertThat(t.received(next)).as("seed %d", seed).isTrue();
                delivered.add(next);
                open.add(next);
                next++;
            } else {
                long o = open.remove(random.nextInt(open.size()));
                t.finish(o);
                finished.add(o);
            }
            // the incrementally kept encoding size equals the one recomputed from the open offsets
            NavigableSet<Long> openSet = new TreeSet<>(open);
            assertThat(t.encodedRawBytes()).as("seed %d", seed)
                    .isEqualTo(OffsetMetadata.rawLength(t.committableOffset(), next, openSet));
            if (random.nextInt(20) == 0) {
                check(t, delivered, finished, seed);
            }
        }
        check(t, delivered, finished, seed);
    }

    private static void check(OffsetTracker t, List<Long> delivered, Set<Long> finished, long seed) {
        long committed = t.committableOffset();
        String metadata = t.metadata();
        assertThat(metadata.length()).isLessThanOrEqualTo(OffsetMetadata.encodedChars(t.encodedRawBytes()));
        OffsetMetadata.Decoded d = OffsetMetadata.decode(committed, metadata);
        for (long o : delivered) {
            if (o < committed) {
                assertThat(finished).as("seed %d: offset %d below committed %d must be finished", seed, o, committed).contains(o);
            } else {
                assertThat(d.finished(o)).as("seed %d: offset %d (committed %d, metadata %s)", seed, o, committed, metadata)
                        .isEqualTo(finished.contains(o));
            }
        }
        // a restored tracker fed the same records skips exactly the finished ones
        OffsetTracker r = OffsetTracker.restore(committed, metadata);
        for (long o : delivered) {
            if (o >= committed) {
                assertThat(r.received(o)).as("seed %d: replay of %d", seed, o).isEqualTo(!finished.contains(o));
            }
        }
    }

    @RepeatedTest(100)
    void encodingRoundTrips() {
        Random random = new Random();
        long committed = random.nextInt(1_000_000);
        long end = committed + 1 + random.nextInt(5000);
        NavigableSet<Long> unfinished = new TreeSet<>();
        unfinished.add(committed);
        for (long o = committed + 1; o < end; o++) {
            if (random.nextInt(4) == 0) {
                unfinished.add(o);
            }
        }
        String encoded = OffsetMetadata.encode(committed, end, unfinished);
        OffsetMetadata.Decoded d = OffsetMetadata.decode(committed, encoded);
        for (long o = committed; o < end + 3; o++) {
            assertThat(d.finished(o)).isEqualTo(o > committed && o < end && !unfinished.contains(o));
        }
        assertThat(encoded.length()).isEqualTo(OffsetMetadata.encodedChars(OffsetMetadata.rawLength(committed, end, unfinished)));
    }

    @Test
    void aLongRunOfFinishedRecordsEncodesInAFewBytes() {
        NavigableSet<Long> unfinished = new TreeSet<>(List.of(100L));
        String encoded = OffsetMetadata.encode(100, 1_000_100, unfinished);
        assertThat(encoded).startsWith("v1:").hasSizeLessThan(12);
    }

    @Test
    void worstCaseAlternationStaysWithinTheReservedBudget() {
        // random completion order: each finish adds at most 1 + varint(span) raw bytes, plus varint(span) once, as the engine reserves
        OffsetTracker t = OffsetTracker.restore(0, null);
        List<Long> offsets = new ArrayList<>();
        for (long o = 0; o < 1000; o++) {
            t.received(o);
            offsets.add(o);
        }
        Collections.shuffle(offsets, new Random(7));
        int before = t.encodedRawBytes();
        int finishedCount = 0;
        for (long o : offsets) {
            t.finish(o);
            finishedCount++;
            assertThat(t.encodedRawBytes()).isLessThanOrEqualTo(before + 2 + finishedCount * 3);
        }
    }
}
