package io.vaultstream.antom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous, signing and verifying client of Antom's vaulting APIs. Every call validates the
 * request, signs the exact bytes it sends, and verifies the answer's signature. Transport problems
 * never fail the future: they come back as an {@link AntomExchange} with a transport error, so the
 * caller always has something to classify. The HTTP library never re-sends a request by itself.
 */
public final class AntomClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AntomClient.class);

    private final AntomClientOptions options;
    private final AntomSigner signer;
    private final ObjectMapper mapper = AntomJson.mapper();
    private final ObjectReader responseReader = mapper.readerFor(AntomResponse.class);
    private final CloseableHttpAsyncClient http;
    private final RequestConfig requestConfig;
    private final MeterRegistry meters;
    /** Per action: the path that gets signed and the URL, computed once rather than parsed per call. */
    private final Map<AntomAction, String> paths = new EnumMap<>(AntomAction.class);
    private final Map<AntomAction, URI> uris = new EnumMap<>(AntomAction.class);
    /** Timers by action, status class and signature status: looking a meter up through its builder per call cost more than recording. */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /** A client without metrics. */
    public AntomClient(AntomClientOptions options) {
        this(options, new SimpleMeterRegistry());
    }

    /**
     * A client recording {@code vaultstream.antom.call} timers tagged by action, HTTP status class
     * ({@code 2xx}.. or {@code none}) and signature status.
     */
    public AntomClient(AntomClientOptions options, MeterRegistry meters) {
        this.options = options;
        this.meters = meters;
        this.signer = new AntomSigner(options.merchantPrivateKey(), options.keyVersion());
        for (AntomAction action : AntomAction.values()) {
            paths.put(action, options.path(action));
            uris.put(action, options.uri(action));
        }
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(sslContext(options)).buildAsync())
                .setMaxConnTotal(options.maxConnections())
                .setMaxConnPerRoute(options.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(options.connectTimeout()))
                        .setSocketTimeout(Timeout.of(options.responseTimeout()))
                        .build())
                .build();
        this.requestConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(options.responseTimeout()))
                .setConnectionRequestTimeout(Timeout.of(options.connectTimeout()))
                .build();
        // The minimal client has no execution chain: no automatic retries, redirects, cookies or authentication. A POST
        // that may have reached Antom must never be re-sent behind our back (the caller decides, by inquiry), and we need
        // none of the rest; the full client's chain also cost a URI parse per request (auth path prefix).
        this.http = HttpAsyncClients.createMinimal(H2Config.DEFAULT, Http1Config.DEFAULT, IOReactorConfig.DEFAULT, pool);
        http.start();
    }

    public AntomClientOptions options() {
        return options;
    }

    /**
     * Validates, signs and sends one request model. Completes with the exchange; fails only with
     * {@link InvalidRequestException} (nothing sent) or when the request cannot be serialised.
     */
    public CompletableFuture<AntomExchange> call(AntomAction action, String vaultingRequestId, Object request) {
        List<Violation> violations = new java.util.ArrayList<>(RequestValidator.validate(request));
        String bodyId = requestId(request);
        if (bodyId != null && !bodyId.equals(vaultingRequestId)) {
            violations.add(new Violation("vaultingRequestId", "must equal the vaultingRequestId the call is made for"));
        }
        if (!violations.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidRequestException(violations));
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("request not serialisable (" + e.getClass().getSimpleName() + ")"));
        }
        return callRaw(action, vaultingRequestId, body);
    }

    private static String requestId(Object request) {
        if (request instanceof VaultPaymentMethodRequest r) {
            return r.vaultingRequestId();
        }
        if (request instanceof CreateVaultingSessionRequest r) {
            return r.vaultingRequestId();
        }
        if (request instanceof InquireVaultingRequest r) {
            return r.vaultingRequestId();
        }
        return null;
    }

    /** Signs and sends the given body bytes as they are, without validation: for tools and tests that need exact bytes. */
    public CompletableFuture<AntomExchange> callRaw(AntomAction action, String vaultingRequestId, byte[] body) {
        String path = paths.get(action);
        String requestTime = Long.toString(options.clock().millis());
        SimpleHttpRequest request = SimpleRequestBuilder.post(uris.get(action))
                .setBody(body, ContentType.APPLICATION_JSON)
                .addHeader("Client-Id", options.clientId())
                .addHeader("Request-Time", requestTime)
                .addHeader("Signature", signer.signatureHeader(path, options.clientId(), requestTime, body))
                .setRequestConfig(requestConfig)
                .build();
        Instant start = options.clock().instant();
        CompletableFuture<AntomExchange> result = new CompletableFuture<>();
        http.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                result.complete(exchange(action, vaultingRequestId, path, response, elapsed(start)));
            }

            @Override
            public void failed(Exception ex) {
                result.complete(transport(action, vaultingRequestId, describe(ex), start));
            }

            @Override
            public void cancelled() {
                result.complete(transport(action, vaultingRequestId, "cancelled", start));
            }
        });
        return result;
    }

    private AntomExchange exchange(AntomAction action, String id, String path, SimpleHttpResponse response, Duration elapsed) {
        byte[] body = response.getBodyBytes() == null ? new byte[0] : response.getBodyBytes();
        SignatureStatus signature = verify(path, response, body);
        AntomResponse parsed = null;
        String problem = null;
        try {
            parsed = body.length == 0 ? null : responseReader.readValue(body);
            if (parsed == null) {
                problem = "empty body";
            }
        } catch (IOException e) {
            problem = "body is not Antom JSON (" + e.getClass().getSimpleName() + ")";
        }
        AntomExchange exchange = AntomExchange.answered(action, id, response.getCode(), signature, parsed, problem, elapsed);
        time(action, (response.getCode() / 100) + "xx", signature, elapsed);
        log.debug("antom call action={} vaultingRequestId={} http={} signature={} resultCode={} elapsedMs={}", action.apiName(), id,
                response.getCode(), signature, exchange.result() == null ? null : exchange.result().resultCode(), elapsed.toMillis());
        return exchange;
    }

    private SignatureStatus verify(String path, SimpleHttpResponse response, byte[] body) {
        String signature = header(response, "signature");
        if (signature == null || signature.isBlank()) {
            return SignatureStatus.MISSING;
        }
        String clientId = header(response, "client-id");
        String time = header(response, "response-time");
        if (clientId == null || !clientId.trim().equals(options.clientId())) {
            return SignatureStatus.INVALID;
        }
        try {
            AntomSigner.verifyHeader(options.antomPublicKeys(), path, clientId.trim(), time, body, signature);
            return SignatureStatus.VERIFIED;
        } catch (InvalidSignatureException e) {
            return SignatureStatus.INVALID;
        }
    }

    private static String header(SimpleHttpResponse response, String name) {
        Header h = response.getFirstHeader(name); // case-insensitive lookup
        return h == null ? null : h.getValue();
    }

    private AntomExchange transport(AntomAction action, String id, String problem, Instant start) {
        Duration elapsed = elapsed(start);
        time(action, "none", SignatureStatus.NOT_APPLICABLE, elapsed);
        log.debug("antom call action={} vaultingRequestId={} transport error={} elapsedMs={}", action.apiName(), id, problem, elapsed.toMillis());
        return AntomExchange.transportFailure(action, id, problem, elapsed);
    }

    private void time(AntomAction action, String status, SignatureStatus signature, Duration elapsed) {
        timers.computeIfAbsent(new TimerKey(action, status, signature), k -> Timer.builder("vaultstream.antom.call")
                .description("Antom calls by action, HTTP status class and signature check")
                .tag("action", k.action().apiName())
                .tag("status", k.status())
                .tag("signature", k.signature().name())
                .register(meters))
                .record(elapsed);
    }

    private record TimerKey(AntomAction action, String status, SignatureStatus signature) {}

    private Duration elapsed(Instant start) {
        return Duration.between(start, options.clock().instant());
    }

    /** A short description of a transport failure, without anything that could carry request data. */
    private static String describe(Exception ex) {
        if (ex instanceof SocketTimeoutException || ex instanceof java.util.concurrent.TimeoutException
                || ex instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException) {
            return "timeout (" + ex.getClass().getSimpleName() + ")";
        }
        if (ex instanceof ConnectException) {
            return "connect failed (" + ex.getClass().getSimpleName() + ")";
        }
        if (ex instanceof SSLException) {
            return "TLS failure (" + ex.getClass().getSimpleName() + ")";
        }
        if (ex instanceof CancellationException) {
            return "cancelled";
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName() + (msg == null ? "" : ": " + (msg.length() > 200 ? msg.substring(0, 200) : msg));
    }

    private static SSLContext sslContext(AntomClientOptions options) {
        if (options.trustStore() == null) {
            return SSLContexts.createSystemDefault();
        }
        try {
            return SSLContexts.custom().loadTrustMaterial(options.trustStore().toFile(), options.trustStorePassword()).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(options.trustStore() + ": cannot load trust store (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
        try {
            http.awaitShutdown(org.apache.hc.core5.util.TimeValue.of(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
