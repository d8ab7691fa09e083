package io.vaultstream.sandbox;

import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.BillingAddress;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.CardholderName;
import io.vaultstream.antom.CreateVaultingSessionRequest;
import io.vaultstream.antom.Env;
import io.vaultstream.antom.PaymentMethodDetail;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The sandbox's deterministic scenarios: vaultPaymentMethod scenarios are picked by card number,
 * createVaultingSession scenarios by a {@code vaultingRequestId} prefix. Each names the state a
 * request ends in and the result code the processor should record, so {@code send --scenario}
 * and {@code dev --demo} can pick from them and check the outcome. Every card number passes Luhn;
 * docs/sandbox-scenarios.md describes the same table.
 */
public enum SandboxScenario {
    /** Vaulted in the first answer. Any card number not listed here behaves the same way. */
    VAULTED_AT_ONCE(AntomAction.VAULT_PAYMENT_METHOD, "4242424242424242", null, Kind.VAULT_NOW, "VAULTED", "SUCCESS", null),
    /** Answers VERIFICATION_IN_PROCESS with a 3DS URL, then succeeds and notifies after the verification delay. */
    THREE_DS_THEN_SUCCESS(AntomAction.VAULT_PAYMENT_METHOD, "4000000000003220", null, Kind.THREE_DS_SUCCESS, "VAULTED", "SUCCESS", null),
    /** Answers VERIFICATION_IN_PROCESS with a 3DS URL, then fails (VERIFICATION_FAIL) and notifies. */
    THREE_DS_THEN_FAIL(AntomAction.VAULT_PAYMENT_METHOD, "4000008400001629", null, Kind.THREE_DS_FAIL, "FAILED", "VERIFICATION_FAIL",
            "AUTHENTICATION_FAILED"),
    /** Answers VERIFICATION_IN_PROCESS without any URL: per Antom, the attempt has failed. */
    THREE_DS_WITHOUT_URL(AntomAction.VAULT_PAYMENT_METHOD, "4000000000003063", null, Kind.THREE_DS_NO_URL, "FAILED",
            "VERIFICATION_IN_PROCESS", "AUTHENTICATION_FAILED"),
    /** Declined at once with PROCESS_FAIL (inquiry: vaultingResultCode DO_NOT_HONOR). */
    DECLINED_PROCESS_FAIL(AntomAction.VAULT_PAYMENT_METHOD, "4000000000000002", null, Kind.DECLINE, "FAILED", "PROCESS_FAIL", "DO_NOT_HONOR"),
    /** Declined at once with VERIFICATION_FAIL (inquiry: vaultingResultCode INVALID_CVV). */
    DECLINED_VERIFICATION_FAIL(AntomAction.VAULT_PAYMENT_METHOD, "4000000000000101", null, Kind.DECLINE, "FAILED", "VERIFICATION_FAIL",
            "INVALID_CVV"),
    /** Declined at once with PROCESS_FAIL because the card has expired (inquiry: CARD_EXPIRED). */
    DECLINED_CARD_EXPIRED(AntomAction.VAULT_PAYMENT_METHOD, "4000000000000069", null, Kind.DECLINE, "FAILED", "PROCESS_FAIL", "CARD_EXPIRED"),
    /** Vaulted, but the answer comes only after the slow delay (inquiries meanwhile say PROCESSING). */
    SLOW(AntomAction.VAULT_PAYMENT_METHOD, "5555555555554444", null, Kind.SLOW, "VAULTED", "SUCCESS", null),
    /** Session created; the buyer completes it in the SDK after the session delay: vaulted and notified. */
    SESSION_COMPLETES(AntomAction.CREATE_VAULTING_SESSION, null, null, Kind.SESSION_SUCCESS, "VAULTED", "SUCCESS", null),
    /** Session created; the buyer's card fails verification after the session delay: failed and notified. */
    SESSION_FAILS(AntomAction.CREATE_VAULTING_SESSION, null, "SBX-SESSION-FAIL-", Kind.SESSION_FAIL, "FAILED", "VERIFICATION_FAIL",
            "AUTHENTICATION_FAILED");

    /** How the sandbox plays a scenario. */
    enum Kind { VAULT_NOW, THREE_DS_SUCCESS, THREE_DS_FAIL, THREE_DS_NO_URL, DECLINE, SLOW, SESSION_SUCCESS, SESSION_FAIL }

    private final AntomAction action;
    private final String cardNo;
    private final String requestIdPrefix;
    private final Kind kind;
    private final String expectedState;
    private final String expectedResultCode;
    private final String vaultingResultCode;

    SandboxScenario(AntomAction action, String cardNo, String requestIdPrefix, Kind kind, String expectedState, String expectedResultCode,
            String vaultingResultCode) {
        this.action = action;
        this.cardNo = cardNo;
        this.requestIdPrefix = requestIdPrefix;
        this.kind = kind;
        this.expectedState = expectedState;
        this.expectedResultCode = expectedResultCode;
        this.vaultingResultCode = vaultingResultCode;
    }

    /** The action that plays this scenario. */
    public AntomAction action() { return action; }

    /** The test card number that selects this scenario (vaultPaymentMethod), or null. */
    public String cardNo() { return cardNo; }

    /** The final status-view state ({@code VAULTED} or {@code FAILED}) a correct processor reaches. */
    public String expectedState() { return expectedState; }

    /** The result code a correct processor records for the final state. */
    public String expectedResultCode() { return expectedResultCode; }

    /** The {@code vaultingResultCode} inquiries report when this scenario fails, or null. */
    public String vaultingResultCode() { return vaultingResultCode; }

    Kind kind() { return kind; }

    /** A {@code vaultingRequestId} that selects this scenario, built from a unique suffix. */
    public String vaultingRequestId(String unique) {
        return requestIdPrefix == null ? unique : requestIdPrefix + unique;
    }

    /**
     * A valid request that plays this scenario: a {@link VaultPaymentMethodRequest} with the
     * scenario's card, or a {@link CreateVaultingSessionRequest} with a selecting id.
     *
     * @param unique a unique suffix for the request id
     */
    public Object sampleRequest(String unique, String notificationUrl, String redirectUrl) {
        String id = vaultingRequestId(unique);
        if (action == AntomAction.CREATE_VAULTING_SESSION) {
            return new CreateVaultingSessionRequest(PaymentMethodDetail.CARD, id, notificationUrl, redirectUrl, null, Boolean.TRUE);
        }
        Card card = Card.of(cardNo, null, new CardholderName("Sandbox", null, "Buyer", null), "30", "12", cardNo.startsWith("3") ? "1234" : "123",
                new BillingAddress("US", "CA", "San Mateo", "1 Sandbox Way", null, "94401"));
        return new VaultPaymentMethodRequest(id, notificationUrl, redirectUrl, "US", PaymentMethodDetail.card(card),
                Env.web("203.0.113.10", "Mozilla/5.0 (vaultstream sandbox)"), null, null);
    }

    /** The scenario a vaultPaymentMethod card number selects (unlisted numbers vault at once). */
    public static SandboxScenario forCard(String cardNo) {
        return Arrays.stream(values()).filter(s -> s.cardNo != null && s.cardNo.equals(cardNo)).findFirst().orElse(VAULTED_AT_ONCE);
    }

    /** The scenario a createVaultingSession request id selects. */
    public static SandboxScenario forSession(String vaultingRequestId) {
        return vaultingRequestId != null && vaultingRequestId.startsWith(SESSION_FAILS.requestIdPrefix) ? SESSION_FAILS : SESSION_COMPLETES;
    }

    /** Looks a scenario up by name, case-insensitively. */
    public static Optional<SandboxScenario> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }
}
