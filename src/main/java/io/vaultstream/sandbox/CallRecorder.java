package io.vaultstream.sandbox;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/** The bounded in-memory log of calls the sandbox received, oldest dropped first; thread-safe. */
public final class CallRecorder {
    private final int capacity;
    private final ArrayDeque<SandboxCall> calls;

    public CallRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.calls = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    synchronized void record(SandboxCall call) {
        if (calls.size() == capacity) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    /** Every recorded call, in the order they were answered. */
    public synchronized List<SandboxCall> all() {
        return List.copyOf(calls);
    }

    /** The recorded calls for one request id, in the order they were answered. */
    public synchronized List<SandboxCall> forRequest(String vaultingRequestId) {
        return calls.stream().filter(c -> Objects.equals(c.vaultingRequestId(), vaultingRequestId)).toList();
    }

    /** How many calls of the given API name were recorded for the request id. */
    public synchronized long count(String vaultingRequestId, String action) {
        return calls.stream().filter(c -> Objects.equals(c.vaultingRequestId(), vaultingRequestId) && c.action().equals(action)).count();
    }

    public synchronized void clear() {
        calls.clear();
    }
}
