package io.vaultstream.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vaultstream.antom.AntomSigner;
import io.vaultstream.antom.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox agrees with openssl, a signer and verifier that neither it nor the client wrote. */
class OpensslInteropIT {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    @TempDir Path dir;

    @Test
    void sandboxAcceptsAnOpensslSignedRequestAndOpensslVerifiesItsAnswer() throws Exception {
        assumeTrue(Files.isExecutable(OPENSSL), "openssl not installed");
        try (SandboxFixture fx = new SandboxFixture()) {
            String path = "/ams/api/v1/vaults/inquireVaulting";
            String time = "1700000000000";
            byte[] body = "{\"vaultingRequestId\":\"openssl-1\"}".getBytes(StandardCharsets.UTF_8);
            Path content = dir.resolve("request.bin");
            Files.write(content, AntomSigner.content(path, TestKeys.CLIENT_ID, time, body));
            byte[] sig = run("dgst", "-sha256", "-sign", TestKeys.resource("merchant-private.pem").toString(), content.toString());
            String header = "algorithm=RSA256, keyVersion=1, signature="
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(sig), StandardCharsets.UTF_8);

            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.sandbox.port() + path))
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header("client-id", TestKeys.CLIENT_ID)
                    .header("request-time", time)
                    .header("signature", header)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("VAULTING_NOT_EXIST");
            String responseSig = r.headers().firstValue("signature").orElseThrow();
            String b64 = URLDecoder.decode(responseSig.substring(responseSig.indexOf("signature=") + 10), StandardCharsets.UTF_8);
            Path answer = dir.resolve("answer.bin");
            Files.write(answer, AntomSigner.content(path, r.headers().firstValue("client-id").orElseThrow(),
                    r.headers().firstValue("response-time").orElseThrow(), r.body()));
            Path sigFile = dir.resolve("answer.sig");
            Files.write(sigFile, Base64.getDecoder().decode(b64));
            String verdict = new String(run("dgst", "-sha256", "-verify", TestKeys.resource("antom-public.pem").toString(), "-signature",
                    sigFile.toString(), answer.toString()), StandardCharsets.UTF_8);
            assertThat(verdict).contains("Verified OK");
        }
    }

    private static byte[] run(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = OPENSSL.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("openssl exit code").isZero();
        return out;
    }
}
