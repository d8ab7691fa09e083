package io.vaultstream.webhook;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.vaultstream.antom.InvalidSignatureException;
import io.vaultstream.antom.NotificationVerifier;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.http.ApiException;
import io.vaultstream.http.RoleHttpServer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST <webhook.path>}: checks content type and size, verifies Antom's signature over the raw bytes,
 * turns the body into an event, and answers Antom's SUCCESS body only once Kafka acknowledged the event;
 * 503 when it did not within the deadline, so Antom re-sends. Nothing is produced for a rejected request.
 */
final class NotificationEndpoint {

    /** Antom's acknowledgement, byte for byte (antom-api.md, "Verifying notifications"). */
    static final byte[] ACK = "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private static final Logger LOG = LoggerFactory.getLogger(NotificationEndpoint.class);
    private static final List<HandlerType> OTHER_METHODS =
            List.of(HandlerType.GET, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    private final WebhookOptions options;
    private final NotificationVerifier verifier;
    private final ReplayGuard replayGuard;
    private final NotificationPublisher publisher;
    private final WebhookMetrics metrics;
    private final InFlightRequests inFlight;
    private final Executor responder;
    private final long produceTimeoutNanos;

    /**
     * @param responder where answers are written once Kafka has spoken, so the producer's I/O thread never
     *                  writes to a client socket
     */
    NotificationEndpoint(WebhookOptions options, NotificationPublisher publisher, WebhookMetrics metrics, InFlightRequests inFlight,
            Executor responder) {
        this.options = options;
        this.verifier = new NotificationVerifier(options.clientId(), options.antomPublicKeys());
        this.replayGuard = new ReplayGuard(options.clock(), options.replayWindow());
        this.publisher = publisher;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.responder = responder;
        this.produceTimeoutNanos = options.produceTimeout().toNanos();
    }

    void register(Javalin app) {
        String path = options.path();
        app.post(path, this::handle);
        for (HandlerType method : OTHER_METHODS) {
            app.addHttpHandler(method, path, ctx -> {
                ctx.header("Allow", "POST");
                throw new ApiException(405, "METHOD_NOT_ALLOWED", "only POST is allowed on " + path);
            });
        }
        app.after(path, ctx -> metrics.request(ctx.statusCode()));
    }

    private void handle(Context ctx) {
        long start = System.nanoTime();
        if (!inFlight.tryEnter()) {
            throw new ApiException(503, "SHUTTING_DOWN", "the webhook is shutting down; re-send later");
        }
        boolean handedOff = false;
        try {
            requireJson(ctx.header("Content-Type"));
            byte[] body = readBody(ctx);
            String requestTime = ctx.header("Request-Time");
            verify(ctx, requestTime, body);
            VaultNotification event = toEvent(ctx, body, requestTime);
            CompletableFuture<Void> answered = publisher.publish(event, start + produceTimeoutNanos)
                    .handleAsync((metadata, error) -> answer(ctx, event, metadata, error, start), responder)
                    .whenComplete((v, e) -> inFlight.exit());
            handedOff = true;
            ctx.future(() -> answered);
        } finally {
            if (!handedOff) {
                inFlight.exit();
            }
        }
    }

    private static void requireJson(String contentType) {
        if (contentType == null) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type: required, application/json");
        }
        String[] parts = contentType.split(";");
        if (!"application/json".equalsIgnoreCase(parts[0].trim())) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type: must be application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=") && !"utf-8".equals(p.substring(8).replace("\"", "").trim())) {
                throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type: charset must be UTF-8");
            }
        }
    }

    /** Reads at most the limit (plus one byte to detect excess), whatever Content-Length claims or omits. */
    private byte[] readBody(Context ctx) {
        int max = options.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        int initial = declared >= 0 ? (int) declared : Math.min(max, 8192);
        byte[] buf = new byte[Math.max(initial, 1) + 1];
        int n = 0;
        try (InputStream in = ctx.req().getInputStream()) {
            while (true) {
                if (n == buf.length) {
                    if (buf.length > max) {
                        throw tooLarge(max);
                    }
                    buf = Arrays.copyOf(buf, Math.min(max + 1, buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                if (n > max) {
                    throw tooLarge(max);
                }
            }
        } catch (IOException e) {
            throw new ApiException(400, "BAD_REQUEST", "request body could not be read");
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static ApiException tooLarge(int max) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "request body larger than " + max + " bytes");
    }

    private void verify(Context ctx, String requestTime, byte[] body) {
        String clientId = ctx.header("client-id");
        String signature = ctx.header("Signature");
        try {
            replayGuard.check(requestTime);
        } catch (RequestTimeRejectedException e) {
            metrics.verificationFailure(WebhookMetrics.VerificationFailure.REQUEST_TIME);
            LOG.warn("notification rejected: {} remote={}", e.getMessage(), ctx.ip());
            throw new ApiException(401, "REQUEST_TIME_REJECTED", e.getMessage());
        }
        try {
            verifier.verify(options.signedPath(), clientId, requestTime, signature, body);
        } catch (InvalidSignatureException e) {
            metrics.verificationFailure(reason(clientId, requestTime, signature));
            LOG.warn("notification rejected: {} remote={}", e.getMessage(), ctx.ip());
            throw new ApiException(401, "INVALID_SIGNATURE", e.getMessage());
        }
    }

    private WebhookMetrics.VerificationFailure reason(String clientId, String requestTime, String signature) {
        if (isBlank(clientId) || isBlank(requestTime) || isBlank(signature)) {
            return WebhookMetrics.VerificationFailure.MISSING_HEADER;
        }
        return options.clientId().equals(clientId.trim())
                ? WebhookMetrics.VerificationFailure.SIGNATURE : WebhookMetrics.VerificationFailure.CLIENT_ID;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private VaultNotification toEvent(Context ctx, byte[] body, String requestTime) {
        try {
            return NotificationEvents.fromVerifiedBody(body, requestTime, options.clock().instant());
        } catch (InvalidNotificationException e) {
            // signed by Antom yet unusable: Antom will re-send it in vain, so make it loud
            LOG.error("signed notification rejected: {} notificationId={}", e.getMessage(), NotificationEvents.notificationId(body));
            throw new ApiException(400, "INVALID_NOTIFICATION", e.getMessage());
        }
    }

    private Void answer(Context ctx, VaultNotification event, RecordMetadata metadata, Throwable error, long start) {
        long elapsed = System.nanoTime() - start;
        if (error == null) {
            metrics.produced(WebhookMetrics.ProduceOutcome.ACKED, elapsed);
            ctx.status(200).contentType("application/json").result(ACK);
            if (LOG.isDebugEnabled()) {
                LOG.debug("notification written vaultingRequestId={} notificationId={} resultStatus={} partition={} offset={} ms={}",
                        event.getVaultingRequestId(), event.getNotificationId(), event.getResultStatus(), metadata.partition(),
                        metadata.offset(), elapsed / 1_000_000);
            }
            return null;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        boolean timedOut = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException;
        metrics.produced(timedOut ? WebhookMetrics.ProduceOutcome.TIMED_OUT : WebhookMetrics.ProduceOutcome.FAILED, elapsed);
        // only the class name: a producer exception message could in principle describe the record
        LOG.warn("notification not written, answered 503 so Antom re-sends: vaultingRequestId={} notificationId={} error={} ms={}",
                event.getVaultingRequestId(), event.getNotificationId(), cause.getClass().getSimpleName(), elapsed / 1_000_000);
        RoleHttpServer.error(ctx, 503, "KAFKA_UNAVAILABLE",
                timedOut ? "the event was not acknowledged by Kafka in time; re-send later" : "the event could not be written to Kafka; re-send later");
        return null;
    }
}
