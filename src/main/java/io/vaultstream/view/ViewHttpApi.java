package io.vaultstream.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.vaultstream.events.VaultStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view's query API on a {@link Javalin} passed in: one status (served by the owning instance,
 * forwarded there otherwise, long-poll optional), the listing and the stats gathered across all
 * instances, the dashboard page and the {@code /return} page. Health, metrics and server limits
 * belong to the shared server plumbing.
 *
 * <p>Instances talk to each other over {@code /internal/*} with the caller's bearer token, so one
 * token secures the whole cluster. Errors are JSON {@code {"error": CODE, "message": ...}}.
 */
public final class ViewHttpApi implements AutoCloseable {

    /** Marks a request forwarded by another instance, which must be answered locally (no loops). */
    public static final String FORWARDED_HEADER = "X-Vaultstream-Forwarded";

    private static final Logger log = LoggerFactory.getLogger(ViewHttpApi.class);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");
    private static final String JSON = "application/json";
    private static final String RETURN_PAGE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>vaultstream</title></head><body style=\"font-family:sans-serif;margin:3em\">"
            + "<h1>Vaulting finished</h1><p>You may close this page.</p></body></html>";

    private final ViewQueries queries;
    private final ViewCluster cluster;
    private final ViewHttpOptions options;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final TerminalWaiters waiters;
    private final String dashboard;
    /** {@code Authorization} header value that grants access, as bytes; null when auth is off. */
    private final byte[] expectedAuthorization;

    /** With long polls that only re-read the store on the poll interval (no status processor in this JVM). */
    public ViewHttpApi(ViewQueries queries, ViewCluster cluster, ViewHttpOptions options, Clock clock) {
        this(queries, cluster, options, clock, new TerminalWaiters());
    }

    /**
     * @param waiters signalled by this instance's status processor when it stores a terminal status, which
     *     answers a long poll for that id at once
     */
    public ViewHttpApi(ViewQueries queries, ViewCluster cluster, ViewHttpOptions options, Clock clock,
            TerminalWaiters waiters) {
        this.waiters = Objects.requireNonNull(waiters, "waiters");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.forwardTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "view-http-poll");
            t.setDaemon(true);
            return t;
        });
        this.dashboard = resource("/view/index.html");
        this.expectedAuthorization = options.authToken() == null ? null
                : ("Bearer " + options.authToken()).getBytes(StandardCharsets.UTF_8);
    }

    /** Registers the routes. */
    public void register(Javalin app) {
        app.get("/vaults/{vaultingRequestId}", secured(this::getOne));
        app.get("/vaults", secured(this::list));
        app.get("/stats", secured(this::stats));
        app.get("/internal/vaults", secured(this::localList));
        app.get("/internal/stats", secured(this::localStats));
        // Static pages carry no data: the dashboard asks for the token and calls the API with it,
        // and /return is where the buyer's browser lands after Antom's page.
        app.get("/", ctx -> ctx.html(dashboard));
        app.get("/return", ctx -> ctx.html(RETURN_PAGE));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    // ---- GET /vaults/{id} ------------------------------------------------------------------------

    private void getOne(Context ctx) {
        String id = ctx.pathParam("vaultingRequestId");
        if (id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("vaultingRequestId: must be 1 to 64 characters");
        }
        String waitFor = ctx.queryParam("waitFor");
        if (waitFor != null && !waitFor.equals("terminal")) {
            throw new IllegalArgumentException("waitFor: the only supported value is 'terminal'");
        }
        boolean waitTerminal = waitFor != null;
        Duration timeout = parseTimeout(ctx.queryParam("timeout"));
        boolean stale = "true".equals(ctx.queryParam("stale"));
        boolean forwarded = ctx.header(FORWARDED_HEADER) != null;
        ViewCluster.KeyLocation location = cluster.locate(id);
        if (forwarded) {
            serveLocal(ctx, id, location.partition(), stale, waitTerminal, timeout);
            return;
        }
        if (location.owner().isPresent()) {
            HostInfo owner = location.owner().get();
            if (owner.equals(cluster.self())) {
                serveLocal(ctx, id, location.partition(), false, waitTerminal, timeout);
            } else {
                ctx.future(() -> forward(ctx, owner, waitTerminal ? timeout : Duration.ZERO));
            }
            return;
        }
        // owner not known: a rebalance; wait for it a little before giving up
        Instant ownerDeadline = clock.instant().plus(options.ownerWait());
        ctx.future(() -> awaitOwner(id, location, ownerDeadline).thenCompose(later -> {
            Optional<HostInfo> owner = later.owner();
            if (owner.isPresent() && !owner.get().equals(cluster.self())) {
                return forward(ctx, owner.get(), waitTerminal ? timeout : Duration.ZERO);
            }
            if (owner.isPresent() || stale) {
                return serveLocalAsync(ctx, id, later.partition(), owner.isEmpty(), waitTerminal, timeout);
            }
            log.info("owner of key unknown after waiting vaultingRequestId={} waitedMs={}", id,
                    options.ownerWait().toMillis());
            unavailable(ctx, "the instance owning this request is not known yet (rebalance); retry, or pass "
                    + "stale=true to read a standby replica");
            return CompletableFuture.completedFuture(null);
        }));
    }

    /** Looks the owner up again every 100 ms until it is known or the deadline passes. */
    private CompletableFuture<ViewCluster.KeyLocation> awaitOwner(String id, ViewCluster.KeyLocation first,
            Instant deadline) {
        if (!clock.instant().isBefore(deadline)) {
            return CompletableFuture.completedFuture(first);
        }
        CompletableFuture<ViewCluster.KeyLocation> result = new CompletableFuture<>();
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                try {
                    ViewCluster.KeyLocation location = cluster.locate(id);
                    if (location.owner().isPresent() || !clock.instant().isBefore(deadline)) {
                        result.complete(location);
                    } else {
                        scheduler.schedule(this, 100, TimeUnit.MILLISECONDS);
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        };
        scheduler.schedule(attempt, 100, TimeUnit.MILLISECONDS); // the caller has just looked
        return result;
    }

    /**
     * Answers from the local stores: at once on this request thread when the status is there or no
     * long poll is asked for (the common case costs no async hand-off), else as a long poll.
     */
    private void serveLocal(Context ctx, String id, int partition, boolean stale, boolean waitTerminal,
            Duration timeout) {
        Instant deadline = waitTerminal ? clock.instant().plus(timeout) : null;
        if (!answerLocal(ctx, id, partition, stale, waitTerminal, deadline)) {
            ctx.future(() -> pollLocal(ctx, id, partition, stale, deadline));
        }
    }

    private CompletableFuture<Void> serveLocalAsync(Context ctx, String id, int partition, boolean stale,
            boolean waitTerminal, Duration timeout) {
        Instant deadline = waitTerminal ? clock.instant().plus(timeout) : null;
        try {
            if (answerLocal(ctx, id, partition, stale, waitTerminal, deadline)) {
                return CompletableFuture.completedFuture(null);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return pollLocal(ctx, id, partition, stale, deadline);
    }

    /**
     * Re-reads the local store when this instance stores a terminal status for the id, and every poll
     * interval besides, until the status is terminal or the deadline passes. Every read runs on the poll
     * thread, so the first read that answers is the only one.
     */
    private CompletableFuture<Void> pollLocal(Context ctx, String id, int partition, boolean stale, Instant deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> signal = waiters.await(id);
        Runnable read = () -> {
            if (done.isDone()) {
                return;
            }
            try {
                if (answerLocal(ctx, id, partition, stale, true, deadline)) {
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        };
        Runnable tick = new Runnable() {
            @Override
            public void run() {
                read.run();
                if (!done.isDone()) {
                    scheduler.schedule(this, options.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        };
        signal.thenRun(() -> scheduler.execute(read));
        // the status may have turned terminal between the caller's read and the registration above
        scheduler.execute(read);
        scheduler.schedule(tick, options.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((ignored, e) -> waiters.release(id, signal));
        return done;
    }

    /**
     * One read of the local store. Answers (200, 404, or 503 while stores migrate) and returns
     * true, or returns false without answering when a long poll should read again later.
     */
    private boolean answerLocal(Context ctx, String id, int partition, boolean stale, boolean waitTerminal,
            Instant deadline) {
        try {
            Optional<VaultStatus> s = queries.get(id, partition, stale);
            if (waitTerminal && clock.instant().isBefore(deadline)
                    && !(s.isPresent() && VaultState.valueOf(s.get().getState()).terminal())) {
                return false;
            }
            if (s.isPresent()) {
                if (stale) {
                    ctx.header("X-Vaultstream-Stale", "true");
                }
                sendDirect(ctx, StatusJson.statusBytes(s.get()));
            } else if (!stale && !ownedHere(id)) {
                // forwarded here, but the key moved on (rebalance): not a real 404
                unavailable(ctx, "this request's owner changed while answering (rebalance); retry");
            } else {
                error(ctx, 404, "NOT_FOUND", "no vaulting request with this id is known");
            }
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "the view's stores are migrating (rebalance); retry");
        }
        return true;
    }

    private boolean ownedHere(String id) {
        return cluster.owner(id).map(cluster.self()::equals).orElse(false);
    }

    private CompletableFuture<Void> forward(Context ctx, HostInfo owner, Duration longPoll) {
        String query = ctx.queryString();
        URI uri = uri(owner, ctx.path(), query);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(options.forwardTimeout().plus(longPoll))
                .header(FORWARDED_HEADER, cluster.self().host() + ":" + cluster.self().port())
                .GET();
        String auth = ctx.header("Authorization");
        if (auth != null) {
            req.header("Authorization", auth);
        }
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).handle((resp, err) -> {
            if (err != null) {
                log.warn("forward to owner failed owner={}:{} error={}", owner.host(), owner.port(),
                        rootCause(err).getClass().getSimpleName());
                unavailable(ctx, "the instance owning this request did not answer; retry");
            } else {
                ctx.status(resp.statusCode()).contentType(JSON).result(resp.body());
                resp.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
                resp.headers().firstValue("X-Vaultstream-Stale").ifPresent(v -> ctx.header("X-Vaultstream-Stale", v));
            }
            return null;
        });
    }

    // ---- GET /vaults, /stats (gathered) ---------------------------------------------------------

    private void list(Context ctx) {
        ListParams p = ListParams.parse(ctx);
        List<HostInfo> hosts = cluster.hosts();
        if (hosts.isEmpty()) {
            unavailable(ctx, "no instance serves the view's stores yet; retry");
            return;
        }
        if (onlySelf(hosts)) {
            // this instance holds every partition: its page is the answer, rendered without trees
            json(ctx, 200, StatusJson.listing(queries.list(p.state, p.limit, p.cursor)));
            return;
        }
        List<CompletableFuture<JsonNode>> pages = new ArrayList<>();
        for (HostInfo h : hosts) {
            pages.add(h.equals(cluster.self())
                    ? CompletableFuture.supplyAsync(() -> localPage(p), scheduler)
                    : fetch(ctx, h, "/internal/vaults", ctx.queryString()));
        }
        ctx.future(() -> CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).handle((ok, err) -> {
            if (err != null) {
                failedGather(ctx, err);
                return null;
            }
            List<List<Listed>> items = new ArrayList<>();
            boolean more = false;
            for (CompletableFuture<JsonNode> f : pages) {
                JsonNode page = f.join();
                List<Listed> list = new ArrayList<>();
                page.path("items").forEach(n -> list.add(Listed.of(n)));
                items.add(list);
                more |= page.path("more").asBoolean();
            }
            ViewQueries.Merged<Listed> merged = ViewQueries.merge(items, more, Listed.ORDER, p.limit);
            ObjectNode body = mapper.createObjectNode();
            ArrayNode out = body.putArray("items");
            merged.items().forEach(l -> out.add(l.json()));
            if (merged.more() && !merged.items().isEmpty()) {
                Listed last = merged.items().get(merged.items().size() - 1);
                body.put("next", new ListCursor(last.updatedAt(), last.id()).encode());
            } else {
                body.putNull("next");
            }
            json(ctx, 200, body);
            return null;
        }));
    }

    /** One item of a gathered listing with its sort key parsed once, not on every comparison. */
    private record Listed(Instant updatedAt, String id, JsonNode json) {

        static final Comparator<Listed> ORDER = (a, b) -> ListCursor.compare(a.updatedAt, a.id, b.updatedAt, b.id);

        static Listed of(JsonNode n) {
            return new Listed(Instant.parse(n.get("updatedAt").asText()), n.get("vaultingRequestId").asText(), n);
        }
    }

    private void stats(Context ctx) {
        List<HostInfo> hosts = cluster.hosts();
        if (hosts.isEmpty()) {
            unavailable(ctx, "no instance serves the view's stores yet; retry");
            return;
        }
        if (onlySelf(hosts)) {
            json(ctx, 200, StatusJson.stats(queries.stats()));
            return;
        }
        List<CompletableFuture<JsonNode>> parts = new ArrayList<>();
        for (HostInfo h : hosts) {
            parts.add(h.equals(cluster.self())
                    ? CompletableFuture.supplyAsync(() -> StatusJson.rawStats(queries.stats()), scheduler)
                    : fetch(ctx, h, "/internal/stats", null));
        }
        ctx.future(() -> CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((ok, err) -> {
            if (err != null) {
                failedGather(ctx, err);
                return null;
            }
            StatsSnapshot sum = StatsSnapshot.empty();
            for (CompletableFuture<JsonNode> f : parts) {
                sum = sum.plus(StatusJson.parseRawStats(f.join()));
            }
            json(ctx, 200, StatusJson.stats(sum));
            return null;
        }));
    }

    private boolean onlySelf(List<HostInfo> hosts) {
        return hosts.size() == 1 && hosts.get(0).equals(cluster.self());
    }

    private void localList(Context ctx) {
        ListParams p = ListParams.parse(ctx);
        json(ctx, 200, StatusJson.rawPage(queries.list(p.state, p.limit, p.cursor)));
    }

    private void localStats(Context ctx) {
        json(ctx, 200, StatusJson.rawStats(queries.stats()));
    }

    private ObjectNode localPage(ListParams p) {
        ViewQueries.Page page = queries.list(p.state, p.limit, p.cursor);
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(s -> items.add(StatusJson.status(s)));
        body.put("more", page.more());
        return body;
    }

    private CompletableFuture<JsonNode> fetch(Context ctx, HostInfo host, String path, String query) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(host, path, query))
                .timeout(options.forwardTimeout())
                .header(FORWARDED_HEADER, cluster.self().host() + ":" + cluster.self().port())
                .GET();
        String auth = ctx.header("Authorization");
        if (auth != null) {
            req.header("Authorization", auth);
        }
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).thenApply(resp -> {
            if (resp.statusCode() != 200) {
                throw new InstanceUnavailableException(host, resp.statusCode());
            }
            try {
                return mapper.readTree(resp.body());
            } catch (JsonProcessingException e) {
                throw new InstanceUnavailableException(host, resp.statusCode());
            }
        });
    }

    private void failedGather(Context ctx, Throwable err) {
        Throwable cause = rootCause(err);
        if (cause instanceof IllegalArgumentException bad) {
            error(ctx, 400, "BAD_REQUEST", bad.getMessage());
            return;
        }
        log.warn("gathering from all view instances failed error={} detail={}", cause.getClass().getSimpleName(),
                cause instanceof InstanceUnavailableException ? cause.getMessage() : "");
        unavailable(ctx, "not every view instance answered (rebalance or instance down); retry");
    }

    /** An instance did not give its part of a gathered answer. */
    static final class InstanceUnavailableException extends RuntimeException {
        InstanceUnavailableException(HostInfo host, int status) {
            super("instance " + host.host() + ":" + host.port() + " answered " + status);
        }
    }

    /** Validated parameters of the listing. */
    private record ListParams(VaultState state, int limit, ListCursor cursor) {
        static ListParams parse(Context ctx) {
            String s = ctx.queryParam("state");
            VaultState state = null;
            if (s != null && !s.isEmpty()) {
                state = VaultState.parse(s).orElseThrow(() -> new IllegalArgumentException(
                        "state: must be one of " + Arrays.toString(VaultState.values())));
            }
            int limit = ViewQueries.DEFAULT_LIMIT;
            String l = ctx.queryParam("limit");
            if (l != null) {
                try {
                    limit = Integer.parseInt(l);
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > ViewQueries.MAX_LIMIT) {
                    throw new IllegalArgumentException("limit: must be an integer from 1 to " + ViewQueries.MAX_LIMIT);
                }
            }
            String c = ctx.queryParam("cursor");
            return new ListParams(state, limit, c == null || c.isEmpty() ? null : ListCursor.decode(c));
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private Handler secured(Handler h) {
        return ctx -> {
            if (expectedAuthorization != null && !authorized(ctx.header("Authorization"))) {
                ctx.header("WWW-Authenticate", "Bearer");
                error(ctx, 401, "UNAUTHORIZED", "missing or wrong bearer token");
                return;
            }
            try {
                h.handle(ctx);
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "BAD_REQUEST", e.getMessage());
            } catch (InvalidStateStoreException e) {
                unavailable(ctx, "the view's stores are migrating (rebalance); retry");
            }
        };
    }

    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8));
    }

    Duration parseTimeout(String value) {
        if (value == null || value.isEmpty()) {
            return options.defaultLongPoll();
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("timeout: must look like 10s, 500ms or 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(options.maxLongPoll()) > 0) {
            throw new IllegalArgumentException("timeout: must not exceed " + options.maxLongPoll().toSeconds() + "s");
        }
        return d;
    }

    private void json(Context ctx, int status, JsonNode body) {
        try {
            json(ctx, status, mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    /**
     * A 200 JSON answer written straight to the servlet response with its length. Javalin's result
     * would copy it through a fresh buffer and its compression wrapper; one status is small, and
     * compressing it would cost more than it saves.
     */
    private static void sendDirect(Context ctx, byte[] body) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType(JSON);
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client went away: nothing to answer
        }
    }

    private void error(Context ctx, int status, String code, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        json(ctx, status, body);
    }

    private void unavailable(Context ctx, String message) {
        ctx.header("Retry-After", Long.toString(Math.max(1, options.retryAfter().toSeconds())));
        error(ctx, 503, "UNAVAILABLE", message);
    }

    private static URI uri(HostInfo host, String rawPath, String rawQuery) {
        // path and query are passed on as received (already percent-encoded)
        return URI.create("http://" + host.host() + ":" + host.port() + rawPath
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String resource(String path) {
        try (InputStream in = ViewHttpApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
