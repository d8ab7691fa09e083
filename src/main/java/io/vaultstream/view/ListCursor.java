package io.vaultstream.view;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Position in the listing order (newest {@code updatedAt} first, then id): the last item a page
 * returned. Opaque to clients (base64url), so the same cursor works on every instance.
 */
public record ListCursor(Instant updatedAt, String vaultingRequestId) {

    public ListCursor {
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(vaultingRequestId, "vaultingRequestId");
    }

    /** The cursor as a URL-safe token. */
    public String encode() {
        String raw = updatedAt.toEpochMilli() + ":" + vaultingRequestId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a token from {@link #encode()}.
     *
     * @throws IllegalArgumentException naming the parameter when the token is malformed
     */
    public static ListCursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon <= 0 || colon == raw.length() - 1) {
                throw new IllegalArgumentException("cursor: malformed");
            }
            return new ListCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
                    raw.substring(colon + 1));
        } catch (IllegalArgumentException e) { // NumberFormatException and bad base64 included
            throw new IllegalArgumentException("cursor: malformed, pass the 'next' value of the previous page");
        }
    }

    /** Listing order: newest first, then id ascending. */
    static int compare(Instant aUpdated, String aId, Instant bUpdated, String bId) {
        int c = bUpdated.compareTo(aUpdated);
        return c != 0 ? c : aId.compareTo(bId);
    }
}
