package io.vaultstream.view;

import io.vaultstream.events.CreateVaultingSession;
import io.vaultstream.events.InquireVaulting;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultPaymentMethod;
import io.vaultstream.events.VaultResult;
import java.time.Instant;
import java.util.Objects;

/**
 * One fact about a vaulting request, normalised from a command, a result, a notification or the
 * reconciler, that {@link StatusModel} folds into a status.
 *
 * <p>Evidence deliberately has no field for a card token, PAN or CVV: whatever the source event
 * carries, nothing but the masked number and the brand can reach a status.
 *
 * @param state the state this evidence asserts; null for {@link Kind#PROGRESS}
 * @param at the event's own time (command createdAt, result producedAt, notification receivedAt)
 * @param requestedAt when the original command was created, if this evidence knows it
 */
public record Evidence(
        String vaultingRequestId,
        EvidenceSource source,
        Kind kind,
        VaultState state,
        Instant at,
        String commandType,
        Instant requestedAt,
        String resultCode,
        String resultStatus,
        String resultMessage,
        String maskedCardNo,
        String cardBrand,
        String normalUrl,
        String schemeUrl,
        String applinkUrl,
        String notificationId,
        String traceparent) {

    /** Command type names as they appear in results and the status. */
    public static final String VAULT_PAYMENT_METHOD = "VAULT_PAYMENT_METHOD";

    public static final String CREATE_VAULTING_SESSION = "CREATE_VAULTING_SESSION";
    public static final String INQUIRE_VAULTING = "INQUIRE_VAULTING";

    /** Result code the status carries when the reconciler gives up. */
    public static final String RECONCILE_TIMEOUT = "RECONCILE_TIMEOUT";

    /** How a piece of evidence may move the state. */
    public enum Kind {
        /** An original vaultPaymentMethod / createVaultingSession command: asserts REQUESTED. */
        REQUEST,
        /** An inquiry command: creates a REQUESTED status for an unknown id, otherwise changes nothing. */
        INQUIRY_REQUEST,
        /** An answer that asserts a state (result outcome, notification S/F, reconciler give-up). */
        ANSWER,
        /**
         * Antom has seen the request but the outcome is still open (PROCESSING, notification U, an
         * outcome this version does not know): recorded in the history, moves only REQUESTED to UNKNOWN.
         */
        PROGRESS
    }

    public Evidence {
        Objects.requireNonNull(vaultingRequestId, "vaultingRequestId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        if ((state == null) != (kind == Kind.PROGRESS)) {
            throw new IllegalArgumentException("state must be null exactly for PROGRESS evidence");
        }
    }

    /** Evidence from a command on the commands topic. */
    public static Evidence of(VaultCommand command) {
        Object action = command.getAction();
        Kind kind;
        String type;
        String brand = null;
        if (action instanceof VaultPaymentMethod vpm) {
            kind = Kind.REQUEST;
            type = VAULT_PAYMENT_METHOD;
            brand = vpm.getCard() == null ? null : vpm.getCard().getBrand();
        } else if (action instanceof CreateVaultingSession) {
            kind = Kind.REQUEST;
            type = CREATE_VAULTING_SESSION;
        } else if (action instanceof InquireVaulting) {
            kind = Kind.INQUIRY_REQUEST;
            type = INQUIRE_VAULTING;
        } else {
            throw new IllegalArgumentException(
                    "action: must be VaultPaymentMethod, CreateVaultingSession or InquireVaulting");
        }
        return new Evidence(command.getVaultingRequestId(), EvidenceSource.COMMAND, kind, VaultState.REQUESTED,
                command.getCreatedAt(), type, kind == Kind.REQUEST ? command.getCreatedAt() : null,
                null, null, null, null, brand, null, null, null, null, command.getTraceparent());
    }

    /** Evidence from a result on the results topic; results of inquiries have source INQUIRY. */
    public static Evidence of(VaultResult result) {
        boolean inquiry = INQUIRE_VAULTING.equals(result.getCommandType());
        VaultState state = switch (String.valueOf(result.getOutcome())) {
            case "VAULTED" -> VaultState.VAULTED;
            case "SESSION_CREATED" -> VaultState.SESSION_CREATED;
            case "VERIFICATION_REQUIRED" -> VaultState.VERIFICATION_REQUIRED;
            case "FAILED" -> VaultState.FAILED;
            case "REJECTED" -> VaultState.REJECTED;
            // An inquiry that could not reach a verdict tells nothing new about an answered request.
            case "UNKNOWN" -> inquiry ? null : VaultState.UNKNOWN;
            // PROCESSING, and outcomes added after this version: the outcome is open.
            default -> null;
        };
        return new Evidence(result.getVaultingRequestId(), inquiry ? EvidenceSource.INQUIRY : EvidenceSource.RESULT,
                state == null ? Kind.PROGRESS : Kind.ANSWER, state, result.getProducedAt(), result.getCommandType(),
                inquiry ? null : result.getCommandCreatedAt(), result.getResultCode(), result.getResultStatus(),
                result.getResultMessage(), result.getMaskedCardNo(), result.getCardBrand(), result.getNormalUrl(),
                result.getSchemeUrl(), result.getApplinkUrl(), null, result.getTraceparent());
    }

    /** Evidence from a verified Antom notification: S vaulted, F failed, anything else still open. */
    public static Evidence of(VaultNotification n) {
        VaultState state;
        if ("F".equals(n.getResultStatus()) || "FAIL".equals(n.getVaultingStatus())) {
            state = VaultState.FAILED;
        } else if ("S".equals(n.getResultStatus()) && !"PROCESSING".equals(n.getVaultingStatus())) {
            state = VaultState.VAULTED;
        } else {
            state = null;
        }
        return new Evidence(n.getVaultingRequestId(), EvidenceSource.NOTIFICATION,
                state == null ? Kind.PROGRESS : Kind.ANSWER, state, n.getReceivedAt(), null, null,
                n.getResultCode(), n.getResultStatus(), n.getResultMessage(), n.getMaskedCardNo(), n.getCardBrand(),
                null, null, null, n.getNotificationId(), null);
    }

    /** The reconciler's verdict that Antom will not answer in time: FAILED with RECONCILE_TIMEOUT. */
    public static Evidence reconcileTimeout(String vaultingRequestId, Instant at) {
        return new Evidence(vaultingRequestId, EvidenceSource.RECONCILER, Kind.ANSWER, VaultState.FAILED, at, null,
                null, RECONCILE_TIMEOUT, null, "no final answer from Antom before the reconciler's final age",
                null, null, null, null, null, null, null);
    }
}
