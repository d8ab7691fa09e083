package io.vaultstream.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomJson;
import io.vaultstream.antom.AntomResponse;
import io.vaultstream.antom.AntomSigner;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.InquireVaultingRequest;
import io.vaultstream.antom.InvalidSignatureException;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.RequestValidator;
import io.vaultstream.antom.Result;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.antom.Violation;
import io.javalin.http.servlet.MaxRequestSize;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Antom-compatible vaulting server: verifies merchant signatures, validates requests, is
 * idempotent on {@code vaultingRequestId}, plays deterministic {@link SandboxScenario}s, signs its
 * answers, sends signed notifications with re-sends, injects configured faults, and records every
 * call. Latency is served asynchronously from a scheduler, so waiting answers hold no thread.
 */
public final class AntomSandbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AntomSandbox.class);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final String LIVE = "/ams/api/v1/vaults/{name}";
    private static final String SANDBOX = "/ams/sandbox/api/v1/vaults/{name}";
    private static final int RESPONSE_COPY_BUFFER = 2048;

    /** The fault injected into one answer. */
    enum Fault { NONE, SERVER_ERROR, TIMEOUT, UNKNOWN_EXCEPTION, RATE_LIMIT, MALFORMED, MISSING_SIGNATURE, WRONG_SIGNATURE }

    private final SandboxOptions options;
    private final ObjectMapper mapper = AntomJson.mapper();
    private final AntomSigner signer;
    private final AntomSigner wrongSigner;
    private final Map<String, VaultingRecord> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
    private final Queue<String> recordOrder = new ConcurrentLinkedQueue<>();
    private final Queue<String> callOrder = new ConcurrentLinkedQueue<>();
    private final CallRecorder calls;
    private final ScheduledExecutorService scheduler;
    private final NotificationSender notifications;
    /** The answer faults and their shares, in draw order; fixed by the options, so built once. */
    private final Fault[] faultOrder = {Fault.SERVER_ERROR, Fault.TIMEOUT, Fault.UNKNOWN_EXCEPTION, Fault.RATE_LIMIT, Fault.MALFORMED,
            Fault.MISSING_SIGNATURE, Fault.WRONG_SIGNATURE};
    private final double[] faultShares;
    private Javalin app;

    public AntomSandbox(SandboxOptions options) {
        this.options = options;
        this.signer = new AntomSigner(options.antomPrivateKey(), options.antomKeyVersion());
        this.wrongSigner = new AntomSigner(throwawayKey(), options.antomKeyVersion());
        this.calls = new CallRecorder(options.callRecorderCapacity());
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "antom-sandbox-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.notifications = new NotificationSender(options, scheduler);
        FaultOptions f = options.faults();
        this.faultShares = new double[] {f.serverErrorShare(), f.timeoutShare(), f.unknownExceptionShare(), f.rateLimitShare(),
                f.malformedShare(), f.missingSignatureShare(), f.wrongSignatureShare()};
    }

    /** Starts its own server on the configured host and port; returns this. */
    public AntomSandbox start() {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = 64 * 1024L;
            // Javalin copies every result through a buffer of this size, allocated per response; its default is
            // Jetty's 32 KiB output buffer, about fifty times an Antom answer
            cfg.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            // named, so a benchmark can tell the sandbox's threads (and their CPU time) from the broker's
            QueuedThreadPool threads = new QueuedThreadPool(250, 8, 60_000);
            threads.setName("antom-sandbox-http");
            cfg.jetty.threadPool = threads;
        });
        register(app);
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("sandbox error path={} error={}", ctx.path(), e.getClass().getSimpleName());
            ctx.status(500).contentType("application/json").result("{\"error\":\"INTERNAL\",\"message\":\"sandbox error\"}");
        });
        app.start(options.host(), options.port());
        log.info("antom sandbox listening port={} clientId={}", app.port(), options.clientId());
        return this;
    }

    /**
     * Adds the sandbox's routes to a server someone else runs (e.g. one that also serves health and
     * metrics); then set {@link SandboxOptions.Builder#publicBaseUrl} so 3DS URLs point at it.
     */
    public void register(Javalin server) {
        server.post(LIVE, ctx -> handle(ctx, ctx.pathParam("name")));
        server.post(SANDBOX, ctx -> handle(ctx, ctx.pathParam("name")));
        for (String path : List.of(LIVE, SANDBOX)) {
            server.get(path, this::methodNotSupported);
            server.put(path, this::methodNotSupported);
            server.delete(path, this::methodNotSupported);
        }
        server.get("/ams/sandbox/calls", this::listCalls);
        server.get("/ams/sandbox/3ds/{id}", this::buyerPage);
        server.get("/ams/sandbox/session/{id}", this::buyerPage);
    }

    private void methodNotSupported(Context ctx) {
        reply(ctx, options.clock().instant(), null, ctx.pathParam("name"),
                Reply.signed(AntomResponse.of(new Result("METHOD_NOT_SUPPORTED", "F", "only POST is supported"))).withStatus(405));
    }

    private void buyerPage(Context ctx) {
        ctx.contentType("text/html; charset=UTF-8")
                .result("<!doctype html><title>Antom sandbox</title><p>Simulated buyer step: it completes by itself.</p>");
    }

    /** The port it listens on (after {@link #start()}). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /** The calls it received. */
    public CallRecorder calls() {
        return calls;
    }

    /** The notification delivery attempts it made, in order. */
    public List<NotificationAttempt> notificationAttempts() {
        return notifications.attempts();
    }

    /** The sandbox's vaulting status of a request id (SUCCESS, FAIL, PROCESSING), or empty when it never saw it. */
    public Optional<String> vaultingStatus(String vaultingRequestId) {
        return Optional.ofNullable(records.get(vaultingRequestId)).map(VaultingRecord::status);
    }

    private String baseUrl() {
        return options.publicBaseUrl() != null ? options.publicBaseUrl() : "http://localhost:" + (app == null ? options.port() : app.port());
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(Context ctx, String name) throws java.io.IOException {
        Instant start = options.clock().instant();
        byte[] body = body(ctx);
        String path = ctx.path();
        String clientId = ctx.header("Client-Id");
        AntomAction action = AntomAction.fromApiName(name);
        String apiName = action == null ? name : action.apiName();

        JsonNode tree = parse(body);
        String id = tree != null && tree.path("vaultingRequestId").isValueNode() ? tree.path("vaultingRequestId").asText() : null;
        if (clientId == null || !clientId.trim().equals(options.clientId())) {
            reply(ctx, start, id, apiName, Reply.unsigned(new Result("CLIENT_INVALID", "F", "client id is unknown")));
            return;
        }
        try {
            AntomSigner.verifyHeader(options.merchantPublicKeys(), path, clientId.trim(), ctx.header("Request-Time"), body, ctx.header("Signature"));
        } catch (InvalidSignatureException e) {
            // Antom answers signature problems unsigned
            reply(ctx, start, id, apiName, Reply.unsigned(new Result("INVALID_SIGNATURE", "F", "the signature is invalid")));
            return;
        }
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            reply(ctx, start, id, apiName, Reply.signed(AntomResponse.of(new Result("MEDIA_TYPE_NOT_ACCEPTABLE", "F",
                    "content type must be application/json"))).withStatus(415));
            return;
        }
        if (action == null) {
            reply(ctx, start, id, apiName, Reply.signed(AntomResponse.of(new Result("NO_INTERFACE_DEF", "F", "no such API"))));
            return;
        }
        if (tree == null) {
            reply(ctx, start, null, apiName, Reply.signed(paramIllegal("body is not a JSON object")));
            return;
        }

        int callNo = id == null ? 0 : callNumber(apiName + "/" + id);
        SplittableRandom random = random(id, apiName, callNo);
        Fault fault = drawFault(random);
        boolean process = fault == Fault.NONE || fault != Fault.RATE_LIMIT && random.nextDouble() < options.faults().processedOnFaultShare();
        Duration delay = latency(random);

        CompletableFuture<AntomResponse> business = process ? business(action, tree)
                : CompletableFuture.completedFuture(AntomResponse.of(new Result("UNKNOWN_EXCEPTION", "U", "unknown exception")));
        if (fault == Fault.TIMEOUT) {
            delay = delay.plus(options.faults().timeoutHold());
        }
        Duration wait = delay;
        // sign before waiting, so the scheduler threads only fire timers and write prepared bytes
        ctx.future(() -> business.thenApply(answer -> prepare(faulty(fault, answer), path))
                .thenCompose(p -> later(p, wait))
                .thenAccept(p -> write(ctx, start, id, apiName, p)));
    }

    /**
     * The request body. Javalin's {@code bodyAsBytes()} reads through two 8 KiB buffers whatever the size; with the
     * length known (Antom clients send it) this reads into one array of exactly that size. Same size check as Javalin's.
     */
    private static byte[] body(Context ctx) throws java.io.IOException {
        MaxRequestSize.INSTANCE.throwContentTooLargeIfContentTooLarge(ctx);
        long length = ctx.req().getContentLengthLong();
        InputStream in = ctx.req().getInputStream();
        return length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
    }

    /** The body as a JSON object, or null; parsed before the checks so even rejected calls are recorded by id. */
    private JsonNode parse(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            return tree != null && tree.isObject() ? tree : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void reply(Context ctx, Instant start, String id, String apiName, Reply reply) {
        write(ctx, start, id, apiName, prepare(reply, ctx.path()));
    }

    private <T> CompletableFuture<T> later(T value, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        scheduler.schedule(() -> f.complete(value), delay.toNanos(), TimeUnit.NANOSECONDS);
        return f;
    }

    private Prepared prepare(Reply reply, String path) {
        byte[] bytes = reply.rawBody != null ? reply.rawBody : json(reply.response);
        String time = null;
        String signature = null;
        if (reply.signature != Reply.Signing.NONE) {
            time = ZonedDateTime.now(options.clock()).format(ISO);
            AntomSigner s = reply.signature == Reply.Signing.WRONG ? wrongSigner : signer;
            signature = s.signatureHeader(path, options.clientId(), time, bytes);
        }
        return new Prepared(reply, bytes, time, signature);
    }

    private void write(Context ctx, Instant start, String id, String apiName, Prepared p) {
        Reply reply = p.reply;
        ctx.status(reply.httpStatus);
        ctx.contentType("application/json; charset=UTF-8");
        if (p.signature != null) {
            ctx.header("client-id", options.clientId());
            ctx.header("response-time", p.time);
            ctx.header("signature", p.signature);
        }
        ctx.result(p.bytes);
        String code = reply.response != null && reply.response.result() != null ? reply.response.result().resultCode() : null;
        calls.record(new SandboxCall(id, apiName, start, options.clock().instant(), reply.httpStatus, code,
                reply.fault == Fault.NONE ? null : reply.fault.name()));
    }

    /** An answer with its bytes and signature computed. */
    private record Prepared(Reply reply, byte[] bytes, String time, String signature) {}

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise answer", e);
        }
    }

    private void listCalls(Context ctx) throws JsonProcessingException {
        String id = ctx.queryParam("vaultingRequestId");
        List<SandboxCall> list = id == null ? calls.all() : calls.forRequest(id);
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(list));
    }

    // ---- faults -----------------------------------------------------------------------------------

    private SplittableRandom random(String id, String apiName, int callNo) {
        long h = options.faults().seed();
        h = h * 31 + (id == null ? 0 : id.hashCode());
        h = h * 31 + apiName.hashCode();
        h = h * 31 + callNo;
        return new SplittableRandom(h);
    }

    private Fault drawFault(SplittableRandom random) {
        double x = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < faultShares.length; i++) {
            acc += faultShares[i];
            if (x < acc) {
                return faultOrder[i];
            }
        }
        return Fault.NONE;
    }

    private Duration latency(SplittableRandom random) {
        FaultOptions f = options.faults();
        long jitter = f.jitter().toNanos();
        return f.latency().plusNanos(jitter <= 0 ? 0 : random.nextLong(jitter + 1));
    }

    private Reply faulty(Fault fault, AntomResponse answer) {
        return switch (fault) {
            case NONE -> Reply.signed(answer);
            case TIMEOUT -> Reply.signed(answer).withFault(fault);
            case SERVER_ERROR -> new Reply(500, null, "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
                    Reply.Signing.NONE, fault);
            case UNKNOWN_EXCEPTION -> Reply.signed(AntomResponse.of(new Result("UNKNOWN_EXCEPTION", "U", "unknown exception"))).withFault(fault);
            case RATE_LIMIT -> Reply.signed(AntomResponse.of(new Result("REQUEST_TRAFFIC_EXCEED_LIMIT", "U", "request traffic exceed limit")))
                    .withFault(fault);
            case MALFORMED -> new Reply(200, null, "{\"result\":{\"resultCode\":\"SUCC".getBytes(StandardCharsets.UTF_8), Reply.Signing.GOOD, fault);
            case MISSING_SIGNATURE -> new Reply(200, answer, null, Reply.Signing.NONE, fault);
            case WRONG_SIGNATURE -> new Reply(200, answer, null, Reply.Signing.WRONG, fault);
        };
    }

    // ---- business ---------------------------------------------------------------------------------

    private CompletableFuture<AntomResponse> business(AntomAction action, JsonNode tree) {
        try {
            return switch (action) {
                case VAULT_PAYMENT_METHOD -> vault(mapper.treeToValue(tree, VaultPaymentMethodRequest.class), tree);
                case CREATE_VAULTING_SESSION -> session(mapper.treeToValue(tree, CreateVaultingSessionRequest.class), tree);
                case INQUIRE_VAULTING -> CompletableFuture.completedFuture(inquire(mapper.treeToValue(tree, InquireVaultingRequest.class)));
            };
        } catch (JsonProcessingException e) {
            return CompletableFuture.completedFuture(paramIllegal("a field has the wrong JSON type"));
        }
    }

    private CompletableFuture<AntomResponse> vault(VaultPaymentMethodRequest request, JsonNode tree) {
        List<Violation> violations = RequestValidator.validate(request);
        if (!violations.isEmpty()) {
            return CompletableFuture.completedFuture(paramIllegal(violations.toString()));
        }
        String id = request.vaultingRequestId();
        Card card = request.paymentMethodDetail().card();
        SandboxScenario scenario = SandboxScenario.forCard(card.cardNo());
        VaultingRecord fresh = new VaultingRecord(id, AntomAction.VAULT_PAYMENT_METHOD, digest(tree), request.vaultingNotificationUrl(),
                scenario, options.clock().instant());
        VaultingRecord existing = remember(id, fresh);
        if (existing != null) {
            return repeat(existing, AntomAction.VAULT_PAYMENT_METHOD, tree);
        }
        String brand = card.brand() != null ? card.brand() : brand(card.cardNo());
        fresh.card(token(id, card.cardNo()), Card.mask(card.cardNo()), brand);
        log.debug("sandbox vault vaultingRequestId={} scenario={}", id, scenario);
        switch (scenario.kind()) {
            case THREE_DS_SUCCESS, THREE_DS_FAIL -> {
                String url = baseUrl() + "/ams/sandbox/3ds/" + id;
                fresh.pending(url);
                fresh.firstAnswer.complete(new AntomResponse(new Result("VERIFICATION_IN_PROCESS", "U", "verification in process"), id, null,
                        url, null, null, null, null, null, null, null, null));
                finishLater(fresh, options.verificationDelay(), scenario.kind() == SandboxScenario.Kind.THREE_DS_SUCCESS);
            }
            case THREE_DS_NO_URL -> {
                fresh.fail(scenario.vaultingResultCode(), "verification could not start");
                fresh.firstAnswer.complete(AntomResponse.of(new Result("VERIFICATION_IN_PROCESS", "U", "verification in process")));
            }
            case DECLINE -> {
                fresh.fail(scenario.vaultingResultCode(), "declined");
                fresh.firstAnswer.complete(AntomResponse.of(new Result(scenario.expectedResultCode(), "F", "declined")));
            }
            case SLOW -> scheduler.schedule(() -> {
                fresh.succeed();
                fresh.firstAnswer.complete(vaulted(fresh));
            }, options.slowDelay().toNanos(), TimeUnit.NANOSECONDS);
            default -> {
                fresh.succeed();
                fresh.firstAnswer.complete(vaulted(fresh));
            }
        }
        return fresh.firstAnswer;
    }

    private CompletableFuture<AntomResponse> session(CreateVaultingSessionRequest request, JsonNode tree) {
        List<Violation> violations = RequestValidator.validate(request);
        if (!violations.isEmpty()) {
            return CompletableFuture.completedFuture(paramIllegal(violations.toString()));
        }
        String id = request.vaultingRequestId();
        SandboxScenario scenario = SandboxScenario.forSession(id);
        VaultingRecord fresh = new VaultingRecord(id, AntomAction.CREATE_VAULTING_SESSION, digest(tree), request.vaultingNotificationUrl(),
                scenario, options.clock().instant());
        VaultingRecord existing = remember(id, fresh);
        if (existing != null) {
            return repeat(existing, AntomAction.CREATE_VAULTING_SESSION, tree);
        }
        String pan = "4111111111111111"; // the card the simulated buyer enters
        fresh.card(token(id, pan), Card.mask(pan), "VISA");
        String url = baseUrl() + "/ams/sandbox/session/" + id;
        fresh.pending(url);
        String digest = token(id, "session");
        String sessionData = Base64.getEncoder().encodeToString(("sbx-session-data:" + digest).getBytes(StandardCharsets.UTF_8));
        String expiry = ZonedDateTime.now(options.clock()).plusMinutes(30).format(ISO);
        fresh.firstAnswer.complete(new AntomResponse(Result.success(), id, null, url, null, null, sessionData, "sbx-session-" + digest.substring(8, 24),
                expiry, null, null, null));
        finishLater(fresh, options.sessionCompletionDelay(), scenario == SandboxScenario.SESSION_COMPLETES);
        return fresh.firstAnswer;
    }

    private AntomResponse inquire(InquireVaultingRequest request) {
        List<Violation> violations = RequestValidator.validate(request);
        if (!violations.isEmpty()) {
            return paramIllegal(violations.toString());
        }
        VaultingRecord r = records.get(request.vaultingRequestId());
        if (r == null) {
            return AntomResponse.of(new Result("VAULTING_NOT_EXIST", "F", "vaulting request does not exist"));
        }
        String status = r.status();
        return switch (status) {
            case "SUCCESS" -> new AntomResponse(Result.success(), r.vaultingRequestId, cardDetail(r), null, null, null, null, null, null, status,
                    null, null);
            case "FAIL" -> new AntomResponse(Result.success(), r.vaultingRequestId, null, null, null, null, null, null, null, status,
                    r.failureCode(), r.failureMessage());
            default -> new AntomResponse(Result.success(), r.vaultingRequestId, null, r.normalUrl(), null, null, null, null, null, status, null, null);
        };
    }

    private CompletableFuture<AntomResponse> repeat(VaultingRecord existing, AntomAction action, JsonNode tree) {
        if (existing.action != action || !existing.requestDigest.equals(digest(tree))) {
            return CompletableFuture.completedFuture(AntomResponse.of(new Result("REPEAT_REQ_INCONSISTENT", "F",
                    "the vaultingRequestId was used with different content")));
        }
        return existing.firstAnswer;
    }

    private void finishLater(VaultingRecord r, Duration delay, boolean success) {
        scheduler.schedule(() -> {
            if (success) {
                r.succeed();
            } else {
                r.fail(r.scenario.vaultingResultCode(), "verification failed");
            }
            notifyFinished(r);
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void notifyFinished(VaultingRecord r) {
        if (r.notificationUrl == null) {
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        boolean success = "SUCCESS".equals(r.status());
        Result result = success ? Result.success() : new Result(r.scenario.expectedResultCode(), "F", r.failureMessage());
        body.set("result", mapper.valueToTree(result));
        body.put("vaultingRequestId", r.vaultingRequestId);
        if (success) {
            body.set("paymentMethodDetail", mapper.valueToTree(cardDetail(r)));
        } else if (r.failureCode() != null) {
            body.put("vaultingResultCode", r.failureCode());
        }
        body.put("vaultingCreateTime", ZonedDateTime.ofInstant(r.createdAt, options.clock().getZone()).format(ISO));
        body.put("vaultingStatus", r.status());
        byte[] bytes = json(body);
        SplittableRandom random = random(r.vaultingRequestId, "notifyVaulting", 0);
        FaultOptions f = options.faults();
        Duration first = options.notificationSchedule().get(0);
        if (random.nextDouble() < f.lateNotificationShare()) {
            first = first.plus(f.lateNotificationDelay());
        }
        notifications.send(r.vaultingRequestId, r.notificationUrl, bytes, first);
        if (random.nextDouble() < f.duplicateNotificationShare()) {
            notifications.send(r.vaultingRequestId, r.notificationUrl, bytes, first.plusMillis(10));
        }
    }

    private AntomResponse vaulted(VaultingRecord r) {
        return new AntomResponse(Result.success(), r.vaultingRequestId, cardDetail(r), null, null, null, null, null, null, null, null, null);
    }

    private static PaymentMethodDetail cardDetail(VaultingRecord r) {
        return PaymentMethodDetail.card(new Card(null, r.brand(), null, null, null, null, null, r.cardToken(), r.maskedCardNo(), "CREDIT",
                "Sandbox Bank", "US"));
    }

    private static AntomResponse paramIllegal(String message) {
        return AntomResponse.of(new Result("PARAM_ILLEGAL", "F", message.length() > 256 ? message.substring(0, 256) : message));
    }

    /** Stores a new record unless the id is known (then returns the known one), evicting the oldest beyond capacity. */
    private VaultingRecord remember(String id, VaultingRecord fresh) {
        VaultingRecord existing = records.putIfAbsent(id, fresh);
        if (existing == null) {
            recordOrder.add(id);
            while (records.size() > options.recordCapacity()) {
                String oldest = recordOrder.poll();
                if (oldest == null) {
                    break;
                }
                records.remove(oldest);
            }
        }
        return existing;
    }

    private int callNumber(String key) {
        AtomicInteger counter = callCounts.get(key);
        if (counter == null) {
            AtomicInteger fresh = new AtomicInteger();
            counter = callCounts.putIfAbsent(key, fresh);
            if (counter == null) {
                counter = fresh;
                callOrder.add(key);
                while (callCounts.size() > options.recordCapacity()) {
                    String oldest = callOrder.poll();
                    if (oldest == null) {
                        break;
                    }
                    callCounts.remove(oldest);
                }
            }
        }
        return counter.getAndIncrement();
    }

    private String digest(JsonNode tree) {
        return RequestDigest.of(mapper, tree);
    }

    private static String token(String id, String pan) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((id + "|" + pan).getBytes(StandardCharsets.UTF_8));
            return "SBXTOK" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String brand(String pan) {
        if (pan.startsWith("4")) {
            return "VISA";
        }
        if (pan.startsWith("34") || pan.startsWith("37")) {
            return "AMEX";
        }
        if (pan.matches("5[1-5].*|2[2-7].*")) {
            return "MASTERCARD";
        }
        if (pan.startsWith("35")) {
            return "JCB";
        }
        if (pan.startsWith("6")) {
            return "DISCOVER";
        }
        return "UNKNOWN";
    }

    private static PrivateKey throwawayKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        notifications.close();
        scheduler.shutdownNow();
    }

    /** One answer to write: status, Antom body (or raw bytes), how to sign it, and the fault it carries. */
    private record Reply(int httpStatus, AntomResponse response, byte[] rawBody, Signing signature, Fault fault) {
        enum Signing { GOOD, WRONG, NONE }

        static Reply signed(AntomResponse response) {
            return new Reply(200, response, null, Signing.GOOD, Fault.NONE);
        }

        static Reply unsigned(Result result) {
            return new Reply(200, AntomResponse.of(result), null, Signing.NONE, Fault.NONE);
        }

        Reply withStatus(int status) {
            return new Reply(status, response, rawBody, signature, fault);
        }

        Reply withFault(Fault f) {
            return new Reply(httpStatus, response, rawBody, signature, f);
        }
    }
}
