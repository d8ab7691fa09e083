/**
 * The command processor: consumes {@code vault.commands.v1}, calls Antom and publishes results exactly once.
 *
 * <p>Shape: a pure decision core ({@link io.vaultstream.processor.CommandDecider}: command type + call + what
 * Antom's answer meant -> finish / retry / halt) and a poll loop ({@link io.vaultstream.processor.ProcessorEngine})
 * that drives small single-purpose state classes: per partition an {@link io.vaultstream.processor.OffsetTracker}
 * (committable offset plus the finished-above-it set, encoded by {@link io.vaultstream.processor.OffsetMetadata}
 * into the commit metadata) and a {@link io.vaultstream.processor.KeyScheduler} (one command per
 * vaultingRequestId at a time, in arrival order); globally a {@link io.vaultstream.processor.RetryQueue}, a
 * {@link io.vaultstream.processor.RateLimiter} and a {@link io.vaultstream.processor.CircuitBreaker}.
 *
 * <p>Threads: one poll thread owns the consumer ({@code read_committed}, manual commits) and the transactional
 * producer; worker threads decrypt the card, validate and sign; the async HTTP client calls Antom; completions come
 * back to the poll thread through a queue. Every commit interval one transaction holds the results, dead letters,
 * offsets and metadata, so a crash at any point neither loses a command nor duplicates a committed result.
 * {@link io.vaultstream.processor.ProcessorService} is the role ({@code vaultstream processor}, or embedded by dev).
 */
package io.vaultstream.processor;
