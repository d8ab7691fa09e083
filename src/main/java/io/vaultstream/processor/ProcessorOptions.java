package io.vaultstream.processor;

import java.time.Duration;
import java.util.Objects;

/**
 * How the command processor trades throughput, memory, latency and load on Antom. Immutable; built with
 * {@link #builder()}, whose defaults suit one instance on two cores against a 100 ms Antom.
 */
public final class ProcessorOptions {

    private final int maxInFlight;
    private final int maxBuffered;
    private final Duration commitInterval;
    private final Duration caughtUpCommitInterval;
    private final double rateLimit;
    private final int maxAttempts;
    private final Duration maxRetryTime;
    private final Duration retryBackoff;
    private final Duration maxBackoff;
    private final int breakerFailureThreshold;
    private final Duration breakerOpenTime;
    private final Duration trafficLimitPause;
    private final Duration misconfiguredProbeInterval;
    private final String webhookPublicUrl;
    private final int maxMetadataChars;
    private final int workerThreads;

    private ProcessorOptions(Builder b) {
        this.maxInFlight = b.maxInFlight;
        this.maxBuffered = b.maxBuffered;
        this.commitInterval = b.commitInterval;
        this.caughtUpCommitInterval = b.caughtUpCommitInterval.compareTo(b.commitInterval) < 0 ? b.caughtUpCommitInterval : b.commitInterval;
        this.rateLimit = b.rateLimit;
        this.maxAttempts = b.maxAttempts;
        this.maxRetryTime = b.maxRetryTime;
        this.retryBackoff = b.retryBackoff;
        this.maxBackoff = b.maxBackoff;
        this.breakerFailureThreshold = b.breakerFailureThreshold;
        this.breakerOpenTime = b.breakerOpenTime;
        this.trafficLimitPause = b.trafficLimitPause;
        this.misconfiguredProbeInterval = b.misconfiguredProbeInterval;
        this.webhookPublicUrl = b.webhookPublicUrl;
        this.maxMetadataChars = b.maxMetadataChars;
        this.workerThreads = b.workerThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxInFlight() { return maxInFlight; }
    public int maxBuffered() { return maxBuffered; }
    /** Commit interval while fetched commands wait (a backlog). */
    public Duration commitInterval() { return commitInterval; }
    /** Commit interval while the processor keeps up; at most {@link #commitInterval()}. */
    public Duration caughtUpCommitInterval() { return caughtUpCommitInterval; }
    public double rateLimit() { return rateLimit; }
    public int maxAttempts() { return maxAttempts; }
    public Duration maxRetryTime() { return maxRetryTime; }
    public Duration retryBackoff() { return retryBackoff; }
    public Duration maxBackoff() { return maxBackoff; }
    public int breakerFailureThreshold() { return breakerFailureThreshold; }
    public Duration breakerOpenTime() { return breakerOpenTime; }
    public Duration trafficLimitPause() { return trafficLimitPause; }
    public Duration misconfiguredProbeInterval() { return misconfiguredProbeInterval; }
    public String webhookPublicUrl() { return webhookPublicUrl; }
    public int maxMetadataChars() { return maxMetadataChars; }
    public int workerThreads() { return workerThreads; }

    @Override
    public String toString() {
        return "ProcessorOptions[maxInFlight=" + maxInFlight + ", maxBuffered=" + maxBuffered + ", commitInterval=" + commitInterval + ", caughtUpCommitInterval=" + caughtUpCommitInterval
                + ", rateLimit=" + rateLimit + ", maxAttempts=" + maxAttempts + ", maxRetryTime=" + maxRetryTime + ", retryBackoff="
                + retryBackoff + ", breaker=" + breakerFailureThreshold + "/" + breakerOpenTime + "]";
    }

    /** Builder of {@link ProcessorOptions}. */
    public static final class Builder {
        private int maxInFlight = 1024;
        private int maxBuffered = 20_000;
        private Duration commitInterval = Duration.ofMillis(100);
        private Duration caughtUpCommitInterval = Duration.ofMillis(5);
        private double rateLimit;
        private int maxAttempts = 8;
        private Duration maxRetryTime = Duration.ofMinutes(2);
        private Duration retryBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private int breakerFailureThreshold = 20;
        private Duration breakerOpenTime = Duration.ofSeconds(5);
        private Duration trafficLimitPause = Duration.ofSeconds(1);
        private Duration misconfiguredProbeInterval = Duration.ofMinutes(1);
        private String webhookPublicUrl;
        private int maxMetadataChars = 4000;
        private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

        private Builder() {}

        /**
         * Antom calls in flight at once. Little's law: calls/s = in-flight / latency, so 1024 hides a 100 ms
         * Antom well beyond what two cores can sign (~3,000/s); more costs memory and connections.
         */
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        /**
         * Received, unfinished records held in memory before partitions are paused. Larger smooths bursts and
         * feeds more keys to the scheduler; smaller bounds memory and rebalance replay.
         */
        public Builder maxBuffered(int v) { maxBuffered = v; return this; }
        /**
         * How often one transaction commits finished results and offsets. Shorter lowers end-to-end latency for
         * read_committed readers; longer amortises the transaction's fixed cost over more results.
         */
        public Builder commitInterval(Duration v) { commitInterval = v; return this; }
        public Builder caughtUpCommitInterval(Duration v) { caughtUpCommitInterval = v; return this; }
        /** Antom requests per second for this instance; 0 is unlimited. Protects Antom and our quota; caps throughput. */
        public Builder rateLimit(double v) { rateLimit = v; return this; }
        /** Calls per command, inquiries included, before the result is UNKNOWN. More resolves more faults, costs Antom traffic. */
        public Builder maxAttempts(int v) { maxAttempts = v; return this; }
        /** Total time one command may spend retrying; longer holds its key (and the committed offset) longer. */
        public Builder maxRetryTime(Duration v) { maxRetryTime = v; return this; }
        /** First backoff; it doubles per attempt with full jitter up to {@link #maxBackoff}. */
        public Builder retryBackoff(Duration v) { retryBackoff = v; return this; }
        public Builder maxBackoff(Duration v) { maxBackoff = v; return this; }
        /** Unknown outcomes in a row that open the breaker; lower reacts faster to an outage, trips on noise more. */
        public Builder breakerFailureThreshold(int v) { breakerFailureThreshold = v; return this; }
        /** How long an open breaker waits before a probe call. */
        public Builder breakerOpenTime(Duration v) { breakerOpenTime = v; return this; }
        /** How long every call waits after Antom answers REQUEST_TRAFFIC_EXCEED_LIMIT. */
        public Builder trafficLimitPause(Duration v) { trafficLimitPause = v; return this; }
        /** After a misconfiguration answer, how often one held command probes whether the integration was fixed. */
        public Builder misconfiguredProbeInterval(Duration v) { misconfiguredProbeInterval = v; return this; }
        /** Fills a command's missing vaultingNotificationUrl; null leaves it missing (the command is then rejected). */
        public Builder webhookPublicUrl(String v) { webhookPublicUrl = v; return this; }
        /**
         * Upper bound of the commit metadata (must stay below the broker's {@code offset.metadata.max.bytes}, 4096 by
         * default). When finished-above-committed would not fit, the partition starts no new work until the gap closes.
         */
        public Builder maxMetadataChars(int v) { maxMetadataChars = v; return this; }
        /** Threads that decrypt, validate and sign requests (RSA signing is the CPU floor); one per core. */
        public Builder workerThreads(int v) { workerThreads = v; return this; }

        public ProcessorOptions build() {
            if (maxInFlight < 1 || maxBuffered < 1 || maxAttempts < 1 || workerThreads < 1 || breakerFailureThreshold < 1) {
                throw new IllegalArgumentException("maxInFlight, maxBuffered, maxAttempts, workerThreads and breakerFailureThreshold must be at least 1");
            }
            if (maxMetadataChars < 64) {
                throw new IllegalArgumentException("maxMetadataChars must be at least 64");
            }
            for (Duration d : new Duration[] {commitInterval, caughtUpCommitInterval, maxRetryTime, retryBackoff, maxBackoff, breakerOpenTime, trafficLimitPause,
                    misconfiguredProbeInterval}) {
                Objects.requireNonNull(d, "durations are required");
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("durations must be positive");
                }
            }
            return new ProcessorOptions(this);
        }
    }
}
