/**
 * Benchmarks of vaultstream against its baselines and the machine's RSA limit: a real broker, a real
 * registry and the Antom sandbox in the driving JVM, each role under test in a process of its own so
 * its CPU time and memory are its own. Every run returns a {@link io.vaultstream.bench.BenchReport}
 * that the CLI prints as a table and writes as JSON. Benchmarks never judge a number.
 */
package io.vaultstream.bench;
