package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AntomClientOptionsTest {

    private static AntomClientOptions.Builder base(String url) {
        return AntomClientOptions.builder().gatewayUrl(url).clientId(TestKeys.CLIENT_ID).merchantPrivateKey(TestKeys.merchantPrivate())
                .antomPublicKeys(TestKeys.antomPublic());
    }

    @Test
    void plainHttpIsRefusedExceptToLoopbackOrWhenAllowed() {
        assertThatThrownBy(() -> base("http://antom.example.com").build()).hasMessageContaining("plain http");
        assertThat(base("http://127.0.0.1:8089").build()).isNotNull();
        assertThat(base("http://localhost:8089").build()).isNotNull();
        assertThat(base("http://[::1]:8089").build()).isNotNull();
        assertThat(base("http://sandbox.internal:8089").allowPlainHttp(true).build()).isNotNull();
        assertThatThrownBy(() -> base("ftp://antom.example.com").build()).hasMessageContaining("https");
    }

    @Test
    void pathsFollowTheSandboxFlagAndAnyGatewayPrefix() {
        AntomClientOptions live = base("https://open-sea-global.alipay.com").build();
        assertThat(live.uri(AntomAction.VAULT_PAYMENT_METHOD).toString())
                .isEqualTo("https://open-sea-global.alipay.com/ams/api/v1/vaults/vaultPaymentMethod");
        AntomClientOptions sandbox = base("https://gw.example/prefix/").sandbox(true).build();
        assertThat(sandbox.path(AntomAction.INQUIRE_VAULTING)).isEqualTo("/prefix/ams/sandbox/api/v1/vaults/inquireVaulting");
    }

    @Test
    void keysAreRequiredAndNeverPrinted() {
        assertThatThrownBy(() -> AntomClientOptions.builder().gatewayUrl("https://x").clientId("c").merchantPrivateKey(TestKeys.merchantPrivate())
                .build()).hasMessageContaining("Antom public key");
        String printed = base("https://x").build().toString();
        assertThat(printed).doesNotContain("MII").doesNotContain("modulus");
    }
}
