package io.vaultstream.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CardKeyringTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    static void refused(String json, String... messageParts) {
        assertThatThrownBy(() -> CardKeyring.parse(json, "ring.json"))
                .isInstanceOf(KeyringException.class)
                .hasMessageStartingWith("ring.json")
                .hasMessageContainingAll(messageParts)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    @Test
    void errorsNameTheFieldAndNeverTheKey() {
        refused("not json", "not valid JSON");
        refused("{\"keys\":[{\"id\":\"k1\",\"key\":\"" + KEY + "\"}]}", "'primary'");
        refused("{\"primary\":\"k1\",\"keys\":[]}", "'keys'");
        refused("{\"primary\":\"k1\",\"keys\":[{\"key\":\"" + KEY + "\"}]}", "keys[0].id");
        refused("{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + KEY + "\"},{\"id\":\"k1\",\"key\":\"" + KEY + "\"}]}",
                "keys[1].id", "twice");
        refused("{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\"%%%\"}]}", "keys[0].key", "base64");
        refused("{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + Base64.getEncoder().encodeToString(new byte[16]) + "\"}]}",
                "keys[0].key", "32 bytes");
        refused("{\"primary\":\"k2\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + KEY + "\"}]}", "'primary'", "k2");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> CardKeyring.load(Path.of("/nonexistent/ring.json")))
                .isInstanceOf(KeyringException.class).hasMessageContaining("/nonexistent/ring.json");
    }

    @Test
    void toStringShowsIdsOnly() {
        CardKeyring ring = CardKeyring.parse("{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + KEY + "\"}]}", "x");
        assertThat(ring.toString()).contains("k1").doesNotContain(KEY);
        assertThat(ring.has("k1")).isTrue();
        assertThat(ring.has("k2")).isFalse();
    }
}
