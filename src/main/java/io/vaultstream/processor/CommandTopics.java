package io.vaultstream.processor;

import io.vaultstream.config.VaultstreamConfig;
import io.vaultstream.kafka.SerdeFactory;
import io.vaultstream.kafka.Topics;
import java.util.HashMap;
import java.util.Map;

/**
 * Topics for clients that produce commands ({@code send}, {@code inquire}, {@code dlq redrive}, tests).
 *
 * <p>Works around the serde factory's Apicurio default: VaultCommand nests named records (its action union),
 * which Apicurio's serializer registers as separate referenced artifacts; registering the parent with
 * references against a subject created by the schema registrar under FULL_TRANSITIVE is refused (HTTP 422).
 * Asking the serializer to register the dereferenced schema (one self-contained schema, as the registrar
 * does) avoids it. An explicit {@code registry.apicurio.registry.dereference-schema} setting wins.
 */
public final class CommandTopics {

    static final String DEREFERENCE = "registry.apicurio.registry.dereference-schema";

    private CommandTopics() {}

    public static Topics forProducers(VaultstreamConfig config) {
        Map<String, String> values = new HashMap<>(config.originalsStrings());
        values.putAll(config.passThrough());
        values.putIfAbsent(DEREFERENCE, "true");
        return new Topics(config, new SerdeFactory(VaultstreamConfig.of(values)));
    }
}
