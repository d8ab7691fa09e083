package io.vaultstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultstream.antom.AntomSigner;
import io.vaultstream.antom.TestKeys;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.processor.ProcessorService;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.testsupport.TopicDump;
import io.vaultstream.webhook.WebhookOptions;
import io.vaultstream.webhook.WebhookService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 7, access (DESIGN.md "HTTP", {@code view.auth-token}): with a view token set, every view endpoint
 * but health refuses requests without the exact bearer token; the webhook refuses unsigned and wrongly signed
 * notifications and produces nothing for them; and no endpoint of any role answers a stack trace, whatever
 * is thrown at it (bad paths, methods, parameters, bodies, encodings, sizes, raw malformed HTTP).
 */
class AccessIT {

    private static final String TOKEN = "access-" + UUID.randomUUID();
    private static final Pattern STACK_TRACE = Pattern.compile("(?s).*(\\tat |\\bat [a-z]+\\.[a-z]+\\.|\\.java:\\d+|Exception:|"
            + "java\\.lang\\.|org\\.eclipse\\.jetty\\.(?!server)|io\\.vaultstream\\.).*");

    @TempDir Path viewState;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void viewNeedsItsTokenWebhookNeedsAntomsSignatureAndNoEndpointShowsAStackTrace() throws Exception {
        try (Rig rig = new Rig("access", b -> {}, Map.of())) {
            WebhookService webhook = rig.startWebhook(Map.of());
            ProcessorService processor = new ProcessorService(VaultstreamConfig.of(rig.settings));
            processor.start();
            int viewPort = TestInfra.freePort();
            rig.startView("access-view-" + UUID.randomUUID(), viewState, viewPort, Map.of(ConfigKeys.VIEW_AUTH_TOKEN, TOKEN));
            String id = "access-" + UUID.randomUUID();
            rig.send(rig.vaultCommand(id, Rig.CARDS.get(0)));
            rig.flush();
            String view = "http://127.0.0.1:" + viewPort;
            await().atMost(Duration.ofSeconds(60)).until(() -> get(view + "/vaults/" + id, "Bearer " + TOKEN).statusCode() == 200);

            // the view: the exact bearer token or nothing
            List<String> guarded = List.of("/vaults/" + id, "/vaults?state=VAULTED", "/stats", "/internal/vaults?state=VAULTED",
                    "/internal/stats");
            List<String> wrong = new ArrayList<>();
            wrong.add(null);
            wrong.add("");
            wrong.add("Bearer");
            wrong.add("Bearer ");
            wrong.add("Bearer " + TOKEN.substring(1));
            wrong.add("Bearer " + TOKEN + "x");
            wrong.add("Bearer " + TOKEN.toUpperCase());
            wrong.add(TOKEN);
            wrong.add("Basic " + Base64.getEncoder().encodeToString(("user:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
            for (String path : guarded) {
                for (String auth : wrong) {
                    HttpResponse<String> r = get(view + path, auth);
                    assertThat(r.statusCode()).as("%s with Authorization %s", path, auth).isEqualTo(401);
                    assertThat(r.body()).as(path).contains("\"error\":\"UNAUTHORIZED\"").doesNotContain(TOKEN);
                    assertThat(r.body()).doesNotContain(id);
                }
                assertThat(get(view + path + (path.contains("?") ? "&" : "?") + "token=" + TOKEN, null).statusCode())
                        .as("token in the query string is not a credential").isEqualTo(401);
                assertThat(get(view + path, "Bearer " + TOKEN).statusCode()).as(path).isEqualTo(200);
            }
            // open by design: health for probes, metrics for scrapers (aggregates only, never a request), the static pages
            assertThat(get(view + "/health/live", null).statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(view + "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("vaultstream_").doesNotContain(id).doesNotContain(TOKEN);
            assertThat(get(view + "/health/ready", null).statusCode()).isEqualTo(200);

            // the webhook: Antom's signature or nothing, and nothing produced for a refused request
            String body = "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"},"
                    + "\"vaultingRequestId\":\"" + id + "\",\"vaultingStatus\":\"SUCCESS\"}";
            String hook = "http://127.0.0.1:" + webhook.port() + WebhookOptions.DEFAULT_PATH;
            String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            AntomSigner merchant = new AntomSigner(TestKeys.merchantPrivate(), "1");
            AntomSigner antom = new AntomSigner(TestKeys.antomPrivate(), "1");
            List<HttpRequest> refused = List.of(
                    notification(hook, bytes, time, TestKeys.CLIENT_ID, null),
                    notification(hook, bytes, time, TestKeys.CLIENT_ID, merchant.signatureHeader(WebhookOptions.DEFAULT_PATH,
                            TestKeys.CLIENT_ID, time, bytes)),
                    notification(hook, bytes, time, "SOMEONE_ELSE", antom.signatureHeader(WebhookOptions.DEFAULT_PATH, "SOMEONE_ELSE", time,
                            bytes)),
                    notification(hook, bytes, time, TestKeys.CLIENT_ID, antom.signatureHeader("/other/path", TestKeys.CLIENT_ID, time, bytes)),
                    notification(hook, (body + " ").getBytes(StandardCharsets.UTF_8), time, TestKeys.CLIENT_ID,
                            antom.signatureHeader(WebhookOptions.DEFAULT_PATH, TestKeys.CLIENT_ID, time, bytes)));
            for (HttpRequest r : refused) {
                HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(r.headers().map().toString()).isEqualTo(401);
                assertNoStackTrace("webhook refused", answer.body());
            }
            assertThat(TopicDump.readAll(rig.bootstrap(), rig.topics.notifications().name(), false)).as("nothing produced").isEmpty();

            // no stack trace from any endpoint of any role
            List<String> bases = List.of(view, "http://127.0.0.1:" + webhook.port(), "http://127.0.0.1:" + processor.port());
            int probed = 0;
            for (String base : bases) {
                for (HttpRequest r : hostile(base, base.equals(view) ? "Bearer " + TOKEN : null)) {
                    HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as("%s %s", r.method(), r.uri()).isLessThan(500);
                    assertNoStackTrace(r.method() + " " + r.uri(), answer.body());
                    if (answer.statusCode() >= 400 && answer.body().startsWith("<h1>Bad Message ")) {
                        // rejected by Jetty's HTTP parser before any route (e.g. an ambiguous %2F path): its own terse page
                        assertThat(answer.body()).matches("<h1>Bad Message \\d{3}</h1><pre>reason: [A-Za-z ]+</pre>");
                    } else if (answer.statusCode() >= 400) {
                        assertThat(answer.body()).as("%s %s answered %d", r.method(), r.uri(), answer.statusCode()).startsWith("{");
                        JsonNode json = Rig.JSON.readTree(answer.body());
                        assertThat(json.has("error") && json.has("message")).as("%s %s: %s", r.method(), r.uri(), answer.body()).isTrue();
                    }
                    probed++;
                }
                int port = URI.create(base).getPort();
                for (String raw : rawHostile()) {
                    String answer = raw(port, raw);
                    assertThat(answer).as(raw).startsWith("HTTP/1.1 4");
                    assertNoStackTrace(raw, answer);
                    probed++;
                }
            }
            assertThat(probed).isGreaterThan(60);
            processor.close();
        }
    }

    private HttpResponse<String> get(String url, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest notification(String url, byte[] body, String time, String clientId, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json; charset=UTF-8")
                .header("client-id", clientId).header("Request-Time", time).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header("Signature", signature);
        }
        return b.build();
    }

    /** Requests no handler expects: wrong methods, paths, parameters, bodies, sizes and encodings. */
    private static List<HttpRequest> hostile(String base, String authorization) {
        String longId = "x".repeat(300);
        List<String> gets = List.of("/nope", "/vaults/" + longId, "/vaults/%20", "/vaults/a%2Fb", "/vaults?state=NOPE", "/vaults?limit=-1",
                "/vaults?limit=abc", "/vaults?limit=99999999999999999999", "/vaults?state=VAULTED&cursor=!!!", "/vaults?state=VAULTED&cursor="
                        + "A".repeat(5000), "/vaults/x?waitFor=nope", "/vaults/x?waitFor=terminal&timeout=abc",
                "/vaults/x?waitFor=terminal&timeout=99999999999999999999h", "/internal/vaults?state=", "/health/nope",
                WebhookOptions.DEFAULT_PATH, "/%E2%82", "/..%2F..%2Fetc%2Fpasswd", "/metrics/../../etc/passwd");
        List<HttpRequest> out = new ArrayList<>();
        for (String path : gets) {
            out.add(with(HttpRequest.newBuilder(URI.create(base + path)).GET(), authorization));
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            out.add(with(HttpRequest.newBuilder(URI.create(base + "/vaults/x")).method(method, HttpRequest.BodyPublishers.ofString("{")),
                    authorization));
            out.add(with(HttpRequest.newBuilder(URI.create(base + "/health/ready")).method(method, HttpRequest.BodyPublishers.noBody()),
                    authorization));
        }
        String hook = base + WebhookOptions.DEFAULT_PATH;
        out.add(with(HttpRequest.newBuilder(URI.create(hook)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe,
                0, 1})).header("Content-Type", "application/json"), authorization));
        out.add(with(HttpRequest.newBuilder(URI.create(hook)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]))
                .header("Content-Type", "application/json"), authorization));
        out.add(with(HttpRequest.newBuilder(URI.create(hook)).POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .header("Content-Type", "application/x-www-form-urlencoded"), authorization));
        out.add(with(HttpRequest.newBuilder(URI.create(hook)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip"), authorization));
        out.add(with(HttpRequest.newBuilder(URI.create(hook)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").header("Request-Time", "yesterday").header("client-id", "x".repeat(4000))
                .header("Signature", "algorithm=RSA256,keyVersion=1,signature=" + "%".repeat(500)), authorization));
        return out;
    }

    private static HttpRequest with(HttpRequest.Builder b, String authorization) {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.timeout(Duration.ofSeconds(20)).build();
    }

    /** Malformed HTTP a client library would not send. */
    private static List<String> rawHostile() {
        return List.of(
                "GET /vaults/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /stats?x=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /health/live HTTP/1.1\r\nHost: x\r\nno colon header\r\nConnection: close\r\n\r\n",
                "POST " + WebhookOptions.DEFAULT_PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n",
                "POST " + WebhookOptions.DEFAULT_PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n",
                "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    answer.write(buf, 0, n);
                }
            } catch (IOException e) {
                // the server may reset after answering a broken request
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertNoStackTrace(String what, String body) {
        assertThat(STACK_TRACE.matcher(body).matches()).as("%s answered a stack trace or class names: %s", what, body).isFalse();
    }
}
