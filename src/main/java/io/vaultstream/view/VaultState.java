package io.vaultstream.view;

import java.util.Optional;

/** The states of a vaulting request, as defined in DESIGN.md "Status model". */
public enum VaultState {
    REQUESTED(false),
    REJECTED(true),
    SESSION_CREATED(false),
    VERIFICATION_REQUIRED(false),
    VAULTED(true),
    FAILED(true),
    UNKNOWN(false);

    private final boolean terminal;

    VaultState(boolean terminal) {
        this.terminal = terminal;
    }

    /** A terminal state is never replaced by a non-terminal one. */
    public boolean terminal() {
        return terminal;
    }

    /** Antom has seen the request but the outcome is open: the states the reconciler inquires about. */
    public boolean awaitingAntom() {
        return this == SESSION_CREATED || this == VERIFICATION_REQUIRED || this == UNKNOWN;
    }

    /** Parses a state name; empty for names this version does not know (never throws on input data). */
    public static Optional<VaultState> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (VaultState s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
