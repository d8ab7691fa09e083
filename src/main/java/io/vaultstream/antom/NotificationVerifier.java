package io.vaultstream.antom;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * Verifies notifyVaulting requests from Antom on the raw body bytes: pins {@code client-id},
 * takes {@code Request-Time} as sent, and accepts a signature made by any configured Antom key.
 */
public final class NotificationVerifier {
    private final String clientId;
    private final List<PublicKey> antomKeys;

    public NotificationVerifier(String clientId, List<PublicKey> antomKeys) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        if (antomKeys == null || antomKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one Antom public key is required");
        }
        this.antomKeys = List.copyOf(antomKeys);
    }

    /**
     * Throws {@link InvalidSignatureException} unless the notification is signed by Antom for our client id.
     *
     * @param signedPath the path Antom signed (the endpoint path, or {@code webhook.signed-path} behind a rewriting ingress)
     */
    public void verify(String signedPath, String clientIdHeader, String requestTimeHeader, String signatureHeader, byte[] rawBody)
            throws InvalidSignatureException {
        if (clientIdHeader == null || clientIdHeader.isBlank()) {
            throw new InvalidSignatureException("client-id header missing");
        }
        if (!clientId.equals(clientIdHeader.trim())) {
            throw new InvalidSignatureException("client-id header does not match the configured client id");
        }
        if (requestTimeHeader == null || requestTimeHeader.isBlank()) {
            throw new InvalidSignatureException("request-time header missing");
        }
        if (rawBody == null) {
            throw new InvalidSignatureException("body missing");
        }
        AntomSigner.verifyHeader(antomKeys, signedPath, clientIdHeader.trim(), requestTimeHeader, rawBody, signatureHeader);
    }
}
