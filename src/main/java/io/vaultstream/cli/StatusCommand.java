package io.vaultstream.cli;

import io.vaultstream.config.ConfigKeys;
import io.vaultstream.config.VaultstreamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code vaultstream status ID}: the status JSON of one request from the view; exit 0 found, 3 unknown, 1 error. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the status JSON of a vaulting request (exit 0 found, 3 unknown, 1 error).")
final class StatusCommand implements Callable<Integer> {

    static final int NOT_FOUND = 3;

    @Mixin ConfigOption config;

    @Parameters(paramLabel = "ID", description = "the vaultingRequestId")
    String id;

    @Option(names = "--wait", description = "Long-poll until the request is in a terminal state (at most this long, e.g. 10s).")
    String wait;

    @Override
    public Integer call() throws Exception {
        VaultstreamConfig cfg = config.loadClient();
        String base = cfg.optionalString(ConfigKeys.VIEW_ADVERTISED_URL)
                .orElse("http://localhost:" + cfg.getInt(ConfigKeys.VIEW_PORT));
        String url = base + "/vaults/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + (wait == null ? "" : "?waitFor=terminal&timeout=" + URLEncoder.encode(wait, StandardCharsets.UTF_8));
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90));
        cfg.optionalPassword(ConfigKeys.VIEW_AUTH_TOKEN).ifPresent(t -> req.header("Authorization", "Bearer " + t));
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("vaultstream status: cannot reach the view at " + base + ": " + e.getMessage());
            return 1;
        }
        if (r.statusCode() == 200) {
            System.out.println(r.body());
            return 0;
        }
        if (r.statusCode() == 404) {
            System.err.println("vaultstream status: unknown vaultingRequestId " + id);
            return NOT_FOUND;
        }
        System.err.println("vaultstream status: view answered HTTP " + r.statusCode() + ": " + r.body());
        return 1;
    }
}
