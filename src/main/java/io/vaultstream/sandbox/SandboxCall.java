package io.vaultstream.sandbox;

import java.time.Instant;

/**
 * One call the sandbox received: the request id, the API name, when it arrived and when it was
 * answered, the HTTP status and result code it answered, and the fault it injected (or null).
 */
public record SandboxCall(String vaultingRequestId, String action, Instant start, Instant end, int httpStatus, String resultCode,
        String fault) {}
