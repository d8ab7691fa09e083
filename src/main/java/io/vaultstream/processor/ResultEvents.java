package io.vaultstream.processor;

import io.vaultstream.antom.AntomOutcome;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.SealedBytes;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Builds result and dead-letter events; the only card data they carry are the masked number, brand and token. */
final class ResultEvents {

    static final String UNKNOWN_COMMAND_TYPE = "UNKNOWN";

    private ResultEvents() {}

    /** The result of a command that got an Antom answer (or exhausted its budget). */
    static VaultResult result(Job job, Decision.Finish finish, AntomOutcome outcome, long latencyMs, Instant now) {
        VaultCommand c = job.command;
        VaultResult.Builder b = base(job.key, c, job.commandType, job, now)
                .setOutcome(finish.outcome())
                .setResultCode(finish.resultCode())
                .setResultStatus(finish.resultStatus())
                .setResultMessage(finish.resultMessage())
                .setMaskedCardNo(job.maskedCardNo)
                .setAttempts(job.attempts)
                .setLatencyMs(latencyMs)
                .setEvidence(CommandDecider.UNKNOWN.equals(finish.outcome()) ? List.copyOf(job.evidence) : List.of());
        if (c.getAction() instanceof io.vaultstream.events.VaultPaymentMethod v) {
            b.setCardBrand(v.getCard().getBrand());
        }
        if (outcome instanceof AntomOutcome.Vaulted v) {
            b.setCardToken(v.cardToken());
            if (v.maskedCardNo() != null) {
                b.setMaskedCardNo(v.maskedCardNo());
            }
            if (v.brand() != null) {
                b.setCardBrand(v.brand());
            }
        } else if (outcome instanceof AntomOutcome.VerificationRequired v) {
            b.setNormalUrl(v.normalUrl()).setSchemeUrl(v.schemeUrl()).setApplinkUrl(v.applinkUrl());
        } else if (outcome instanceof AntomOutcome.Processing p) {
            b.setNormalUrl(p.normalUrl()).setSchemeUrl(p.schemeUrl()).setApplinkUrl(p.applinkUrl());
        } else if (outcome instanceof AntomOutcome.SessionCreated s) {
            b.setVaultingSessionData(s.sessionData()).setVaultingSessionId(s.sessionId()).setVaultingSessionExpiryTime(s.expiryTime())
                    .setNormalUrl(s.normalUrl());
        }
        return b.build();
    }

    /** A REJECTED result: Antom was not called; {@code code} and {@code message} say why (no values). */
    static VaultResult rejected(String key, VaultCommand c, String sourceTopic, int partition, long offset, String code, String message,
            Instant now) {
        return VaultResult.newBuilder()
                .setVaultingRequestId(key)
                .setCommandId(c == null ? "" : c.getCommandId())
                .setCommandType(c == null ? UNKNOWN_COMMAND_TYPE : Commands.commandType(c))
                .setOutcome(CommandDecider.REJECTED)
                .setResultCode(code)
                .setResultMessage(message)
                .setSourceTopic(sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setTraceparent(c == null ? null : c.getTraceparent())
                .setCommandCreatedAt(c == null ? null : c.getCreatedAt())
                .setProducedAt(now)
                .build();
    }

    private static VaultResult.Builder base(String key, VaultCommand c, String type, Job job, Instant now) {
        return VaultResult.newBuilder()
                .setVaultingRequestId(key)
                .setCommandId(c.getCommandId())
                .setCommandType(type)
                .setOutcome(CommandDecider.UNKNOWN)
                .setSourceTopic(job.partition.topic())
                .setSourcePartition(job.partition.partition())
                .setSourceOffset(job.offset)
                .setTraceparent(c.getTraceparent())
                .setCommandCreatedAt(c.getCreatedAt())
                .setProducedAt(now);
    }

    /** A dead letter; the original bytes are kept only sealed with the keyring's primary key, bound to topic-partition-offset. */
    static DeadLetter deadLetter(String topic, int partition, long offset, String key, String errorClass, String message, byte[] original,
            CardCipher cipher, Instant now) {
        DeadLetter.Builder b = DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key)
                .setErrorClass(errorClass)
                .setMessage(message)
                .setFailedAt(now);
        if (original != null) {
            SealedBytes sealed = cipher.encrypt(original, DeadLetters.originalAad(topic, partition, offset));
            b.setEncryptionKeyId(sealed.keyId()).setNonce(ByteBuffer.wrap(sealed.nonce())).setOriginalValue(ByteBuffer.wrap(sealed.ciphertext()));
        }
        return b.build();
    }
}
