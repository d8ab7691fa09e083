package io.vaultstream.sandbox;

import io.javalin.Javalin;
import io.vaultstream.antom.AntomClient;
import io.vaultstream.antom.AntomClientOptions;
import io.vaultstream.antom.NotificationVerifier;
import io.vaultstream.antom.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A sandbox, a client pointed at it, and a merchant webhook that verifies and records notifications. */
final class SandboxFixture implements AutoCloseable {
    static final String ACK = io.vaultstream.antom.NotificationAck.SUCCESS_BODY;
    static final String WEBHOOK_PATH = "/antom/notifications/vaulting";

    /** A notification the webhook received: its body and whether its signature verified. */
    record Received(String body, boolean verified, String requestTime) {}

    final AntomSandbox sandbox;
    final AntomClient client;
    final Javalin webhook;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many of the next notifications the webhook refuses with a 500 before acknowledging. */
    final AtomicInteger refuseNext = new AtomicInteger();

    SandboxFixture(Consumer<SandboxOptions.Builder> sandboxCustomizer, Consumer<AntomClientOptions.Builder> clientCustomizer) {
        NotificationVerifier verifier = new NotificationVerifier(TestKeys.CLIENT_ID, TestKeys.antomPublic());
        webhook = Javalin.create(c -> c.showJavalinBanner = false).post(WEBHOOK_PATH, ctx -> {
            boolean ok;
            try {
                verifier.verify(WEBHOOK_PATH, ctx.header("client-id"), ctx.header("Request-Time"), ctx.header("Signature"), ctx.bodyAsBytes());
                ok = true;
            } catch (Exception e) {
                ok = false;
            }
            received.add(new Received(ctx.body(), ok, ctx.header("Request-Time")));
            if (refuseNext.getAndDecrement() > 0) {
                ctx.status(500).result("busy");
            } else {
                ctx.contentType("application/json").result(ACK);
            }
        }).start("127.0.0.1", 0);
        SandboxOptions.Builder sb = SandboxOptions.builder()
                .host("127.0.0.1")
                .clientId(TestKeys.CLIENT_ID)
                .merchantPublicKeys(TestKeys.merchantPublic())
                .antomPrivateKey(TestKeys.antomPrivate())
                .verificationDelay(Duration.ofMillis(300))
                .sessionCompletionDelay(Duration.ofMillis(300))
                .slowDelay(Duration.ofMillis(800))
                .notificationScheduleScale(0.001);
        sandboxCustomizer.accept(sb);
        sandbox = new AntomSandbox(sb.build()).start();
        AntomClientOptions.Builder cb = AntomClientOptions.builder()
                .gatewayUrl("http://127.0.0.1:" + sandbox.port())
                .clientId(TestKeys.CLIENT_ID)
                .merchantPrivateKey(TestKeys.merchantPrivate())
                .antomPublicKeys(TestKeys.antomPublic())
                .responseTimeout(Duration.ofSeconds(5));
        clientCustomizer.accept(cb);
        client = new AntomClient(cb.build());
    }

    SandboxFixture() {
        this(b -> {}, b -> {});
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + webhook.port() + WEBHOOK_PATH;
    }

    @Override
    public void close() {
        client.close();
        sandbox.close();
        webhook.stop();
    }
}
