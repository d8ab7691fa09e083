package io.vaultstream.antom;

import java.time.Duration;
import java.util.Objects;

/**
 * What came back from one Antom call: either a transport error, or an HTTP answer with its status,
 * signature check and parsed body (null when the body was not Antom JSON). Holds no card data
 * beyond what Antom's answer itself carries (masked card number, brand, token).
 */
public record AntomExchange(
        AntomAction action,
        String vaultingRequestId,
        int httpStatus,
        SignatureStatus signature,
        AntomResponse response,
        String problem,
        boolean transportError,
        Duration elapsed) {

    public AntomExchange {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(signature, "signature");
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    /** No HTTP answer: connect failure, timeout, reset, TLS failure; {@code problem} says which, without secrets. */
    public static AntomExchange transportFailure(AntomAction action, String id, String problem, Duration elapsed) {
        return new AntomExchange(action, id, 0, SignatureStatus.NOT_APPLICABLE, null, problem, true, elapsed);
    }

    /** An HTTP answer; {@code response} is null and {@code problem} set when the body could not be read as Antom JSON. */
    public static AntomExchange answered(AntomAction action, String id, int httpStatus, SignatureStatus signature, AntomResponse response,
            String problem, Duration elapsed) {
        return new AntomExchange(action, id, httpStatus, signature, response, problem, false, elapsed);
    }

    /** The answer's result, or null. */
    public Result result() {
        return response == null ? null : response.result();
    }
}
