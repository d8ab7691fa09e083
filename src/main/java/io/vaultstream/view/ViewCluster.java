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

    /** Every instance serving the view's stores, this one included; empty while not known. */
    List<HostInfo> hosts();
}
