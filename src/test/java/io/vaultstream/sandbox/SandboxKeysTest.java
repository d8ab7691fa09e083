package io.vaultstream.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultstream.antom.AntomSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxKeysTest {
    @TempDir Path dir;

    @Test
    void generatesFourKeyFilesOnceAndReusesThem() throws Exception {
        SandboxKeys first = SandboxKeys.generateInto(dir);
        assertThat(dir.resolve(SandboxKeys.MERCHANT_PRIVATE)).exists();
        assertThat(dir.resolve(SandboxKeys.MERCHANT_PUBLIC)).exists();
        assertThat(dir.resolve(SandboxKeys.ANTOM_PRIVATE)).exists();
        assertThat(dir.resolve(SandboxKeys.ANTOM_PUBLIC)).exists();
        assertThat(Files.readString(dir.resolve(SandboxKeys.MERCHANT_PRIVATE))).startsWith("-----BEGIN PRIVATE KEY-----");

        SandboxKeys second = SandboxKeys.generateInto(dir);
        assertThat(second.merchantPrivate().getEncoded()).isEqualTo(first.merchantPrivate().getEncoded());

        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String sig = new AntomSigner(second.antomPrivate(), "1").signBase64("/p", "c", "t", body);
        assertThat(AntomSigner.verify(List.of(first.antomPublic()), "/p", "c", "t", body, sig)).isTrue();
        assertThat(second.toString()).doesNotContain("MII");
    }
}
