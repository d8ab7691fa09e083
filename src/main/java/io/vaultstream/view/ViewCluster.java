package io.vaultstream.view;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Where the view's data lives: this instance, the owner of a key, and every instance serving the stores. */
public interface ViewCluster {

    /** This instance's advertised {@code application.server}. */
    HostInfo self();

    /** The instance owning the key's active task; empty while that is not known (rebalance, start-up). */
    Optional<HostInfo> owner(String vaultingRequestId);

    /**
     * The key's partition and owner in one metadata lookup, so that the owner reads only that
     * partition's store. This default knows no partition; lookups then search every local store.
     */
    default KeyLocation locate(String vaultingRequestId) {
        return new KeyLocation(KeyLocation.UNKNOWN_PARTITION, owner(vaultingRequestId));
    }

    /** Every instance serving the view's stores, this one included; empty while not known. */
    List<HostInfo> hosts();

    /**
     * Where one key lives.
     *
     * @param partition the input partition (task) holding the key, or {@link #UNKNOWN_PARTITION}
     * @param owner the instance owning that partition's active task; empty while not known
     */
    record KeyLocation(int partition, Optional<HostInfo> owner) {

        /** The partition is not known (no metadata yet, or a cluster view without partitions). */
        public static final int UNKNOWN_PARTITION = -1;
    }
}
