package io.vaultstream.webhook;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of the notification endpoint, built with {@link #builder()}; each setter's Javadoc
 * states its trade-off.
 */
public final class WebhookOptions {

    /** Default endpoint path (DESIGN.md). */
    public static final String DEFAULT_PATH = "/antom/notifications/vaulting";

    private final String path;
    private final String signedPath;
    private final String clientId;
    private final List<PublicKey> antomPublicKeys;
    private final int maxBodyBytes;
    private final Duration produceTimeout;
    private final Duration replayWindow;
    private final Clock clock;

    private WebhookOptions(Builder b) {
        this.path = b.path;
        this.signedPath = b.signedPath == null ? b.path : b.signedPath;
        this.clientId = b.clientId;
        this.antomPublicKeys = List.copyOf(b.antomPublicKeys);
        this.maxBodyBytes = b.maxBodyBytes;
        this.produceTimeout = b.produceTimeout;
        this.replayWindow = b.replayWindow;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String path() { return path; }
    public String signedPath() { return signedPath; }
    public String clientId() { return clientId; }
    public List<PublicKey> antomPublicKeys() { return antomPublicKeys; }
    public int maxBodyBytes() { return maxBodyBytes; }
    public Duration produceTimeout() { return produceTimeout; }
    public Duration replayWindow() { return replayWindow; }
    public Clock clock() { return clock; }

    @Override
    public String toString() {
        return "WebhookOptions[path=" + path + ", signedPath=" + signedPath + ", clientId=" + clientId + ", antomPublicKeys="
                + antomPublicKeys.size() + ", maxBodyBytes=" + maxBodyBytes + ", produceTimeout=" + produceTimeout
                + ", replayWindow=" + replayWindow + "]";
    }

    /** Builder of {@link WebhookOptions}. */
    public static final class Builder {
        private String path = DEFAULT_PATH;
        private String signedPath;
        private String clientId;
        private List<PublicKey> antomPublicKeys = List.of();
        private int maxBodyBytes = 64 * 1024;
        private Duration produceTimeout = Duration.ofSeconds(5);
        private Duration replayWindow = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The path Antom POSTs to; this is where the endpoint listens. */
        public Builder path(String v) { path = v; return this; }

        /**
         * The path Antom signs, when an ingress rewrites the public path before it reaches us; default
         * {@link #path(String)}. A wrong value makes every notification fail verification (401), loudly.
         */
        public Builder signedPath(String v) { signedPath = v; return this; }

        /** The only {@code client-id} accepted; notifications for another merchant are 401. */
        public Builder clientId(String v) { clientId = v; return this; }

        /** Antom's public keys; a signature by any of them is accepted, so keys rotate without downtime. */
        public Builder antomPublicKeys(List<PublicKey> v) { antomPublicKeys = v; return this; }

        /**
         * Largest body accepted (413 above, read no further). Real notifications are about 1 KiB; a large
         * limit only lets unauthenticated callers make us buffer and hash more.
         */
        public Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }

        /**
         * How long a notification waits for Kafka's acknowledgement before the answer is 503. Longer rides
         * out a leader election without a re-send; shorter frees Antom's connection sooner. Antom's own
         * timeout is not documented, so keep it to a few seconds.
         */
        public Builder produceTimeout(Duration v) { produceTimeout = v; return this; }

        /**
         * Reject a {@code Request-Time} further than this from now (zero: off). On, it narrows replay of a
         * captured notification; but Antom re-sends the same notification with its original headers for up
         * to 24 h, so a window shorter than that turns a late re-send into a permanent 401.
         */
        public Builder replayWindow(Duration v) { replayWindow = v; return this; }

        /** Source of {@code receivedAt} and of "now" for the replay window. */
        public Builder clock(Clock v) { clock = v; return this; }

        public WebhookOptions build() {
            requirePath("path", path);
            if (signedPath != null) {
                requirePath("signedPath", signedPath);
            }
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("clientId is required");
            }
            if (antomPublicKeys == null || antomPublicKeys.isEmpty()) {
                throw new IllegalArgumentException("antomPublicKeys: at least one Antom public key is required");
            }
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
            Objects.requireNonNull(produceTimeout, "produceTimeout");
            if (produceTimeout.isNegative() || produceTimeout.isZero()) {
                throw new IllegalArgumentException("produceTimeout must be positive");
            }
            Objects.requireNonNull(replayWindow, "replayWindow");
            if (replayWindow.isNegative()) {
                throw new IllegalArgumentException("replayWindow must not be negative (zero turns it off)");
            }
            Objects.requireNonNull(clock, "clock");
            return new WebhookOptions(this);
        }

        private static void requirePath(String name, String value) {
            if (value == null || !value.startsWith("/")) {
                throw new IllegalArgumentException(name + " must start with /");
            }
        }
    }
}
