package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AntomSignerTest {
    private static final String PATH = "/ams/api/v1/vaults/vaultPaymentMethod";
    private static final String TIME = "1685599933871";
    private final byte[] body = TestKeys.bytes("vector-body.json");

    @Test
    void signatureEqualsTheOpensslKnownAnswer() {
        AntomSigner signer = new AntomSigner(TestKeys.merchantPrivate(), "1");
        String expected = TestKeys.text("vector-request.sig.b64").trim();

        assertThat(signer.signBase64(PATH, TestKeys.CLIENT_ID, TIME, body)).isEqualTo(expected);
    }

    @Test
    void headerCarriesUrlEncodedSignatureAndKeyVersion() throws Exception {
        AntomSigner signer = new AntomSigner(TestKeys.merchantPrivate(), "3");
        String header = signer.signatureHeader(PATH, TestKeys.CLIENT_ID, TIME, body);

        assertThat(header).startsWith("algorithm=RSA256,keyVersion=3,signature=");
        String raw = header.substring(header.indexOf("signature=") + 10);
        assertThat(raw).doesNotContain("+", "/", "=");
        assertThat(SignatureHeader.parse(header).signature()).isEqualTo(signer.signBase64(PATH, TestKeys.CLIENT_ID, TIME, body));
    }

    @Test
    void opensslVectorVerifiesAndEveryTamperingFails() {
        String sig = TestKeys.text("vector-request.sig.b64").trim();
        var keys = TestKeys.merchantPublic();

        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, TIME, body, sig)).isTrue();
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[5] ^= 1;
        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, TIME, tampered, sig)).as("tampered body").isFalse();
        assertThat(AntomSigner.verify(keys, "/ams/sandbox/api/v1/vaults/vaultPaymentMethod", TestKeys.CLIENT_ID, TIME, body, sig))
                .as("wrong path").isFalse();
        assertThat(AntomSigner.verify(keys, PATH, "SANDBOX_OTHER", TIME, body, sig)).as("wrong client id").isFalse();
        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, "1685599933872", body, sig)).as("wrong time").isFalse();
        assertThat(AntomSigner.verify(TestKeys.otherPublic(), PATH, TestKeys.CLIENT_ID, TIME, body, sig)).as("wrong key").isFalse();
        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, TIME, body, "not base64!")).as("garbage").isFalse();
    }

    @Test
    void onlyTheCanonicalBase64OfAValidSignatureVerifies() {
        String sig = TestKeys.text("vector-request.sig.b64").trim();
        var keys = TestKeys.merchantPublic();
        assertThat(sig).endsWith("==");
        String unpadded = sig.substring(0, sig.length() - 2);
        // 256 bytes end in one byte spread over two characters: the second one's low four bits are unused
        char last = unpadded.charAt(unpadded.length() - 1);
        String table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char sameByte = table.charAt(table.indexOf(last) ^ 1);
        String otherUnusedBits = unpadded.substring(0, unpadded.length() - 1) + sameByte + "==";

        assertThat(Base64.getDecoder().decode(unpadded)).as("Java's decoder accepts these").isEqualTo(
                Base64.getDecoder().decode(otherUnusedBits));
        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, TIME, body, unpadded)).as("padding removed").isFalse();
        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, TIME, body, sig.substring(0, sig.length() - 1)))
                .as("one '=' removed").isFalse();
        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, TIME, body, otherUnusedBits)).as("unused bits changed").isFalse();
        assertThat(AntomSigner.verify(keys, PATH, TestKeys.CLIENT_ID, TIME, body, " " + sig + " ")).as("surrounding spaces").isTrue();
    }

    @Test
    void contentHasExactlyOneLineFeedAndTheBodyBytesVerbatim() {
        byte[] content = AntomSigner.content(PATH, "c", "t", "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("POST " + PATH + "\nc.t.{\"a\":\"é\"}");
    }

    @Test
    void verifyHeaderNamesTheFailedCheck() {
        assertThatThrownBy(() -> AntomSigner.verifyHeader(TestKeys.merchantPublic(), PATH, "c", TIME, body, null))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> AntomSigner.verifyHeader(TestKeys.merchantPublic(), PATH, "c", TIME, body,
                "algorithm=RSA256,keyVersion=1,signature=AAAA"))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("does not verify");
    }
}
