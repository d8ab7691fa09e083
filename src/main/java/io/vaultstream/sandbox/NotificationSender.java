package io.vaultstream.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultstream.antom.AntomJson;
import io.vaultstream.antom.AntomSigner;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifyVaulting to a request's {@code vaultingNotificationUrl}, signed with the sandbox's
 * Antom key, {@code Request-Time} in ISO 8601, re-sending on any answer but HTTP 200 with
 * resultCode SUCCESS along the (scaled) Antom schedule.
 */
final class NotificationSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private final SandboxOptions options;
    private final AntomSigner signer;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper mapper = AntomJson.mapper();
    private final CloseableHttpAsyncClient http;
    private final List<NotificationAttempt> attempts = new ArrayList<>();

    NotificationSender(SandboxOptions options, ScheduledExecutorService scheduler) {
        this.options = options;
        this.signer = new AntomSigner(options.antomPrivateKey(), options.antomKeyVersion());
        this.scheduler = scheduler;
        this.http = HttpAsyncClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(options.notificationTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(options.notificationTimeout()))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
        http.start();
    }

    /** Schedules delivery of a notification body, first attempt after {@code initialDelay}. */
    void send(String vaultingRequestId, String url, byte[] body, Duration initialDelay) {
        schedule(vaultingRequestId, url, body, 0, initialDelay);
    }

    synchronized List<NotificationAttempt> attempts() {
        return List.copyOf(attempts);
    }

    private void schedule(String id, String url, byte[] body, int index, Duration delay) {
        scheduler.schedule(() -> attempt(id, url, body, index), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void attempt(String id, String url, byte[] body, int index) {
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String time = ZonedDateTime.now(options.clock()).format(ISO);
        SimpleHttpRequest request = SimpleRequestBuilder.post(uri)
                .setBody(body, ContentType.APPLICATION_JSON)
                .addHeader("client-id", options.clientId())
                .addHeader("Request-Time", time)
                .addHeader("Signature", signer.signatureHeader(path, options.clientId(), time, body))
                .build();
        http.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                done(id, url, body, index, response.getCode(), acknowledged(response));
            }

            @Override
            public void failed(Exception ex) {
                log.debug("notification vaultingRequestId={} attempt={} failed: {}", id, index + 1, ex.getClass().getSimpleName());
                done(id, url, body, index, 0, false);
            }

            @Override
            public void cancelled() {
                done(id, url, body, index, 0, false);
            }
        });
    }

    private boolean acknowledged(SimpleHttpResponse response) {
        if (response.getCode() != 200 || response.getBodyBytes() == null) {
            return false;
        }
        try {
            JsonNode ack = mapper.readTree(response.getBodyBytes());
            return "SUCCESS".equals(ack.path("result").path("resultCode").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private void done(String id, String url, byte[] body, int index, int httpStatus, boolean ack) {
        synchronized (this) {
            attempts.add(new NotificationAttempt(id, index + 1, options.clock().instant(), httpStatus, ack));
        }
        List<Duration> schedule = options.notificationSchedule();
        if (ack) {
            log.debug("notification vaultingRequestId={} attempt={} acknowledged", id, index + 1);
        } else if (index + 1 < schedule.size()) {
            log.info("notification vaultingRequestId={} attempt={} not acknowledged (http={}), re-sending", id, index + 1, httpStatus);
            if (!scheduler.isShutdown()) {
                schedule(id, url, body, index + 1, schedule.get(index + 1));
            }
        } else {
            log.warn("notification vaultingRequestId={} gave up after {} attempts", id, index + 1);
        }
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
