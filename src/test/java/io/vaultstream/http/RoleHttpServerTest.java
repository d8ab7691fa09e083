package io.vaultstream.http;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleHttpServerTest {

    @Test
    void aTakenPortIsNamedAsTheCauseOfAFailedStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            RoleHttpServer server = new RoleHttpServer("webhook", HttpServerOptions.onPort(taken.getLocalPort()),
                    Metrics.newRegistry("webhook"), app -> { });
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("webhook HTTP server cannot listen on port " + taken.getLocalPort() + ": already in use by another process");
        }
    }

    @Test
    void aFreePortStartsAndServesHealth() throws Exception {
        try (RoleHttpServer server = new RoleHttpServer("view", HttpServerOptions.onPort(0), Metrics.newRegistry("view"), app -> { }).start()) {
            assertThat(server.port()).isPositive();
            java.net.http.HttpResponse<String> live = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + server.port() + "/health/live")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
        }
    }
}
