package io.vaultstream.processor;

import io.vaultstream.antom.Violation;
import java.util.List;

/** A command that cannot become a valid Antom request; names each field and rule, never a value. */
public final class CommandRejectedException extends Exception {

    private final List<Violation> violations;

    public CommandRejectedException(List<Violation> violations) {
        super("invalid command: " + violations, null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
