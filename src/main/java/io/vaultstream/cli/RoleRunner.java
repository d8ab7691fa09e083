package io.vaultstream.cli;

import io.vaultstream.Service;
import io.vaultstream.kafka.SchemaRegistrar;
import io.vaultstream.kafka.TopicSetup;

import java.util.concurrent.CountDownLatch;

/** Runs one role's service until SIGTERM / Ctrl-C, turning start-up problems into one clear line. */
final class RoleRunner {

    private RoleRunner() {}

    /** Starts the service, prints where it listens, blocks until the JVM is asked to stop. */
    static int run(Service service, String listening) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, service.name() + "-shutdown"));
        try {
            service.start();
        } catch (TopicSetup.TopicSetupException | SchemaRegistrar.SchemaRegistryException
                 | org.apache.kafka.common.config.ConfigException e) {
            // Kafka or the registry unreachable, or settings wrong: the user's to fix, one line is enough
            throw new UserFacingException(e.getMessage(), e);
        } catch (Exception e) {
            throw new UserFacingException(service.name() + " could not start: " + e.getMessage(), e);
        }
        System.err.println("vaultstream " + service.name() + " " + listening.replace("{port}", portOf(service)));
        stopped.await();
        return 0;
    }

    private static String portOf(Service service) {
        try {
            return String.valueOf(service.getClass().getMethod("port").invoke(service));
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }
}
