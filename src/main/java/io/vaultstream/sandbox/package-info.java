/**
 * An Antom-compatible vaulting server for tests, {@code dev} and benchmarks: deterministic
 * scenarios by test card, idempotency, signed answers and notifications, seeded fault injection
 * and a call log. See docs/sandbox-scenarios.md.
 */
package io.vaultstream.sandbox;
