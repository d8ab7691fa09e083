package io.vaultstream.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Registers each topic's value schema under {@code <topic>-value} and sets the subject's compatibility
 * rule to FULL_TRANSITIVE, through the Confluent-compatible API that both Confluent Schema Registry and
 * Apicurio ({@code /apis/ccompat/v7}) serve. Registering an unchanged schema is a no-op that returns its id.
 */
public final class SchemaRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistrar.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    public static final String COMPATIBILITY = "FULL_TRANSITIVE";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String ccompatBase;

    /** {@code ccompatBase}: e.g. http://localhost:8085/apis/ccompat/v7 for Apicurio, the server root for Confluent. */
    public SchemaRegistrar(String ccompatBase) {
        this.ccompatBase = ccompatBase.endsWith("/") ? ccompatBase.substring(0, ccompatBase.length() - 1) : ccompatBase;
    }

    /** The ccompat base URL for a registry base URL and serde kind. */
    public static String ccompatBase(String registryUrl, String serdeKind) {
        String base = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        return "confluent".equals(serdeKind) ? base : base + "/apis/ccompat/v7";
    }

    /** Registers every topic's value schema with the FULL_TRANSITIVE rule. */
    public void registerAll(Topics topics) {
        for (Topics.Topic<?> t : topics.all()) {
            Schema schema = SpecificSchemas.of(t.valueType());
            String subject = t.name() + "-value";
            int id = register(subject, schema);
            LOG.info("Schema {} registered as {} (id {}, {})", schema.getFullName(), subject, id, COMPATIBILITY);
        }
    }

    /** Sets the subject's rule and registers the schema; returns the schema id. */
    public int register(String subject, Schema schema) {
        ObjectNode config = json.createObjectNode().put("compatibility", COMPATIBILITY);
        ObjectNode body = json.createObjectNode().put("schemaType", "AVRO").put("schema", schema.toString());
        // the rule first, so that the very first version is already governed by it
        JsonNode registered;
        try {
            send("PUT", "/config/" + subject, config, true);
            registered = send("POST", "/subjects/" + subject + "/versions", body, false);
            send("PUT", "/config/" + subject, config, false);
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry at " + ccompatBase + " cannot register " + subject + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted registering " + subject, e);
        }
        return registered.path("id").asInt();
    }

    /** The registered version of exactly this schema under {@code subject}; fails when it is not registered. */
    public int versionOf(String subject, Schema schema) {
        ObjectNode body = json.createObjectNode().put("schemaType", "AVRO").put("schema", schema.toString());
        try {
            return send("POST", "/subjects/" + subject, body, false).path("version").asInt();
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema " + schema.getFullName() + " is not registered under " + subject
                    + " at " + ccompatBase + " (start a role once so it registers its schemas): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted looking up " + subject, e);
        }
    }

    /** Fetches a schema by id through the Confluent-compatible API. */
    public Schema schemaById(int id) {
        try {
            JsonNode node = send("GET", "/schemas/ids/" + id, null, false);
            return new Schema.Parser().parse(node.path("schema").asText());
        } catch (IOException e) {
            throw new SchemaRegistryException("Cannot fetch schema id " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted fetching schema id " + id, e);
        }
    }

    private JsonNode send(String method, String path, JsonNode body, boolean tolerateNotFound)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ccompatBase + path))
                .timeout(Duration.ofSeconds(15))
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            if (tolerateNotFound && r.statusCode() == 404) {
                return json.createObjectNode();
            }
            throw new IOException("HTTP " + r.statusCode() + " on " + method + " " + path + ": " + abbreviate(r.body()));
        }
        return r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Thrown when the registry cannot be reached or refuses a schema (e.g. an incompatible change). */
    public static final class SchemaRegistryException extends RuntimeException {
        SchemaRegistryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
