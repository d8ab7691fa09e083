package io.vaultstream.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a container via Testcontainers, used only when a Docker engine is reachable. */
final class ContainerKafka implements KafkaBackend {

    static final String IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;

    ContainerKafka() {
        container = new KafkaContainer(IMAGE);
        container.start();
    }

    /** True when Testcontainers finds a Docker engine (never throws). */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String describe() {
        return "Testcontainers " + IMAGE + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
