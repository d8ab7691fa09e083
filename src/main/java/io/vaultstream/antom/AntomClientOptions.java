package io.vaultstream.antom;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable settings of an {@link AntomClient}. Built with {@link #builder()}; {@link Builder#build()}
 * refuses plain {@code http} to anything but a loopback host unless {@code allowPlainHttp} is set.
 */
public final class AntomClientOptions {
    private final URI gatewayUrl;
    private final String clientId;
    private final String keyVersion;
    private final PrivateKey merchantPrivateKey;
    private final List<PublicKey> antomPublicKeys;
    private final boolean sandbox;
    private final boolean allowPlainHttp;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxConnections;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final Clock clock;

    private AntomClientOptions(Builder b) {
        this.gatewayUrl = b.gatewayUrl;
        this.clientId = b.clientId;
        this.keyVersion = b.keyVersion;
        this.merchantPrivateKey = b.merchantPrivateKey;
        this.antomPublicKeys = List.copyOf(b.antomPublicKeys);
        this.sandbox = b.sandbox;
        this.allowPlainHttp = b.allowPlainHttp;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.maxConnections = b.maxConnections;
        this.trustStore = b.trustStore;
        this.trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI gatewayUrl() { return gatewayUrl; }
    public String clientId() { return clientId; }
    public String keyVersion() { return keyVersion; }
    public PrivateKey merchantPrivateKey() { return merchantPrivateKey; }
    public List<PublicKey> antomPublicKeys() { return antomPublicKeys; }
    public boolean sandbox() { return sandbox; }
    public boolean allowPlainHttp() { return allowPlainHttp; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration responseTimeout() { return responseTimeout; }
    public int maxConnections() { return maxConnections; }
    public Path trustStore() { return trustStore; }
    char[] trustStorePassword() { return trustStorePassword == null ? null : trustStorePassword.clone(); }
    public Clock clock() { return clock; }

    /** The full path of an action on this gateway (any path prefix of the gateway URL included): what gets signed. */
    public String path(AntomAction action) {
        String base = gatewayUrl.getRawPath() == null ? "" : gatewayUrl.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + action.path(sandbox);
    }

    /** The full URL of an action. */
    public URI uri(AntomAction action) {
        return URI.create(gatewayUrl.getScheme() + "://" + gatewayUrl.getRawAuthority() + path(action));
    }

    @Override
    public String toString() {
        return "AntomClientOptions[gatewayUrl=" + gatewayUrl + ", clientId=" + clientId + ", keyVersion=" + keyVersion + ", sandbox=" + sandbox
                + ", antomPublicKeys=" + antomPublicKeys.size() + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", maxConnections=" + maxConnections + "]";
    }

    /** True for {@code localhost} and loopback IP literals; no DNS lookup. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** Builder of {@link AntomClientOptions}; defaults suit a processor with 256 calls in flight. */
    public static final class Builder {
        private URI gatewayUrl;
        private String clientId;
        private String keyVersion = "1";
        private PrivateKey merchantPrivateKey;
        private List<PublicKey> antomPublicKeys = List.of();
        private boolean sandbox;
        private boolean allowPlainHttp;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private int maxConnections = 256;
        private Path trustStore;
        private char[] trustStorePassword;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Scheme, host and port of the gateway, e.g. {@code https://open-sea-global.alipay.com}. No default: never hard-coded. */
        public Builder gatewayUrl(String url) { this.gatewayUrl = URI.create(url); return this; }
        public Builder clientId(String clientId) { this.clientId = clientId; return this; }
        /** Sent in the {@code Signature} header so Antom picks the matching registered key. */
        public Builder keyVersion(String keyVersion) { this.keyVersion = keyVersion; return this; }
        public Builder merchantPrivateKey(PrivateKey key) { this.merchantPrivateKey = key; return this; }
        /** Any of these verifies an answer, so Antom's key can rotate without downtime. */
        public Builder antomPublicKeys(List<PublicKey> keys) { this.antomPublicKeys = keys; return this; }
        /** Use the {@code /ams/sandbox/api} path form. */
        public Builder sandbox(boolean sandbox) { this.sandbox = sandbox; return this; }
        /** Allow plain http to non-loopback hosts: only for sandboxes on trusted networks, since card data travels in the body. */
        public Builder allowPlainHttp(boolean allow) { this.allowPlainHttp = allow; return this; }
        /** Longer tolerates slow networks; shorter frees in-flight slots sooner when Antom is unreachable. */
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        /** Time to wait for the answer; a timeout becomes an unknown outcome resolved by inquiry, so too short a value costs inquiries. */
        public Builder responseTimeout(Duration d) { this.responseTimeout = d; return this; }
        /** Pool size; size it to the processor's in-flight limit so no call waits for a connection. */
        public Builder maxConnections(int n) { this.maxConnections = n; return this; }
        /** A PKCS#12/JKS trust store replacing the JVM's default CAs (for a private gateway CA). */
        public Builder trustStore(Path file, char[] password) { this.trustStore = file; this.trustStorePassword = password; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        public AntomClientOptions build() {
            Objects.requireNonNull(gatewayUrl, "gatewayUrl is required");
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("clientId is required");
            }
            Objects.requireNonNull(merchantPrivateKey, "merchantPrivateKey is required");
            if (antomPublicKeys == null || antomPublicKeys.isEmpty()) {
                throw new IllegalArgumentException("at least one Antom public key is required to verify answers");
            }
            String scheme = gatewayUrl.getScheme() == null ? "" : gatewayUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || gatewayUrl.getHost() == null) {
                throw new IllegalArgumentException("gatewayUrl must be an absolute https URL");
            }
            if (scheme.equals("http") && !allowPlainHttp && !isLoopback(gatewayUrl.getHost())) {
                throw new IllegalArgumentException("gatewayUrl uses plain http to a non-loopback host; use https or set allow-plain-http");
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            return new AntomClientOptions(this);
        }
    }
}
