package io.vaultstream;

/**
 * One runnable part of vaultstream (a role, the sandbox, embedded infrastructure): started once,
 * closed once, and able to say whether it can take work right now.
 */
public interface Service extends AutoCloseable {

    /** Short name for logs and health output, e.g. "processor". */
    String name();

    /** Starts the service; returns once it is serving or throws. */
    void start() throws Exception;

    /** True when the service can take work (its readiness probe). */
    boolean isReady();

    /** Stops the service, releasing threads, sockets and clients; never throws. */
    @Override
    void close();
}
