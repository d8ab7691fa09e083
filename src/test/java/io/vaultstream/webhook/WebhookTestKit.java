package io.vaultstream.webhook;

import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomClient;
import io.vaultstream.antom.AntomClientOptions;
import io.vaultstream.antom.AntomSigner;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.TestKeys;
import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.kafka.SerdeFactory;
import io.vaultstream.sandbox.AntomSandbox;
import io.vaultstream.sandbox.SandboxOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/** Shared pieces of the webhook integration tests: settings, signed requests, the sandbox as sender, reading the topic. */
final class WebhookTestKit {

    static final String CLIENT_ID = TestKeys.CLIENT_ID;
    static final String PATH = WebhookOptions.DEFAULT_PATH;
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    static final AntomSigner ANTOM = new AntomSigner(TestKeys.antomPrivate(), "1");
    static final AntomSigner NOT_ANTOM = new AntomSigner(TestKeys.merchantPrivate(), "1");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebhookTestKit() {}

    /** The webhook settings on top of a test infrastructure configuration. */
    static Map<String, String> webhookSettings(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put(ConfigKeys.WEBHOOK_PORT, "0");
        m.put(ConfigKeys.ANTOM_CLIENT_ID, CLIENT_ID);
        m.put(ConfigKeys.ANTOM_PUBLIC_KEY_FILE, TestKeys.resource("antom-public.pem").toString());
        m.put(ConfigKeys.WEBHOOK_PRODUCE_TIMEOUT_MS, "2000");
        m.putAll(extra);
        return m;
    }

    static String now() {
        return ZonedDateTime.now(ZoneOffset.ofHours(8)).format(ISO);
    }

    /** A notifyVaulting body like Antom's, with a card token. */
    static String body(String vaultingRequestId, String cardToken) {
        return "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"},"
                + "\"vaultingRequestId\":\"" + vaultingRequestId + "\","
                + "\"paymentMethodDetail\":{\"paymentMethodType\":\"CARD\",\"card\":{\"cardToken\":\"" + cardToken + "\","
                + "\"maskedCardNo\":\"************4242\",\"brand\":\"VISA\",\"funding\":\"CREDIT\"}},"
                + "\"vaultingCreateTime\":\"2026-11-22T08:00:00+08:00\",\"vaultingStatus\":\"SUCCESS\","
                + "\"acquirerInfo\":{\"acquirerName\":\"X\"},\"someFutureField\":{\"kept\":true}}";
    }

    static String newId() {
        return "wh-" + UUID.randomUUID();
    }

    /** A notification request: every part can be changed before sending. */
    record Notification(String path, String contentType, String clientId, String requestTime, String signature, byte[] body) {

        /** Signed by "Antom" over {@code signedPath}. */
        static Notification signed(String signedPath, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String time = now();
            return new Notification(PATH, "application/json; charset=UTF-8", CLIENT_ID, time,
                    ANTOM.signatureHeader(signedPath, CLIENT_ID, time, bytes), bytes);
        }

        static Notification signed(String body) {
            return signed(PATH, body);
        }

        Notification withContentType(String v) { return new Notification(path, v, clientId, requestTime, signature, body); }
        Notification withClientId(String v) { return new Notification(path, contentType, v, requestTime, signature, body); }
        Notification withRequestTime(String v) { return new Notification(path, contentType, clientId, v, signature, body); }
        Notification withSignature(String v) { return new Notification(path, contentType, clientId, requestTime, v, body); }
        Notification withBody(byte[] v) { return new Notification(path, contentType, clientId, requestTime, signature, v); }

        /** Whether both send the same request, body bytes included (a record's equals compares arrays by identity). */
        boolean sameRequestAs(Notification other) {
            return Objects.equals(path, other.path) && Objects.equals(contentType, other.contentType)
                    && Objects.equals(clientId, other.clientId) && Objects.equals(requestTime, other.requestTime)
                    && Objects.equals(signature, other.signature) && Arrays.equals(body, other.body);
        }
    }

    static HttpResponse<String> post(int port, Notification n) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + n.path()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(n.body()));
        if (n.contentType() != null) {
            b.header("Content-Type", n.contentType());
        }
        if (n.clientId() != null) {
            b.header("client-id", n.clientId());
        }
        if (n.requestTime() != null) {
            b.header("Request-Time", n.requestTime());
        }
        if (n.signature() != null) {
            b.header("Signature", n.signature());
        }
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every record on the notifications topic up to its current end. */
    static List<ConsumerRecord<String, VaultNotification>> readAll(VaultstreamConfig config) {
        String topic = config.getString(ConfigKeys.TOPICS_NOTIFICATIONS);
        Map<String, Object> props = config.kafkaClientProps(VaultstreamConfig.KafkaClientKind.CONSUMER);
        props.put("enable.auto.commit", false);
        try (KafkaConsumer<String, VaultNotification> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new SerdeFactory(config).forValue(VaultNotification.class).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, VaultNotification>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " not read to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** An Antom sandbox that signs notifications with the test Antom key, and a merchant client for it. */
    static final class Sandbox implements AutoCloseable {
        final AntomSandbox sandbox;
        final AntomClient client;

        Sandbox(Consumer<SandboxOptions.Builder> customizer) {
            SandboxOptions.Builder b = SandboxOptions.builder()
                    .host("127.0.0.1")
                    .clientId(CLIENT_ID)
                    .merchantPublicKeys(TestKeys.merchantPublic())
                    .antomPrivateKey(TestKeys.antomPrivate())
                    .sessionCompletionDelay(Duration.ofMillis(100))
                    .verificationDelay(Duration.ofMillis(100))
                    .notificationTimeout(Duration.ofSeconds(10));
            customizer.accept(b);
            sandbox = new AntomSandbox(b.build()).start();
            client = new AntomClient(AntomClientOptions.builder()
                    .gatewayUrl("http://127.0.0.1:" + sandbox.port())
                    .clientId(CLIENT_ID)
                    .merchantPrivateKey(TestKeys.merchantPrivate())
                    .antomPublicKeys(TestKeys.antomPublic())
                    .responseTimeout(Duration.ofSeconds(5))
                    .build());
        }

        /** Creates a vaulting session whose simulated buyer completes it, so the sandbox notifies {@code webhookUrl}. */
        void vaultViaSession(String vaultingRequestId, String webhookUrl) {
            client.call(AntomAction.CREATE_VAULTING_SESSION, vaultingRequestId,
                    new CreateVaultingSessionRequest("CARD", vaultingRequestId, webhookUrl, null, "SG", null)).join();
        }

        /** The card token the sandbox issued for a request (from its inquiry answer). */
        String cardTokenOf(String vaultingRequestId) {
            return client.call(AntomAction.INQUIRE_VAULTING, vaultingRequestId, io.vaultstream.antom.InquireVaultingRequest.of(vaultingRequestId))
                    .join().response().paymentMethodDetail().card().cardToken();
        }

        @Override
        public void close() {
            client.close();
            sandbox.close();
        }
    }
}
