package io.vaultstream.sandbox;

import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** The sandbox's memory of one vaulting request: what was asked, its first answer, and where it stands. */
final class VaultingRecord {
    final String vaultingRequestId;
    final AntomAction action;
    /** SHA-256 of the canonical request: enough to detect a different repeat without keeping card data. */
    final String requestDigest;
    final String notificationUrl;
    final SandboxScenario scenario;
    final Instant createdAt;
    /** The business answer of the first call, replayed for every repeat of the same request. */
    final CompletableFuture<AntomResponse> firstAnswer = new CompletableFuture<>();

    private String status = "PROCESSING";
    private String cardToken;
    private String maskedCardNo;
    private String brand;
    private String failureCode;
    private String failureMessage;
    private String normalUrl;

    VaultingRecord(String vaultingRequestId, AntomAction action, String requestDigest, String notificationUrl, SandboxScenario scenario,
            Instant createdAt) {
        this.vaultingRequestId = vaultingRequestId;
        this.action = action;
        this.requestDigest = requestDigest;
        this.notificationUrl = notificationUrl;
        this.scenario = scenario;
        this.createdAt = createdAt;
    }

    synchronized void card(String token, String masked, String brand) {
        this.cardToken = token;
        this.maskedCardNo = masked;
        this.brand = brand;
    }

    synchronized void pending(String normalUrl) {
        this.normalUrl = normalUrl;
    }

    synchronized void succeed() {
        status = "SUCCESS";
    }

    synchronized void fail(String code, String message) {
        status = "FAIL";
        failureCode = code;
        failureMessage = message;
    }

    synchronized String status() { return status; }
    synchronized String cardToken() { return cardToken; }
    synchronized String maskedCardNo() { return maskedCardNo; }
    synchronized String brand() { return brand; }
    synchronized String failureCode() { return failureCode; }
    synchronized String failureMessage() { return failureMessage; }
    synchronized String normalUrl() { return normalUrl; }
}
