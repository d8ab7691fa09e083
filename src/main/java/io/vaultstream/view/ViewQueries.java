package io.vaultstream.view;

import io.vaultstream.events.VaultStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Queries over this instance's stores: one status, a page of the listing, the stats. Cross-instance
 * routing and merging are the HTTP layer's; {@link #mergePages} is the merge it uses.
 */
public final class ViewQueries {

    /** Default and maximum page sizes of the listing (DESIGN.md). */
    public static final int DEFAULT_LIMIT = 50;

    public static final int MAX_LIMIT = 1000;

    private final LocalStores stores;

    public ViewQueries(LocalStores stores) {
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    /**
     * The status of one request if this instance holds it, read from the store of its partition
     * only; a partition that is {@link ViewCluster.KeyLocation#UNKNOWN_PARTITION unknown} or not
     * queryable here falls back to {@link #get(String, boolean)}, so the answer is the same.
     */
    public Optional<VaultStatus> get(String vaultingRequestId, int partition, boolean allowStale) {
        Objects.requireNonNull(vaultingRequestId, "vaultingRequestId");
        if (partition >= 0) {
            try {
                ReadOnlyKeyValueStore<String, VaultStatus> statuses = stores.statuses(partition, allowStale);
                if (statuses != null) {
                    return Optional.ofNullable(statuses.get(vaultingRequestId));
                }
            } catch (InvalidStateStoreException notHere) {
                // not local or migrating: the search of every local store tells which, as without a partition
            }
        }
        return get(vaultingRequestId, allowStale);
    }

    /** The status of one request if this instance holds it (as active task, or standby when allowed). */
    public Optional<VaultStatus> get(String vaultingRequestId, boolean allowStale) {
        Objects.requireNonNull(vaultingRequestId, "vaultingRequestId");
        for (PartitionStores p : stores.partitions(allowStale)) {
            VaultStatus s = p.statuses().get(vaultingRequestId);
            if (s != null) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** One page of the listing and whether more items follow it. */
    public record Page(List<VaultStatus> items, boolean more) {

        /** The cursor of the next page, or null when this is the last. */
        public String next() {
            if (!more || items.isEmpty()) {
                return null;
            }
            VaultStatus last = items.get(items.size() - 1);
            return new ListCursor(last.getUpdatedAt(), last.getVaultingRequestId()).encode();
        }
    }

    /**
     * A page of this instance's requests, newest {@code updatedAt} first: a k-way merge of index
     * ranges (one per state and partition), reading at most {@code limit + 1} index entries from
     * each, never the whole store.
     *
     * @param state only this state, or null for all
     * @param cursor only items after this position, or null from the newest
     */
    public Page list(VaultState state, int limit, ListCursor cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT);
        }
        List<VaultState> states = state == null ? List.of(VaultState.values()) : List.of(state);
        List<KeyValueIterator<String, String>> open = new ArrayList<>();
        try {
            PriorityQueue<Head> heads = new PriorityQueue<>();
            for (PartitionStores p : stores.partitions(false)) {
                for (VaultState s : states) {
                    String from = cursor == null ? StateIndexKey.rangeStart(s)
                            : StateIndexKey.after(s, cursor.updatedAt(), cursor.vaultingRequestId());
                    KeyValueIterator<String, String> it = p.index().range(from, StateIndexKey.rangeEnd(s));
                    open.add(it);
                    Head.next(p, it).ifPresent(heads::add);
                }
            }
            List<VaultStatus> items = new ArrayList<>(limit);
            while (!heads.isEmpty() && items.size() < limit) {
                Head h = heads.poll();
                VaultStatus s = h.stores.statuses().get(h.key.vaultingRequestId());
                // index and status are written together; a miss or another state is a race with a change
                if (s != null && s.getState().equals(h.key.state().name())) {
                    items.add(s);
                }
                Head.next(h.stores, h.iterator).ifPresent(heads::add);
            }
            return new Page(items, !heads.isEmpty());
        } finally {
            open.forEach(KeyValueIterator::close);
        }
    }

    /** This instance's stats, summed over its active tasks. */
    public StatsSnapshot stats() {
        StatsSnapshot sum = StatsSnapshot.empty();
        for (PartitionStores p : stores.partitions(false)) {
            try (KeyValueIterator<String, Long> it = p.stats().all()) {
                while (it.hasNext()) {
                    KeyValue<String, Long> kv = it.next();
                    sum = sum.plusStoreEntry(kv.key, kv.value);
                }
            }
        }
        return sum;
    }

    /** Merges the pages of several instances into one page of at most {@code limit} items. */
    public static Page mergePages(List<Page> pages, int limit) {
        Merged<VaultStatus> m = merge(pages.stream().map(Page::items).toList(),
                pages.stream().anyMatch(Page::more), (a, b) -> ListCursor.compare(a.getUpdatedAt(),
                        a.getVaultingRequestId(), b.getUpdatedAt(), b.getVaultingRequestId()), limit);
        return new Page(m.items(), m.more());
    }

    /** Items of a merged listing and whether more follow. */
    public record Merged<T>(List<T> items, boolean more) {}

    /**
     * Merges sorted pages of several instances (each already after the same cursor) into the
     * first {@code limit} items in listing order.
     *
     * @param anyMore whether any instance had items beyond its page
     */
    public static <T> Merged<T> merge(List<List<T>> pages, boolean anyMore, Comparator<T> order, int limit) {
        List<T> all = new ArrayList<>();
        pages.forEach(all::addAll);
        all.sort(order);
        if (all.size() > limit) {
            return new Merged<>(List.copyOf(all.subList(0, limit)), true);
        }
        return new Merged<>(List.copyOf(all), anyMore);
    }

    /** The current entry of one index range. */
    private record Head(PartitionStores stores, KeyValueIterator<String, String> iterator, StateIndexKey key)
            implements Comparable<Head> {

        static Optional<Head> next(PartitionStores stores, KeyValueIterator<String, String> it) {
            return it.hasNext() ? Optional.of(new Head(stores, it, StateIndexKey.decode(it.next().key)))
                    : Optional.empty();
        }

        @Override
        public int compareTo(Head o) {
            return ListCursor.compare(key.updatedAt(), key.vaultingRequestId(), o.key.updatedAt(),
                    o.key.vaultingRequestId());
        }
    }
}
