package io.vaultstream.view;

import static io.vaultstream.view.Events.vaultPaymentMethod;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.events.VaultStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The single-partition lookup gives the answers of searching every local store, except that a
 * migrating store of another partition no longer fails it.
 */
class ViewQueriesPartitionTest {

    private static final int PARTITIONS = 4;

    private final StatusModel model = new StatusModel();
    private final List<MapStore> active = new ArrayList<>();
    private final List<MapStore> standby = new ArrayList<>();
    /** Partitions whose stores throw as while migrating. */
    private final Set<Integer> migrating = new HashSet<>();

    private static int partitionOf(String id) {
        return Math.floorMod(id.hashCode(), PARTITIONS);
    }

    private final LocalStores stores = stale -> {
        List<PartitionStores> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            // partitions 0 and 1 are active here, 2 is a standby, 3 is elsewhere
            MapStore s = p < 2 ? active.get(p) : p == 2 && stale ? standby.get(0) : null;
            if (s != null) {
                out.add(new PartitionStores(p, s, null, null));
            }
        }
        return out;
    };

    @Test
    void partitionLookupAgreesWithTheFullSearchForRandomKeys() {
        active.add(new MapStore(0));
        active.add(new MapStore(1));
        standby.add(new MapStore(2));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            String id = "r-" + random.nextInt(400);
            VaultStatus s = model.apply(null, Evidence.of(vaultPaymentMethod(id, i)));
            int p = partitionOf(id);
            if (p < 2) {
                active.get(p).map.put(id, s);
            } else if (p == 2) {
                standby.get(0).map.put(id, s);
            }
        }
        ViewQueries queries = new ViewQueries(stores);

        for (int round = 0; round < 3; round++) {
            if (round == 1) {
                migrating.add(1);
            }
            for (int i = 0; i < 400; i++) {
                String id = "r-" + i;
                int p = partitionOf(id);
                for (boolean stale : new boolean[] {false, true}) {
                    Map<String, Object> full = answer(() -> queries.get(id, stale));
                    // the key's own store when it is here and readable (the full search may fail on
                    // another partition's migrating store first), else what the full search says
                    boolean readableHere = (p < 2 || (p == 2 && stale)) && !migrating.contains(p);
                    Map<String, Object> expected = readableHere
                            ? answer(() -> Optional.ofNullable((p < 2 ? active.get(p) : standby.get(0)).map.get(id)))
                            : full;
                    assertThat(answer(() -> queries.get(id, p, stale))).as("%s stale=%s", id, stale)
                            .isEqualTo(expected);
                    assertThat(answer(() -> queries.get(id, ViewCluster.KeyLocation.UNKNOWN_PARTITION, stale)))
                            .isEqualTo(full);
                    if (migrating.isEmpty()) {
                        assertThat(expected).isEqualTo(full);
                    }
                }
            }
        }
    }

    /** The lookup's outcome, an answer or the exception's class, to compare both ways of reading. */
    private static Map<String, Object> answer(Supplier<Optional<VaultStatus>> read) {
        Map<String, Object> m = new HashMap<>();
        try {
            m.put("status", read.get().orElse(null));
        } catch (InvalidStateStoreException e) {
            m.put("error", e.getClass());
        }
        return m;
    }

    /** A map as one partition's status store; throws while its partition is migrating. */
    private final class MapStore implements ReadOnlyKeyValueStore<String, VaultStatus> {
        final int partition;
        final Map<String, VaultStatus> map = new HashMap<>();

        MapStore(int partition) {
            this.partition = partition;
        }

        @Override
        public VaultStatus get(String key) {
            if (migrating.contains(partition)) {
                throw new InvalidStateStoreException("partition " + partition + " is migrating");
            }
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, VaultStatus> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, VaultStatus> all() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }
    }
}
