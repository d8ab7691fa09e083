package io.vaultstream.view;

/** Where a piece of status evidence came from; the {@code source} of a status history entry. */
public enum EvidenceSource {
    COMMAND,
    RESULT,
    NOTIFICATION,
    INQUIRY,
    RECONCILER
}
