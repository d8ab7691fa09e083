package io.vaultstream.webhook;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.testsupport.TestInfra;
import io.vaultstream.webhook.WebhookTestKit.Notification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static io.vaultstream.webhook.WebhookTestKit.ANTOM;
import static io.vaultstream.webhook.WebhookTestKit.CLIENT_ID;
import static io.vaultstream.webhook.WebhookTestKit.PATH;
import static io.vaultstream.webhook.WebhookTestKit.body;
import static io.vaultstream.webhook.WebhookTestKit.newId;
import static io.vaultstream.webhook.WebhookTestKit.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of requests made from validly signed notifications by seeded random mutations of the body and
 * headers, interleaved with unmutated ones: only the unmutated ones may become events. Re-run a failure with
 * {@code -Dwebhook.fuzz.seed=<seed>} (the seed is logged and in every assertion message).
 */
class WebhookFuzzIT {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookFuzzIT.class);
    private static final int REQUESTS = 3000;
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /**
     * One way to spoil a signed request; each one changes something the signature covers, or the content type. Two in a
     * row can cancel out (REFORMAT_BODY's added space deleted by DELETE_BODY_BYTE), which the test checks for.
     */
    enum Mutation {
        FLIP_BODY_BITS, DELETE_BODY_BYTE, INSERT_BODY_BYTE, TRUNCATE_BODY, APPEND_TO_BODY, REFORMAT_BODY, CHANGE_REQUEST_ID,
        CHANGE_TOKEN, OTHER_CLIENT_ID, CLIENT_ID_CASE, NO_CLIENT_ID, SHIFT_REQUEST_TIME, EPOCH_REQUEST_TIME, NO_REQUEST_TIME,
        FLIP_SIGNATURE_CHAR, TRUNCATE_SIGNATURE, NO_SIGNATURE, OTHER_KEY_SIGNATURE, OTHER_PATH_SIGNATURE, SIGNATURE_OF_ANOTHER_BODY,
        UNSUPPORTED_ALGORITHM, WRONG_CONTENT_TYPE;

        boolean contentTypeOnly() {
            return this == WRONG_CONTENT_TYPE;
        }
    }

    @Test
    void noMutatedOrUnsignedRequestEverBecomesAnEvent() {
        long seed = Long.getLong("webhook.fuzz.seed", System.nanoTime());
        LOG.info("WebhookFuzzIT seed={} (re-run with -Dwebhook.fuzz.seed={})", seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        VaultstreamConfig config = TestInfra.get().config("fuzz", WebhookTestKit.webhookSettings(Map.of()));

        Set<String> validIds = new HashSet<>();
        Map<Mutation, Integer> used = new HashMap<>();
        List<String> escaped = new ArrayList<>();
        int unauthorized = 0;
        int extended = 0;
        try (WebhookService webhook = new WebhookService(config)) {
            webhook.start();
            Notification base = null;
            for (int i = 0; i < REQUESTS; i++) {
                if (random.nextInt(10) == 0) {
                    String id = newId();
                    HttpResponse<String> ok = post(webhook.port(), Notification.signed(body(id, "TOKEN-" + id)));
                    assertThat(ok.statusCode()).as("seed %d, valid request %d", seed, i).isEqualTo(200);
                    validIds.add(id);
                    continue;
                }
                if (base == null || random.nextInt(5) == 0) {
                    // a fresh signed base, never sent as it is
                    String id = newId();
                    base = Notification.signed(body(id, "TOKEN-" + id));
                }
                Notification n = base;
                List<Mutation> applied = new ArrayList<>();
                // mutations can undo each other (a byte deleted where another inserted one); an identical request is
                // validly signed, so more are applied until the request differs from its base
                int planned = 1 + random.nextInt(3);
                for (int m = planned; m > 0 || n.sameRequestAs(base); m--) {
                    Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
                    n = mutate(n, mutation, random);
                    applied.add(mutation);
                    used.merge(mutation, 1, Integer::sum);
                }
                if (applied.size() > planned) {
                    extended++;
                }
                HttpResponse<String> answer = post(webhook.port(), n);
                boolean only415 = applied.stream().anyMatch(Mutation::contentTypeOnly);
                if (answer.statusCode() == 200 || answer.statusCode() >= 500 || answer.statusCode() == 400) {
                    escaped.add("request " + i + " " + applied + " -> " + answer.statusCode());
                } else if (answer.statusCode() != 401 && !(only415 && answer.statusCode() == 415)) {
                    escaped.add("request " + i + " " + applied + " -> unexpected " + answer.statusCode());
                }
                if (answer.statusCode() == 401) {
                    unauthorized++;
                }
            }
            String metrics = WebhookTestKit.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + webhook.port() + "/metrics")).build()).body();
            assertThat(metrics).as("seed %d", seed)
                    .containsPattern("vaultstream_webhook_requests_total\\{[^}]*status=\"401\"[^}]*\\} " + unauthorized + "\\.0");
        }

        assertThat(escaped).as("seed %d: mutated requests that were not refused", seed).isEmpty();
        assertThat(used).as("seed %d: every mutation was tried", seed).hasSize(Mutation.values().length);
        List<ConsumerRecord<String, VaultNotification>> records = WebhookTestKit.readAll(config);
        assertThat(records).as("seed %d: events on the topic", seed).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(validIds);
        LOG.info("WebhookFuzzIT seed={}: {} requests, {} valid, {} refused with 401, {} whose mutations cancelled out and were"
                + " extended; mutations used {}", seed, REQUESTS, validIds.size(), unauthorized, extended, used);
    }

    private static Notification mutate(Notification n, Mutation mutation, SplittableRandom random) {
        byte[] body = n.body();
        String time = n.requestTime() == null ? WebhookTestKit.now() : n.requestTime();
        String clientId = n.clientId() == null ? CLIENT_ID : n.clientId();
        return switch (mutation) {
            case FLIP_BODY_BITS -> {
                byte[] b = body.length == 0 ? new byte[1] : body.clone();
                int at = random.nextInt(b.length);
                b[at] ^= (byte) (1 + random.nextInt(255));
                yield n.withBody(b);
            }
            case DELETE_BODY_BYTE -> {
                if (body.length == 0) {
                    yield n.withBody(new byte[] {'{'});
                }
                int at = random.nextInt(body.length);
                byte[] b = new byte[body.length - 1];
                System.arraycopy(body, 0, b, 0, at);
                System.arraycopy(body, at + 1, b, at, body.length - at - 1);
                yield n.withBody(b);
            }
            case INSERT_BODY_BYTE -> {
                int at = random.nextInt(body.length + 1);
                byte[] b = new byte[body.length + 1];
                System.arraycopy(body, 0, b, 0, at);
                b[at] = (byte) random.nextInt(256);
                System.arraycopy(body, at, b, at + 1, body.length - at);
                yield n.withBody(b);
            }
            case TRUNCATE_BODY -> n.withBody(Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length)));
            case APPEND_TO_BODY -> {
                byte[] extra = new byte[1 + random.nextInt(10)];
                for (int k = 0; k < extra.length; k++) {
                    extra[k] = (byte) random.nextInt(256);
                }
                byte[] b = Arrays.copyOf(body, body.length + extra.length);
                System.arraycopy(extra, 0, b, body.length, extra.length);
                yield n.withBody(b);
            }
            case REFORMAT_BODY -> n.withBody(replaceOrAppend(body, ":", ": "));
            case CHANGE_REQUEST_ID -> n.withBody(replaceOrAppend(body, "wh-", "wh-0"));
            case CHANGE_TOKEN -> n.withBody(replaceOrAppend(body, "TOKEN-", "TOKEN-0"));
            case OTHER_CLIENT_ID -> n.withClientId(CLIENT_ID + random.nextInt(10));
            case CLIENT_ID_CASE -> n.withClientId(clientId.toLowerCase(java.util.Locale.ROOT));
            case NO_CLIENT_ID -> n.withClientId(null);
            case SHIFT_REQUEST_TIME -> n.withRequestTime(WebhookTestKit.ISO.format(ZonedDateTime.now().plusSeconds(1 + random.nextInt(86_400))));
            case EPOCH_REQUEST_TIME -> n.withRequestTime(Long.toString(System.currentTimeMillis() + 1 + random.nextInt(1000)));
            case NO_REQUEST_TIME -> n.withRequestTime(null);
            case FLIP_SIGNATURE_CHAR -> n.withSignature(flipSignatureChar(n.signature(), random));
            case TRUNCATE_SIGNATURE -> n.withSignature(n.signature() == null || n.signature().length() < 2 ? "x"
                    : n.signature().substring(0, 1 + random.nextInt(n.signature().length() - 1)));
            case NO_SIGNATURE -> n.withSignature(null);
            case OTHER_KEY_SIGNATURE -> n.withSignature(WebhookTestKit.NOT_ANTOM.signatureHeader(PATH, clientId, time, body));
            case OTHER_PATH_SIGNATURE -> n.withSignature(ANTOM.signatureHeader(PATH + "/other", clientId, time, body));
            case SIGNATURE_OF_ANOTHER_BODY -> n.withSignature(ANTOM.signatureHeader(PATH, clientId, time,
                    body(newId(), "TOKEN-OTHER").getBytes(StandardCharsets.UTF_8)));
            case UNSUPPORTED_ALGORITHM -> n.withSignature(n.signature() != null && n.signature().contains("algorithm=RSA256")
                    ? n.signature().replace("algorithm=RSA256", "algorithm=RSA512") : "algorithm=RSA512,keyVersion=1,signature=AAAA");
            case WRONG_CONTENT_TYPE -> n.withContentType(List.of("text/plain", "application/xml", "application/json; charset=UTF-16",
                    "multipart/form-data", "").get(random.nextInt(5)));
        };
    }

    /** Replaces the first occurrence (bytes kept as they are), or appends when absent: either way the body changes. */
    private static byte[] replaceOrAppend(byte[] body, String from, String to) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from);
        String out = at < 0 ? s + to : s.substring(0, at) + to + s.substring(at + from.length());
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Changes one base64 character of the decoded signature (away from the padding bits) and re-encodes it. */
    private static String flipSignatureChar(String header, SplittableRandom random) {
        int at = header == null ? -1 : header.indexOf("signature=");
        if (at < 0) {
            return "algorithm=RSA256,keyVersion=1,signature=AAAA";
        }
        String encoded = header.substring(at + "signature=".length());
        String sig;
        try {
            sig = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return header + "A";
        }
        if (sig.length() < 8) {
            return header + "A";
        }
        int pos = random.nextInt(Math.min(300, sig.length() - 4));
        char old = sig.charAt(pos);
        char replacement;
        do {
            replacement = BASE64.charAt(random.nextInt(BASE64.length()));
        } while (replacement == old);
        String flipped = sig.substring(0, pos) + replacement + sig.substring(pos + 1);
        return header.substring(0, at) + "signature=" + URLEncoder.encode(flipped, StandardCharsets.UTF_8);
    }
}
