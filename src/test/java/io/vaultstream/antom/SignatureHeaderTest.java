package io.vaultstream.antom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignatureHeaderTest {

    @Test
    void parsesSpacesAfterCommasAndAnyPartCase() throws Exception {
        SignatureHeader h = SignatureHeader.parse("algorithm=RSA256, keyVersion=2,  Signature=ab%2Bc%2Fd%3D%3D");
        assertThat(h.keyVersion()).isEqualTo("2");
        assertThat(h.signature()).isEqualTo("ab+c/d==");
    }

    @Test
    void keepsPlusInAnUnencodedSignature() throws Exception {
        assertThat(SignatureHeader.parse("algorithm=RSA256,keyVersion=1,signature=ab+c/d==").signature()).isEqualTo("ab+c/d==");
    }

    @Test
    void formatThenParseRoundTrips() throws Exception {
        SignatureHeader h = new SignatureHeader("RSA256", "1", "x+y/z=");
        assertThat(h.format()).isEqualTo("algorithm=RSA256,keyVersion=1,signature=x%2By%2Fz%3D");
        assertThat(SignatureHeader.parse(h.format())).isEqualTo(h);
    }

    @Test
    void rejectsMissingSignatureAndUnknownAlgorithm() {
        assertThatThrownBy(() -> SignatureHeader.parse("algorithm=RSA256,keyVersion=1")).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> SignatureHeader.parse("algorithm=HMAC,signature=abc")).hasMessageContaining("algorithm");
        assertThatThrownBy(() -> SignatureHeader.parse("  ")).hasMessageContaining("missing");
    }
}
