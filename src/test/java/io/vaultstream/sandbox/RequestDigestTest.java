package io.vaultstream.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultstream.antom.AntomJson;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RequestDigestTest {
    private final ObjectMapper mapper = AntomJson.mapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void streamedDigestEqualsTheDigestOfTheNormalisedTreeOnRandomRequests() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 2000; i++) {
            JsonNode tree = randomObject(random, 0);
            // through text and back, as the sandbox sees it
            JsonNode parsed = mapper.readTree(mapper.writeValueAsBytes(tree));
            assertThat(RequestDigest.of(mapper, parsed)).as("tree %s", parsed).isEqualTo(reference(parsed));
        }
    }

    @Test
    void stringAndNativeScalarsKeyOrderAndNullMembersDoNotChangeTheDigest() throws Exception {
        String a = RequestDigest.of(mapper, mapper.readTree("{\"b\":{\"y\":1,\"x\":true},\"a\":\"q\",\"n\":null}"));
        String b = RequestDigest.of(mapper, mapper.readTree("{\"a\":\"q\",\"b\":{\"x\":\"true\",\"y\":\"1\"}}"));
        String c = RequestDigest.of(mapper, mapper.readTree("{\"a\":\"q\",\"b\":{\"x\":\"true\",\"y\":\"2\"}}"));
        assertThat(a).isEqualTo(b).hasSize(64);
        assertThat(c).isNotEqualTo(a);
    }

    /** The digest as the sandbox first computed it: a normalised copy of the tree, serialised, hashed. */
    private String reference(JsonNode tree) throws Exception {
        byte[] canonical = mapper.writeValueAsBytes(normalize(tree));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    }

    private static JsonNode normalize(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isNull()) {
                    sorted.put(e.getKey(), normalize(e.getValue()));
                }
            }
            ObjectNode out = NODES.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(normalize(n)));
            return out;
        }
        return NODES.textNode(node.asText());
    }

    private static ObjectNode randomObject(SplittableRandom random, int depth) {
        ObjectNode o = NODES.objectNode();
        int n = random.nextInt(depth == 0 ? 1 : 0, 6);
        for (int i = 0; i < n; i++) {
            o.set(randomKey(random), randomValue(random, depth + 1));
        }
        return o;
    }

    private static JsonNode randomValue(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode(randomKey(random) + "\u00e9\"\\\n");
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1000);
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.textNode(Integer.toString(random.nextInt(100)));
            case 6 -> randomObject(random, depth);
            default -> {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(randomValue(random, depth + 1));
                }
                yield a;
            }
        };
    }

    private static String randomKey(SplittableRandom random) {
        String[] keys = {"card", "cardNo", "Card", "a", "b", "z", "vaultingRequestId", "env", "\u00e9t\u00e9", "A1", "a1", ""};
        return keys[random.nextInt(keys.length)];
    }
}
