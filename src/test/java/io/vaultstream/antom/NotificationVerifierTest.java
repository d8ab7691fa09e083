package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationVerifierTest {
    private static final String PATH = "/antom/notifications/vaulting";
    private static final String TIME = "2019-07-12T12:08:56+05:30";
    private final byte[] body = TestKeys.bytes("vector-body.json");
    private final String header = "algorithm=RSA256, keyVersion=1, signature="
            + java.net.URLEncoder.encode(TestKeys.text("vector-notification.sig.b64").trim(), java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void opensslSignedNotificationVerifies() {
        NotificationVerifier v = new NotificationVerifier(TestKeys.CLIENT_ID, TestKeys.antomPublic());
        assertThatCode(() -> v.verify(PATH, TestKeys.CLIENT_ID, TIME, header, body)).doesNotThrowAnyException();
    }

    @Test
    void anyOfSeveralRotatingKeysVerifies() {
        List<java.security.PublicKey> keys = new ArrayList<>(TestKeys.otherPublic());
        keys.addAll(TestKeys.antomPublic());
        NotificationVerifier v = new NotificationVerifier(TestKeys.CLIENT_ID, keys);
        assertThatCode(() -> v.verify(PATH, TestKeys.CLIENT_ID, TIME, header, body)).doesNotThrowAnyException();
    }

    @Test
    void wrongClientIdPathBodyTimeOrKeyFailsWithTheCheckNamed() {
        NotificationVerifier v = new NotificationVerifier(TestKeys.CLIENT_ID, TestKeys.antomPublic());
        byte[] tampered = body.clone();
        tampered[tampered.length - 2] ^= 1;

        assertThatThrownBy(() -> v.verify(PATH, "SANDBOX_OTHER", TIME, header, body)).hasMessageContaining("client-id");
        assertThatThrownBy(() -> v.verify(PATH, null, TIME, header, body)).hasMessageContaining("client-id header missing");
        assertThatThrownBy(() -> v.verify("/webhook", TestKeys.CLIENT_ID, TIME, header, body)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> v.verify(PATH, TestKeys.CLIENT_ID, TIME, header, tampered)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> v.verify(PATH, TestKeys.CLIENT_ID, "2019-07-12T12:08:57+05:30", header, body)).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> v.verify(PATH, TestKeys.CLIENT_ID, null, header, body)).hasMessageContaining("request-time");
        assertThatThrownBy(() -> v.verify(PATH, TestKeys.CLIENT_ID, TIME, null, body)).hasMessageContaining("signature header missing");
        NotificationVerifier wrongKey = new NotificationVerifier(TestKeys.CLIENT_ID, TestKeys.otherPublic());
        assertThatThrownBy(() -> wrongKey.verify(PATH, TestKeys.CLIENT_ID, TIME, header, body)).isInstanceOf(InvalidSignatureException.class);
    }
}
