package io.vaultstream.view;

import io.vaultstream.events.CreateVaultingSession;
import io.vaultstream.events.EncryptedCard;
import io.vaultstream.events.InquireVaulting;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultNotification;
import io.vaultstream.events.VaultPaymentMethod;
import io.vaultstream.events.VaultResult;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Builders of the view's input events for tests, with a sensitive card token on every answer. */
final class Events {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final String CARD_TOKEN = "tok_SENSITIVE_4111111111111111";
    static final String MASKED = "411111******1111";

    private Events() {}

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static VaultCommand vaultPaymentMethod(String id, long second) {
        return command(id, second, VaultPaymentMethod.newBuilder()
                .setRedirectUrl("https://merchant.example/return")
                .setCard(EncryptedCard.newBuilder()
                        .setBrand("VISA")
                        .setKeyId("k1")
                        .setNonce(ByteBuffer.wrap(new byte[12]))
                        .setCiphertext(ByteBuffer.wrap(new byte[32]))
                        .build())
                .setEnvJson("{}")
                .build());
    }

    static VaultCommand createSession(String id, long second) {
        return command(id, second, CreateVaultingSession.newBuilder().build());
    }

    static VaultCommand inquire(String id, long second) {
        return command(id, second, InquireVaulting.newBuilder().build());
    }

    static VaultCommand command(String id, long second, Object action) {
        return VaultCommand.newBuilder()
                .setVaultingRequestId(id)
                .setCommandId("cmd-" + id + "-" + second)
                .setCreatedAt(at(second))
                .setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .setAction(action)
                .build();
    }

    static VaultResult result(String id, long second, String outcome) {
        return result(id, second, outcome, Evidence.VAULT_PAYMENT_METHOD);
    }

    static VaultResult result(String id, long second, String outcome, String commandType) {
        boolean vaulted = outcome.equals("VAULTED");
        boolean failed = outcome.equals("FAILED") || outcome.equals("REJECTED");
        return VaultResult.newBuilder()
                .setVaultingRequestId(id)
                .setCommandId("cmd-" + id)
                .setCommandType(commandType)
                .setOutcome(outcome)
                .setResultCode(vaulted ? "SUCCESS" : failed ? "CARD_EXPIRED" : outcome)
                .setResultStatus(vaulted ? "S" : failed ? "F" : "U")
                .setResultMessage("m")
                .setMaskedCardNo(vaulted ? MASKED : null)
                .setCardBrand(vaulted ? "VISA" : null)
                .setCardToken(vaulted ? CARD_TOKEN : null)
                .setNormalUrl(outcome.equals("VERIFICATION_REQUIRED") ? "https://3ds.example/n" : null)
                .setEvidence(List.of())
                .setCommandCreatedAt(commandType.equals(Evidence.INQUIRE_VAULTING) ? null : at(0))
                .setProducedAt(at(second))
                .build();
    }

    static VaultNotification notification(String id, long second, String resultStatus) {
        return notification(id, second, resultStatus, "n-" + id + "-" + resultStatus);
    }

    static VaultNotification notification(String id, long second, String resultStatus, String notificationId) {
        boolean ok = resultStatus.equals("S");
        return VaultNotification.newBuilder()
                .setNotificationId(notificationId)
                .setVaultingRequestId(id)
                .setResultCode(ok ? "SUCCESS" : "DO_NOT_HONOR")
                .setResultStatus(resultStatus)
                .setResultMessage(ok ? "success" : "declined")
                .setVaultingStatus(ok ? "SUCCESS" : "FAIL")
                .setMaskedCardNo(MASKED)
                .setCardBrand("VISA")
                .setCardToken(CARD_TOKEN)
                .setReceivedAt(at(second))
                .setRawJson("{\"cardToken\":\"" + CARD_TOKEN + "\"}")
                .build();
    }
}
