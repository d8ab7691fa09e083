package io.vaultstream.sandbox;

import java.time.Instant;

/**
 * One notifyVaulting delivery attempt the sandbox made: request id, attempt number (1-based),
 * when, the HTTP status answered (0 when none), and whether it was acknowledged with SUCCESS.
 */
public record NotificationAttempt(String vaultingRequestId, int attempt, Instant at, int httpStatus, boolean acknowledged) {}
