package io.vaultstream.sandbox;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of an {@link AntomSandbox}. Built with {@link #builder()}.
 */
public final class SandboxOptions {
    /** Antom's notification re-send schedule, before scaling. */
    public static final List<Duration> ANTOM_NOTIFY_SCHEDULE = List.of(Duration.ZERO, Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(15));

    private final String host;
    private final int port;
    private final String clientId;
    private final List<PublicKey> merchantPublicKeys;
    private final PrivateKey antomPrivateKey;
    private final String antomKeyVersion;
    private final FaultOptions faults;
    private final double notificationScheduleScale;
    private final Duration verificationDelay;
    private final Duration sessionCompletionDelay;
    private final Duration slowDelay;
    private final Duration notificationTimeout;
    private final int callRecorderCapacity;
    private final int recordCapacity;
    private final String publicBaseUrl;
    private final Clock clock;

    private SandboxOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.clientId = b.clientId;
        this.merchantPublicKeys = List.copyOf(b.merchantPublicKeys);
        this.antomPrivateKey = b.antomPrivateKey;
        this.antomKeyVersion = b.antomKeyVersion;
        this.faults = b.faults;
        this.notificationScheduleScale = b.notificationScheduleScale;
        this.verificationDelay = b.verificationDelay;
        this.sessionCompletionDelay = b.sessionCompletionDelay;
        this.slowDelay = b.slowDelay;
        this.notificationTimeout = b.notificationTimeout;
        this.callRecorderCapacity = b.callRecorderCapacity;
        this.recordCapacity = b.recordCapacity;
        this.publicBaseUrl = b.publicBaseUrl;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() { return host; }
    public int port() { return port; }
    public String clientId() { return clientId; }
    public List<PublicKey> merchantPublicKeys() { return merchantPublicKeys; }
    public PrivateKey antomPrivateKey() { return antomPrivateKey; }
    public String antomKeyVersion() { return antomKeyVersion; }
    public FaultOptions faults() { return faults; }
    public double notificationScheduleScale() { return notificationScheduleScale; }
    public Duration verificationDelay() { return verificationDelay; }
    public Duration sessionCompletionDelay() { return sessionCompletionDelay; }
    public Duration slowDelay() { return slowDelay; }
    public Duration notificationTimeout() { return notificationTimeout; }
    public int callRecorderCapacity() { return callRecorderCapacity; }
    public int recordCapacity() { return recordCapacity; }
    public String publicBaseUrl() { return publicBaseUrl; }
    public Clock clock() { return clock; }

    /** The scaled notification schedule: Antom's delays multiplied by {@link #notificationScheduleScale()}. */
    public List<Duration> notificationSchedule() {
        return ANTOM_NOTIFY_SCHEDULE.stream().map(d -> Duration.ofNanos((long) (d.toNanos() * notificationScheduleScale))).toList();
    }

    @Override
    public String toString() {
        return "SandboxOptions[port=" + port + ", clientId=" + clientId + ", merchantPublicKeys=" + merchantPublicKeys.size() + ", faults="
                + faults + ", notificationScheduleScale=" + notificationScheduleScale + "]";
    }

    /** Builder of {@link SandboxOptions}. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port;
        private String clientId;
        private List<PublicKey> merchantPublicKeys = List.of();
        private PrivateKey antomPrivateKey;
        private String antomKeyVersion = "1";
        private FaultOptions faults = FaultOptions.none();
        private double notificationScheduleScale = 0.001;
        private Duration verificationDelay = Duration.ofSeconds(2);
        private Duration sessionCompletionDelay = Duration.ofSeconds(3);
        private Duration slowDelay = Duration.ofSeconds(5);
        private Duration notificationTimeout = Duration.ofSeconds(10);
        private int callRecorderCapacity = 100_000;
        private int recordCapacity = 1_000_000;
        private String publicBaseUrl;
        private Clock clock = Clock.systemUTC();

        /** Interface to bind; {@code 0.0.0.0} (all) by default. */
        public Builder host(String v) { host = v; return this; }
        /** Port to listen on; 0 picks a free one ({@link AntomSandbox#port()} tells which). */
        public Builder port(int v) { port = v; return this; }
        /** Takes the merchant public key and the Antom private key from generated or loaded sandbox keys. */
        public Builder keys(SandboxKeys keys) {
            merchantPublicKeys = List.of(keys.merchantPublic());
            antomPrivateKey = keys.antomPrivate();
            return this;
        }

        /** The only client id the sandbox accepts; others get CLIENT_INVALID. */
        public Builder clientId(String v) { clientId = v; return this; }
        /** Keys the merchant may sign with (several during a rotation). */
        public Builder merchantPublicKeys(List<PublicKey> v) { merchantPublicKeys = v; return this; }
        /** The key the sandbox signs answers and notifications with, as Antom would. */
        public Builder antomPrivateKey(PrivateKey v) { antomPrivateKey = v; return this; }
        public Builder antomKeyVersion(String v) { antomKeyVersion = v; return this; }
        public Builder faults(FaultOptions v) { faults = v; return this; }
        /** Factor applied to Antom's notification re-send schedule (0s, 2min, 10min, ...): 0.001 makes 15h into 54s. */
        public Builder notificationScheduleScale(double v) { notificationScheduleScale = v; return this; }
        /** How long the 3DS scenarios take before finishing. */
        public Builder verificationDelay(Duration v) { verificationDelay = v; return this; }
        /** How long the "buyer" takes to complete a vaulting session. */
        public Builder sessionCompletionDelay(Duration v) { sessionCompletionDelay = v; return this; }
        /** How long the SLOW scenario holds its answer. */
        public Builder slowDelay(Duration v) { slowDelay = v; return this; }
        /** Timeout of each notification POST. */
        public Builder notificationTimeout(Duration v) { notificationTimeout = v; return this; }
        /** Calls kept in memory; older ones are dropped. */
        public Builder callRecorderCapacity(int v) { callRecorderCapacity = v; return this; }
        /** Vaulting requests remembered for idempotency and inquiry; beyond it the oldest are forgotten (then VAULTING_NOT_EXIST). */
        public Builder recordCapacity(int v) { recordCapacity = v; return this; }
        /** Base URL the buyer would reach the sandbox at (for 3DS URLs); default {@code http://localhost:<port>}. */
        public Builder publicBaseUrl(String v) { publicBaseUrl = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public SandboxOptions build() {
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("clientId is required");
            }
            if (merchantPublicKeys == null || merchantPublicKeys.isEmpty()) {
                throw new IllegalArgumentException("at least one merchant public key is required");
            }
            Objects.requireNonNull(antomPrivateKey, "antomPrivateKey is required");
            if (recordCapacity < 1 || callRecorderCapacity < 1) {
                throw new IllegalArgumentException("capacities must be at least 1");
            }
            if (notificationScheduleScale < 0) {
                throw new IllegalArgumentException("notificationScheduleScale must not be negative");
            }
            return new SandboxOptions(this);
        }
    }
}
