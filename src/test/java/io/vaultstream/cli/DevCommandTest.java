package io.vaultstream.cli;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** dev's port check, which runs before any part starts. */
class DevCommandTest {

    @Test
    void freePortsPass() throws Exception {
        assertThat(DevCommand.portProblem(Map.of("--view-port", freePort(), "--webhook-port", freePort()))).isEmpty();
    }

    @Test
    void aPortInUseIsNamedByItsOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("--registry-port", freePort());
            ports.put("--view-port", taken.getLocalPort());
            assertThat(DevCommand.portProblem(ports)).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("--view-port " + taken.getLocalPort() + ": already in use by another process")
                    .endsWith("stop it or choose another port"));
        }
    }

    @Test
    void aPortGivenTwiceIsRejectedNamingBothOptions() throws Exception {
        int port = freePort();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--webhook-port", port);
        ports.put("--view-port", port);
        assertThat(DevCommand.portProblem(ports)).hasValue("--webhook-port and --view-port are both " + port + ": each part needs its own port");
    }

    @Test
    void aPortOutOfRangeIsRejected() {
        assertThat(DevCommand.portProblem(Map.of("--kafka-port + 1 (the KRaft controller)", 65536)))
                .hasValue("--kafka-port + 1 (the KRaft controller) 65536: must be between 1 and 65535");
        assertThat(DevCommand.portProblem(Map.of("--view-port", 0))).hasValue("--view-port 0: must be between 1 and 65535");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
