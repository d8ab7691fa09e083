package io.vaultstream.antom;

import java.util.List;

/** A request model broke Antom's documented rules and was not sent; the message lists fields and rules, never values. */
public final class InvalidRequestException extends RuntimeException {
    private final transient List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super("request not sent, invalid: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
