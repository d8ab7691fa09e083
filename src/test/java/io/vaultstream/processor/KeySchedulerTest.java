package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class KeySchedulerTest {

    record Item(String key, int seq) {}

    @Test
    void otherKeysRunWhileOneKeyWaits() {
        KeyScheduler<Item> s = new KeyScheduler<>();
        assertThat(s.submit("a", new Item("a", 0))).isTrue();
        assertThat(s.submit("a", new Item("a", 1))).isFalse();
        assertThat(s.submit("b", new Item("b", 2))).isTrue();
        assertThat(s.queued()).isEqualTo(1);
        assertThat(s.complete("a")).isEqualTo(new Item("a", 1));
        assertThat(s.complete("a")).isNull();
        assertThat(s.activeKeys()).isEqualTo(1);
        assertThatThrownBy(() -> s.complete("a")).isInstanceOf(IllegalStateException.class);
    }

    /** Random submissions and completions: at most one item per key runs, and each key runs in submission order. */
    @RepeatedTest(200)
    void perKeyOrderHoldsAndSameKeyItemsNeverOverlap() {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        KeyScheduler<Item> s = new KeyScheduler<>();
        Map<String, Item> running = new HashMap<>();
        Map<String, ArrayDeque<Integer>> expectedOrder = new HashMap<>();
        List<Item> runnable = new ArrayList<>();
        int seq = 0;
        for (int step = 0; step < 2000; step++) {
            if (random.nextInt(2) == 0) {
                String key = "k" + random.nextInt(8);
                Item item = new Item(key, seq++);
                expectedOrder.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(item.seq());
                if (s.submit(key, item)) {
                    runnable.add(item);
                }
            } else if (!runnable.isEmpty()) {
                // start or finish a random runnable item
                Item item = runnable.remove(random.nextInt(runnable.size()));
                assertThat(running.putIfAbsent(item.key(), item)).as("seed %d: two items of %s at once", seed, item.key()).isNull();
                assertThat(expectedOrder.get(item.key()).pollFirst()).as("seed %d: order of %s", seed, item.key()).isEqualTo(item.seq());
                running.remove(item.key());
                Item next = s.complete(item.key());
                if (next != null) {
                    runnable.add(next);
                }
            }
            assertThat(runnable.stream().map(Item::key).distinct().count()).as("seed %d", seed).isEqualTo(runnable.size());
        }
    }
}
