package io.vaultstream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The embedded HTTP server every role shares: {@code GET /health/live}, {@code GET /health/ready} (all
 * registered checks must pass), {@code GET /metrics} (Prometheus), JSON errors
 * {@code {"error","message"}} for every failure (never a stack trace), body-size limits, and graceful
 * shutdown (readiness false first, then in-flight requests drain, then the server stops).
 */
public final class RoleHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String role;
    private final Javalin app;
    private final HttpServerOptions options;
    private final Map<String, BooleanSupplier> readiness = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * @param routes registers the role's own routes on the Javalin instance
     */
    public RoleHttpServer(String role, HttpServerOptions options, PrometheusMeterRegistry metrics, Consumer<Javalin> routes) {
        this.role = role;
        this.options = options;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jetty.modifyServer(server -> server.setStopTimeout(options.stopTimeout().toMillis()));
            if (options.maxThreads() > 0) {
                QueuedThreadPool pool = new QueuedThreadPool(options.maxThreads(), Math.min(8, options.maxThreads()), 60_000);
                pool.setName("JettyServerThreadPool");
                config.jetty.threadPool = pool;
            }
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                // Jetty 11's per-connection header cache matches values case-insensitively by default, so after
                // "Bearer abc" a "Bearer ABC" on the same connection arrives as "Bearer abc": tokens and
                // signatures must be compared exactly as sent
                http.setHeaderCacheCaseSensitive(true);
            });
            config.jetty.addConnector((server, httpConfig) -> {
                ServerConnector c = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(httpConfig));
                c.setHost(options.host());
                c.setPort(options.port());
                c.setIdleTimeout(options.idleTimeout().toMillis());
                return c;
            });
        });
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", this::ready);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{}: unhandled error on {} {}", role, ctx.method(), ctx.path(), e);
            error(ctx, 500, "INTERNAL_ERROR", "internal error; see the server log");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> error(ctx, 405, "METHOD_NOT_ALLOWED", "method " + ctx.method() + " not allowed on " + ctx.path()));
        app.error(413, ctx -> error(ctx, 413, "PAYLOAD_TOO_LARGE", "request body larger than " + options.maxBodyBytes() + " bytes"));
        routes.accept(app);
    }

    /** Adds a readiness check; /health/ready is 200 only when every check is true. */
    public RoleHttpServer readinessCheck(String name, BooleanSupplier check) {
        readiness.put(name, check);
        return this;
    }

    public RoleHttpServer start() {
        try {
            app.start();
        } catch (Exception e) { // Javalin (Kotlin) can throw checked exceptions undeclared
            // Javalin's own clean-up after a failed bind throws in turn and hides the BindException
            stopping = true;
            throw new IllegalStateException(role + " HTTP server cannot listen on port " + options.port() + ": "
                    + (options.port() != 0 && PortProbe.bindFailure(options.host(), options.port()).isPresent()
                            ? "already in use by another process" : String.valueOf(e.getMessage())), e);
        }
        LOG.info("{} HTTP server listening on port {}", role, port());
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return app.port();
    }

    public Javalin javalin() {
        return app;
    }

    private void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean ok = !stopping;
        for (Map.Entry<String, BooleanSupplier> e : readiness.entrySet()) {
            boolean up;
            try {
                up = e.getValue().getAsBoolean();
            } catch (RuntimeException ex) {
                up = false;
            }
            checks.put(e.getKey(), up ? "UP" : "DOWN");
            ok &= up;
        }
        if (stopping) {
            checks.put("shutdown", "DOWN");
        }
        ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "UP" : "DOWN", "checks", checks));
    }

    /** Writes the JSON error body. */
    public static void error(Context ctx, int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message == null ? "" : message);
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.status(status).result("{\"error\":\"" + code + "\",\"message\":\"\"}");
        }
    }

    private static String codeOf(int status) {
        HttpStatus s = HttpStatus.forStatus(status);
        return s == HttpStatus.UNKNOWN ? "HTTP_" + status : s.name();
    }

    /** Readiness goes false at once, then the server drains requests in progress and stops. */
    @Override
    public void close() {
        stopping = true;
        app.stop();
    }
}
