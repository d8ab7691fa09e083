package io.vaultstream.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** Whether a port can be listened on right now: a bind and an immediate close, as the servers themselves bind. */
public final class PortProbe {

    private PortProbe() {}

    /** Why {@code port} cannot be bound on {@code host} (null: every interface), or empty when it can. */
    public static Optional<IOException> bindFailure(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e);
        }
    }
}
