package io.vaultstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrkLoadTest {

    @TempDir Path dir;

    @Test
    void requestFileHoldsEachRequestLineHeadersAndRawBody() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        byte[] body = "{\"a\":\"\u00e9\n\"}".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("r.txt");
        WrkLoad.writeRequests(file, List.of(new LoadGenerator.Request("POST", "/n", headers, body), LoadGenerator.Request.get("/vaults/q-1")));

        byte[] expected = concat("POST /n 1 " + body.length + "\nContent-Type: application/json\n", body, "\nGET /vaults/q-1 0 0\n\n");
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    @Test
    void headerWithALineBreakIsRefused() {
        LoadGenerator.Request r = new LoadGenerator.Request("POST", "/n", Map.of("X", "a\r\nInjected: 1"), new byte[0]);
        assertThatThrownBy(() -> WrkLoad.writeRequests(dir.resolve("r.txt"), List.of(r))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryLineBecomesAResultInMilliseconds() throws Exception {
        String line = "{\"requests\":10,\"answers\":10,\"durationMicros\":2000000,\"non2xx\":1,\"statuses\":{\"200\":9,\"503\":1},"
                + "\"errors\":{\"connect\":0,\"read\":1,\"write\":0,\"timeout\":2},"
                + "\"latencyMicros\":{\"p50\":1234,\"p95\":5000,\"p99\":19999,\"p999\":20500,\"max\":21000,\"mean\":1500.5}}";
        LoadGenerator.Result r = WrkLoad.parse(new ObjectMapper().readTree(line), 0.5);

        assertThat(r.ok()).isEqualTo(9);
        assertThat(r.okPerSecond()).isEqualTo(4.5);
        assertThat(r.transportErrors()).isEqualTo(3);
        assertThat(r.latencyMs()).containsEntry("p50", 1.23).containsEntry("p99", 20.0).containsEntry("max", 21.0).containsEntry("count", 10L);
        assertThat(r.statusSummary()).containsEntry("200", 9L).containsEntry("503", 1L).containsEntry("transportErrors", 3L);
    }

    private static byte[] concat(String a, byte[] b, String c) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] z = c.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[x.length + b.length + z.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(b, 0, out, x.length, b.length);
        System.arraycopy(z, 0, out, x.length + b.length, z.length);
        return out;
    }
}
