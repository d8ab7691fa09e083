package io.vaultstream.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vaultstream.antom.AntomJson;
import io.vaultstream.events.VaultNotification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Turns a verified notifyVaulting body into a {@link VaultNotification} event: pure, no I/O. The reader is
 * shared (Jackson readers are thread-safe), so a request costs one parse and one SHA-256.
 */
public final class NotificationEvents {

    /** Antom's documented limit of {@code vaultingRequestId}. */
    static final int MAX_REQUEST_ID_LENGTH = 64;

    private static final ObjectReader READER = AntomJson.mapper().reader();
    private static final HexFormat HEX = HexFormat.of();

    private NotificationEvents() {}

    /**
     * The event for a verified body.
     *
     * @param rawBody     the body exactly as received (and verified)
     * @param requestTime the {@code Request-Time} header as sent
     * @param receivedAt  when the request arrived
     * @throws InvalidNotificationException naming the field and rule; never quoting the body
     */
    public static VaultNotification fromVerifiedBody(byte[] rawBody, String requestTime, Instant receivedAt)
            throws InvalidNotificationException {
        JsonNode root;
        try {
            root = READER.readTree(rawBody);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input, which may hold a card token: never pass it on
            throw new InvalidNotificationException("body: must be valid JSON");
        } catch (IOException e) {
            throw new InvalidNotificationException("body: must be valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidNotificationException("body: must be a JSON object");
        }
        String requestId = text(root.get("vaultingRequestId"));
        if (requestId == null || requestId.isBlank()) {
            throw new InvalidNotificationException("vaultingRequestId: required, a non-empty string");
        }
        if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new InvalidNotificationException("vaultingRequestId: at most " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        JsonNode result = root.get("result");
        if (result == null || !result.isObject()) {
            throw new InvalidNotificationException("result: required, a JSON object");
        }
        JsonNode card = root.path("paymentMethodDetail").path("card");
        return VaultNotification.newBuilder()
                .setNotificationId(notificationId(rawBody))
                .setVaultingRequestId(requestId)
                .setResultCode(text(result.get("resultCode")))
                .setResultStatus(text(result.get("resultStatus")))
                .setResultMessage(text(result.get("resultMessage")))
                .setVaultingStatus(text(root.get("vaultingStatus")))
                .setMaskedCardNo(text(card.get("maskedCardNo")))
                .setCardBrand(text(card.get("brand")))
                .setCardToken(text(card.get("cardToken")))
                .setVaultingCreateTime(text(root.get("vaultingCreateTime")))
                .setRequestTime(requestTime)
                .setReceivedAt(receivedAt)
                .setRawJson(new String(rawBody, StandardCharsets.UTF_8))
                .build();
    }

    /** SHA-256 of the raw body, hex: Antom re-sends the same bytes, so a re-send has the same id. */
    public static String notificationId(byte[] rawBody) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(rawBody));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A scalar as text (Antom sends some values as strings, some natively); objects, arrays and null are absent. */
    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.isNull() ? null : node.asText();
    }
}
