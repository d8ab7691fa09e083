package io.vaultstream.testsupport;

/** A real Kafka cluster for integration tests. */
public interface KafkaBackend extends AutoCloseable {

    String bootstrapServers();

    /** Short description for test logs. */
    String describe();

    @Override
    void close();
}
