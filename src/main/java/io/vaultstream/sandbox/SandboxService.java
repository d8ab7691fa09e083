package io.vaultstream.sandbox;

import io.vaultstream.Service;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.http.HttpServerOptions;
import io.vaultstream.http.Metrics;
import io.vaultstream.http.RoleHttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Antom sandbox as a service: its API routes on the shared role server, so it also answers
 * health and metrics on {@code sandbox.port}. Keys come from {@code sandbox.key-dir} (generated there
 * when missing).
 */
public final class SandboxService implements Service {

    /** Antom's sample sandbox client id, used when none is configured. */
    public static final String DEFAULT_CLIENT_ID = "SANDBOX_5X00000000000000";

    private final VaultstreamConfig config;
    private final Path keyDir;
    private AntomSandbox sandbox;
    private RoleHttpServer server;
    private SandboxKeys keys;

    public SandboxService(VaultstreamConfig config) {
        this.config = config;
        this.keyDir = config.optionalString(ConfigKeys.SANDBOX_KEY_DIR).map(Path::of).orElseGet(SandboxService::tempKeyDir);
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public void start() {
        keys = SandboxKeys.generateInto(keyDir);
        int port = config.getInt(ConfigKeys.SANDBOX_PORT);
        double share = config.getDouble(ConfigKeys.SANDBOX_FAULT_RATE) / 7.0;
        FaultOptions faults = FaultOptions.builder()
                .seed(config.getLong(ConfigKeys.SANDBOX_SEED))
                .latency(Duration.ofMillis(config.getLong(ConfigKeys.SANDBOX_LATENCY_MS)))
                .jitter(Duration.ofMillis(config.getLong(ConfigKeys.SANDBOX_JITTER_MS)))
                .timeoutHold(Duration.ofMillis(config.getLong(ConfigKeys.SANDBOX_TIMEOUT_HOLD_MS)))
                .serverErrorShare(share).timeoutShare(share).unknownExceptionShare(share).rateLimitShare(share)
                .malformedShare(share).missingSignatureShare(share).wrongSignatureShare(share)
                .build();
        PrometheusMeterRegistry metrics = Metrics.newRegistry("sandbox");
        SandboxOptions.Builder options = SandboxOptions.builder()
                .port(port)
                .keys(keys)
                .clientId(clientId(config))
                .faults(faults)
                .notificationScheduleScale(config.getDouble(ConfigKeys.SANDBOX_NOTIFY_SCHEDULE_SCALE))
                .verificationDelay(Duration.ofMillis(config.getLong(ConfigKeys.SANDBOX_VERIFICATION_DELAY_MS)))
                .sessionCompletionDelay(Duration.ofMillis(config.getLong(ConfigKeys.SANDBOX_SESSION_DELAY_MS)));
        config.optionalString(ConfigKeys.SANDBOX_PUBLIC_URL).ifPresent(options::publicBaseUrl);
        if (config.optionalString(ConfigKeys.SANDBOX_PUBLIC_URL).isEmpty()) {
            options.publicBaseUrl("http://localhost:" + port);
        }
        sandbox = new AntomSandbox(options.build());
        server = new RoleHttpServer("sandbox", HttpServerOptions.onPort(port), metrics, sandbox::register)
                .readinessCheck("sandbox", () -> true)
                .start();
    }

    /** The key files (merchant private/public, Antom private/public) live here. */
    public Path keyDir() {
        return keyDir;
    }

    public SandboxKeys keys() {
        return keys;
    }

    public AntomSandbox sandbox() {
        return sandbox;
    }

    public int port() {
        return server.port();
    }

    @Override
    public boolean isReady() {
        return server != null;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** sandbox.client-id, else antom.client-id, else Antom's sample sandbox client id. */
    public static String clientId(VaultstreamConfig config) {
        return config.optionalString(ConfigKeys.SANDBOX_CLIENT_ID)
                .or(() -> config.optionalString(ConfigKeys.ANTOM_CLIENT_ID))
                .orElse(DEFAULT_CLIENT_ID);
    }

    private static Path tempKeyDir() {
        try {
            return Files.createTempDirectory("vaultstream-sandbox-keys");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a key directory", e);
        }
    }

    /** Files a merchant needs to talk to this sandbox: its private key and the sandbox's public key. */
    public List<Path> merchantKeyFiles() {
        return List.of(keyDir.resolve(SandboxKeys.MERCHANT_PRIVATE), keyDir.resolve(SandboxKeys.ANTOM_PUBLIC));
    }
}
