package io.vaultstream.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of a request's canonical JSON, so a repeated {@code vaultingRequestId} can be compared with the first
 * request without keeping its content (card data included). Canonical: object keys sorted, null members dropped,
 * every scalar written as its text, so the string and native forms of the same request compare equal.
 *
 * <p>The canonical form is streamed straight into the digest rather than built as a second JSON tree and
 * serialised: the sandbox digests every vaulting call, and the intermediate tree was pure garbage.
 */
final class RequestDigest {

    private RequestDigest() {}

    /** The lowercase hex SHA-256 of {@code tree}'s canonical JSON, written with {@code mapper}'s generator settings. */
    static String of(ObjectMapper mapper, JsonNode tree) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        try (JsonGenerator g = mapper.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            write(g, tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot digest request", e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isNull()) {
                    members.add(e);
                }
            }
            members.sort(Map.Entry.comparingByKey());
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : members) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                write(g, element);
            }
            g.writeEndArray();
        } else {
            g.writeString(node.asText());
        }
    }
}
