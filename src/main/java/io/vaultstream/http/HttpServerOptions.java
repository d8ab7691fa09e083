package io.vaultstream.http;

import java.time.Duration;

/**
 * Limits of an embedded HTTP server.
 *
 * @param host           interface to bind (0.0.0.0 for all)
 * @param port           port; 0 picks a free one
 * @param maxBodyBytes   largest request body accepted; larger ones get 413 without being read whole
 * @param idleTimeout    idle connection timeout (keep-alive connections close after it)
 * @param stopTimeout    how long shutdown waits for requests in progress
 */
public record HttpServerOptions(String host, int port, long maxBodyBytes, Duration idleTimeout, Duration stopTimeout) {

    /** Defaults: all interfaces, 1 MiB bodies, 30 s idle, 10 s graceful stop. */
    public static HttpServerOptions onPort(int port) {
        return new HttpServerOptions("0.0.0.0", port, 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public HttpServerOptions withMaxBodyBytes(long bytes) {
        return new HttpServerOptions(host, port, bytes, idleTimeout, stopTimeout);
    }

    public HttpServerOptions withHost(String h) {
        return new HttpServerOptions(h, port, maxBodyBytes, idleTimeout, stopTimeout);
    }
}
