package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AntomClientIT {
    @TempDir Path dir;

    private static AntomClientOptions.Builder options(String url) {
        return AntomClientOptions.builder().gatewayUrl(url).clientId(TestKeys.CLIENT_ID).merchantPrivateKey(TestKeys.merchantPrivate())
                .antomPublicKeys(TestKeys.antomPublic()).connectTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofSeconds(2));
    }

    @Test
    void aPostIsNeverResentByTheHttpLibraryWhenTheConnectionDrops() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        byte[] buf = new byte[8192];
                        if (in.read(buf) > 0) {
                            requests.incrementAndGet();
                        }
                        // close without answering: the request may or may not have been processed
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (AntomClient client = new AntomClient(options("http://127.0.0.1:" + server.getLocalPort()).build())) {
                AntomExchange ex = client.call(AntomAction.VAULT_PAYMENT_METHOD, "drop-1", Requests.vault("drop-1")).join();
                assertThat(ex.transportError()).isTrue();
                assertThat(AntomClassifier.classify(AntomAction.VAULT_PAYMENT_METHOD, ex)).isInstanceOf(AntomOutcome.Unknown.class);
                await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> requests.get() == 1);
            }
        }
    }

    @Test
    void tlsIsVerifiedAgainstTheJvmCasOrTheConfiguredTrustStore() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path serverStore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.cer");
        Path trustStore = dir.resolve("trust.p12");
        exec(keytool.toString(), "-genkeypair", "-alias", "s", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", serverStore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        exec(keytool.toString(), "-exportcert", "-alias", "s", "-keystore", serverStore.toString(), "-storepass", "changeit", "-file",
                cert.toString());
        exec(keytool.toString(), "-importcert", "-noprompt", "-alias", "s", "-file", cert.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        https.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        try {
            String url = "https://localhost:" + https.getAddress().getPort();
            try (AntomClient untrusting = new AntomClient(options(url).build())) {
                AntomExchange ex = untrusting.call(AntomAction.INQUIRE_VAULTING, "tls-1", InquireVaultingRequest.of("tls-1")).join();
                assertThat(ex.transportError()).isTrue();
                assertThat(ex.problem()).contains("TLS");
            }
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (AntomClient trusting = new AntomClient(options(url).trustStore(trustStore, "changeit".toCharArray()).build(), meters)) {
                AntomExchange ex = trusting.call(AntomAction.INQUIRE_VAULTING, "tls-1", InquireVaultingRequest.of("tls-1")).join();
                assertThat(ex.transportError()).isFalse();
                assertThat(ex.httpStatus()).isEqualTo(200);
                // an unsigned SUCCESS is still not Antom's word
                assertThat(ex.signature()).isEqualTo(SignatureStatus.MISSING);
                assertThat(AntomClassifier.classify(AntomAction.INQUIRE_VAULTING, ex)).isInstanceOf(AntomOutcome.Unknown.class);
                assertThat(meters.get("vaultstream.antom.call").tag("action", "inquireVaulting").tag("signature", "MISSING").timer().count())
                        .isEqualTo(1);
            }
        } finally {
            https.stop(0);
        }
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
    }
}
