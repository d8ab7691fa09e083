package io.vaultstream.antom;

import java.nio.charset.StandardCharsets;

/** The acknowledgement a merchant returns (HTTP 200) for a notifyVaulting it has stored; anything else makes Antom re-send. */
public final class NotificationAck {
    /** Exactly the body Antom expects. */
    public static final String SUCCESS_BODY = "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"}}";

    private NotificationAck() {}

    /** The body as UTF-8 bytes (a fresh copy). */
    public static byte[] successBytes() {
        return SUCCESS_BODY.getBytes(StandardCharsets.UTF_8);
    }
}
