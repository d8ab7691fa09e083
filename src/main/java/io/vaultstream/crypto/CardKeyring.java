package io.vaultstream.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that protect card data: the primary key encrypts, every listed key decrypts, so keys
 * rotate without downtime and destroying a retired key makes old commands unreadable (crypto-shredding).
 * File format: {@code {"primary":"k2","keys":[{"id":"k1","key":"<base64 32 bytes>"},...]}}.
 */
public final class CardKeyring {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String primaryId;
    private final Map<String, SecretKey> keys;

    private CardKeyring(String primaryId, Map<String, SecretKey> keys) {
        this.primaryId = primaryId;
        this.keys = Map.copyOf(keys);
    }

    /** Reads and validates a keyring file; errors name the file and the field, never key bytes. */
    public static CardKeyring load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyringException(file + ": cannot read card keyring (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, file.toString());
    }

    /** Parses keyring JSON; {@code source} names it in errors. */
    public static CardKeyring parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new KeyringException(source + ": card keyring is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new KeyringException(source + ": card keyring must be a JSON object");
        }
        JsonNode primary = root.get("primary");
        if (primary == null || !primary.isTextual() || primary.asText().isBlank()) {
            throw new KeyringException(source + ": field 'primary' is required (the id of the key that encrypts)");
        }
        JsonNode list = root.get("keys");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new KeyringException(source + ": field 'keys' must be a non-empty array");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode k = list.get(i);
            String at = source + ": keys[" + i + "]";
            JsonNode id = k.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new KeyringException(at + ".id is required");
            }
            if (keys.containsKey(id.asText())) {
                throw new KeyringException(at + ".id '" + id.asText() + "' is listed twice; key ids must be unique");
            }
            JsonNode material = k.get("key");
            if (material == null || !material.isTextual()) {
                throw new KeyringException(at + ".key is required (base64 of 32 bytes)");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(material.asText().strip());
            } catch (IllegalArgumentException e) {
                throw new KeyringException(at + ".key is not valid base64");
            }
            if (bytes.length != 32) {
                throw new KeyringException(at + ".key must decode to exactly 32 bytes (AES-256), found " + bytes.length);
            }
            keys.put(id.asText(), new SecretKeySpec(bytes, "AES"));
        }
        if (!keys.containsKey(primary.asText())) {
            throw new KeyringException(source + ": field 'primary' names key '" + primary.asText() + "', which is not in 'keys'");
        }
        return new CardKeyring(primary.asText(), keys);
    }

    /** Writes a new keyring with one random key (for dev), readable by the owner only; returns it. */
    public static CardKeyring generate(Path file) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String json = "{\"primary\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + Base64.getEncoder().encodeToString(key) + "\"}]}\n";
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, json, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // non-POSIX file systems keep their default permissions
            }
        } catch (IOException e) {
            throw new KeyringException(file + ": cannot write card keyring (" + e.getClass().getSimpleName() + ")");
        }
        return parse(json, file.toString());
    }

    /** The id of the key that encrypts. */
    public String primaryId() {
        return primaryId;
    }

    SecretKey primaryKey() {
        return keys.get(primaryId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(id == null ? null : keys.get(id));
    }

    /** True when the keyring can decrypt data sealed under {@code id}. */
    public boolean has(String id) {
        return id != null && keys.containsKey(id);
    }

    @Override
    public String toString() {
        return "CardKeyring[primary=" + primaryId + ", keys=" + keys.keySet() + "]";
    }
}
