package io.vaultstream.reliability;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.view.ViewService;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The view role alone in a JVM, from a properties file, for tests that SIGKILL it ({@code vaultstream view}
 * is not wired into the CLI in this build). Runs until killed.
 */
public final class ViewMain {

    private ViewMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(r);
        }
        Map<String, String> settings = new HashMap<>();
        p.forEach((k, v) -> settings.put((String) k, (String) v));
        ViewService view = new ViewService(VaultstreamConfig.of(settings));
        view.start();
        new CountDownLatch(1).await();
    }
}
