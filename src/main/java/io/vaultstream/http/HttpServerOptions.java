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
 * @param maxThreads     most threads of the server's pool; 0 keeps Javalin's default (250)
 */
public record HttpServerOptions(String host, int port, long maxBodyBytes, Duration idleTimeout, Duration stopTimeout, int maxThreads) {

    /** Defaults: all interfaces, 1 MiB bodies, 30 s idle, 10 s graceful stop, Javalin's thread pool. */
    public static HttpServerOptions onPort(int port) {
        return new HttpServerOptions("0.0.0.0", port, 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(10), 0);
    }

    public HttpServerOptions withMaxBodyBytes(long bytes) {
        return new HttpServerOptions(host, port, bytes, idleTimeout, stopTimeout, maxThreads);
    }

    public HttpServerOptions withHost(String h) {
        return new HttpServerOptions(h, port, maxBodyBytes, idleTimeout, stopTimeout, maxThreads);
    }

    /**
     * A smaller pool for a server whose handlers never block (they answer asynchronously): Javalin's 250
     * threads then only spread the same work over more threads, which on a few cores costs switches.
     */
    public HttpServerOptions withMaxThreads(int threads) {
        return new HttpServerOptions(host, port, maxBodyBytes, idleTimeout, stopTimeout, threads);
    }
}
