package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeysTest {
    @TempDir Path dir;

    @Test
    void pemAndBareBase64DerGiveTheSameKeys() {
        assertThat(PemKeys.readPrivateKey(TestKeys.resource("merchant-private.b64")).getEncoded())
                .isEqualTo(TestKeys.merchantPrivate().getEncoded());
        assertThat(PemKeys.readPublicKeys(TestKeys.resource("antom-public.b64")).get(0).getEncoded())
                .isEqualTo(TestKeys.antomPublic().get(0).getEncoded());
    }

    @Test
    void aRotationFileHoldsSeveralPublicKeys() throws Exception {
        Path both = dir.resolve("antom-keys.pem");
        Files.writeString(both, TestKeys.text("antom-public.pem") + "\n" + TestKeys.text("other-public.pem"));
        assertThat(PemKeys.readPublicKeys(both)).hasSize(2);
    }

    @Test
    void aBareBase64RotationFileHoldsOneKeyPerLine() throws Exception {
        Path both = dir.resolve("antom-keys.b64");
        String other = Base64.getEncoder().encodeToString(TestKeys.otherPublic().get(0).getEncoded());
        Files.writeString(both, TestKeys.text("antom-public.b64").trim() + "\n" + other + "\n");
        assertThat(PemKeys.readPublicKeys(both)).extracting(k -> Base64.getEncoder().encodeToString(k.getEncoded()))
                .containsExactly(TestKeys.text("antom-public.b64").trim(), other);
    }

    @Test
    void errorsNameTheFileAndProblemButNeverTheKeyBytes() throws Exception {
        Path pkcs1 = TestKeys.resource("other-private-pkcs1.pem");
        String keyBody = TestKeys.text("other-private-pkcs1.pem").lines().skip(1).findFirst().orElseThrow();
        assertThatThrownBy(() -> PemKeys.readPrivateKey(pkcs1))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(pkcs1.toString())
                .hasMessageContaining("RSA PRIVATE KEY")
                .hasMessageNotContaining(keyBody);

        Path garbage = dir.resolve("garbage.pem");
        String secretish = Base64.getEncoder().encodeToString(new byte[64]);
        Files.writeString(garbage, secretish);
        assertThatThrownBy(() -> PemKeys.readPublicKeys(garbage))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("garbage.pem")
                .hasMessageNotContaining(secretish);

        assertThatThrownBy(() -> PemKeys.readPrivateKey(dir.resolve("absent.pem"))).hasMessageContaining("absent.pem");
        assertThatThrownBy(() -> PemKeys.readPrivateKey(TestKeys.resource("merchant-public.pem"))).hasMessageContaining("PUBLIC KEY");
    }

    @Test
    void toPemRoundTrips() {
        var key = TestKeys.merchantPrivate();
        assertThat(PemKeys.parsePrivateKey(PemKeys.toPem(key), "mem").getEncoded()).isEqualTo(key.getEncoded());
    }
}
