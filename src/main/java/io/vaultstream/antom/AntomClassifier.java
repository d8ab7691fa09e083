package io.vaultstream.antom;

import java.util.Set;

/**
 * The one place that decides what an Antom exchange means: a pure function of the action, the
 * HTTP outcome, whether the answer was signed by Antom, and its {@code result}.
 */
public final class AntomClassifier {
    /** Codes that mean our integration (keys, client id, endpoint, HTTP use) is wrong. */
    public static final Set<String> MISCONFIGURATION_CODES = Set.of(
            "INVALID_SIGNATURE", "KEY_NOT_FOUND", "CLIENT_INVALID", "INVALID_CLIENT_STATUS", "ACCESS_DENIED", "INVALID_API",
            "NO_INTERFACE_DEF", "MEDIA_TYPE_NOT_ACCEPTABLE", "METHOD_NOT_SUPPORTED");

    private AntomClassifier() {}

    public static AntomOutcome classify(AntomAction action, AntomExchange exchange) {
        if (exchange.transportError()) {
            return unknown("transport: " + exchange.problem(), exchange, null);
        }
        Result result = exchange.result();
        String code = result == null ? null : result.resultCode();
        if (exchange.signature() != SignatureStatus.VERIFIED) {
            // Antom leaves only its own signature errors unsigned; recognise them so they are reported
            // loudly, but never take any unsigned answer as Antom's word on the vaulting.
            if (code != null && MISCONFIGURATION_CODES.contains(code)) {
                return new AntomOutcome.Misconfigured(code, result.resultStatus(), result.resultMessage(), false);
            }
            return unknown("answer not verified (" + exchange.signature() + ")", exchange, result);
        }
        if (exchange.httpStatus() >= 500) {
            return unknown("HTTP " + exchange.httpStatus(), exchange, result);
        }
        if (result == null || code == null || result.resultStatus() == null) {
            return unknown(exchange.problem() == null ? "answer has no result" : exchange.problem(), exchange, result);
        }
        if (MISCONFIGURATION_CODES.contains(code)) {
            return new AntomOutcome.Misconfigured(code, result.resultStatus(), result.resultMessage(), true);
        }
        switch (code) {
            case "REQUEST_TRAFFIC_EXCEED_LIMIT":
                return new AntomOutcome.RateLimited(code, result.resultStatus(), result.resultMessage());
            case "REPEAT_REQ_INCONSISTENT":
                return new AntomOutcome.RepeatInconsistent(code, result.resultStatus(), result.resultMessage());
            case "SYSTEM_ERROR":
            case "UNKNOWN_EXCEPTION":
                return unknown("Antom answered " + code, exchange, result);
            default:
                break;
        }
        if (exchange.httpStatus() >= 400 && !Result.FAILED.equals(result.resultStatus())) {
            return unknown("HTTP " + exchange.httpStatus(), exchange, result);
        }
        return switch (action) {
            case VAULT_PAYMENT_METHOD -> vault(exchange, result);
            case CREATE_VAULTING_SESSION -> session(exchange, result);
            case INQUIRE_VAULTING -> inquiry(exchange, result);
        };
    }

    private static AntomOutcome vault(AntomExchange exchange, Result result) {
        AntomResponse r = exchange.response();
        String code = result.resultCode();
        if ("VERIFICATION_IN_PROCESS".equals(code)) {
            if (blank(r.normalUrl()) && blank(r.schemeUrl()) && blank(r.applinkUrl())) {
                // Antom: without a URL to send the buyer to, this attempt has failed
                return new AntomOutcome.Failed(code, result.resultStatus(), "verification required but no verification URL returned");
            }
            return new AntomOutcome.VerificationRequired(r.normalUrl(), r.schemeUrl(), r.applinkUrl(), code, result.resultStatus(),
                    result.resultMessage());
        }
        return switch (result.resultStatus()) {
            case Result.SUCCESS -> vaulted(r.card(), result);
            case Result.FAILED -> failed(result);
            default -> unknown("Antom answered " + code, exchange, result);
        };
    }

    private static AntomOutcome session(AntomExchange exchange, Result result) {
        AntomResponse r = exchange.response();
        return switch (result.resultStatus()) {
            case Result.SUCCESS -> new AntomOutcome.SessionCreated(r.vaultingSessionData(), r.vaultingSessionId(), r.vaultingSessionExpiryTime(),
                    r.normalUrl(), result.resultCode(), result.resultStatus(), result.resultMessage());
            case Result.FAILED -> failed(result);
            default -> unknown("Antom answered " + result.resultCode(), exchange, result);
        };
    }

    private static AntomOutcome inquiry(AntomExchange exchange, Result result) {
        AntomResponse r = exchange.response();
        String code = result.resultCode();
        if ("VAULTING_NOT_EXIST".equals(code)) {
            return new AntomOutcome.NotFound(code, result.resultStatus(), result.resultMessage());
        }
        if (!Result.SUCCESS.equals(result.resultStatus())) {
            // the inquiry itself failed: that says nothing about the vaulting, so it stays unknown
            return unknown("inquiry answered " + code, exchange, result);
        }
        String status = r.vaultingStatus();
        if ("SUCCESS".equals(status)) {
            return vaulted(r.card(), result);
        }
        if ("FAIL".equals(status)) {
            String failCode = blank(r.vaultingResultCode()) ? "VAULTING_FAILED" : r.vaultingResultCode();
            return new AntomOutcome.Failed(failCode, Result.FAILED, r.vaultingResultMessage());
        }
        if ("PROCESSING".equals(status)) {
            return new AntomOutcome.Processing(r.normalUrl(), r.schemeUrl(), r.applinkUrl(), code, result.resultStatus(), result.resultMessage());
        }
        return unknown("inquiry answered vaultingStatus " + (status == null ? "absent" : "'" + status + "'"), exchange, result);
    }

    private static AntomOutcome vaulted(Card card, Result result) {
        return new AntomOutcome.Vaulted(card == null ? null : card.cardToken(), card == null ? null : card.maskedCardNo(),
                card == null ? null : card.brand(), result.resultCode(), result.resultStatus(), result.resultMessage());
    }

    private static AntomOutcome failed(Result result) {
        return new AntomOutcome.Failed(result.resultCode(), result.resultStatus(), result.resultMessage());
    }

    private static AntomOutcome unknown(String reason, AntomExchange exchange, Result result) {
        return new AntomOutcome.Unknown(reason, exchange.httpStatus(), result == null ? null : result.resultCode(),
                result == null ? null : result.resultStatus(), result == null ? null : result.resultMessage());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
