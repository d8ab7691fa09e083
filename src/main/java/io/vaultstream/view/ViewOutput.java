package io.vaultstream.view;

import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultStatus;

/** What the status processor emits: a status change for the status topic or a reconciler command. */
sealed interface ViewOutput {

    /** A new status, for the compacted status topic. */
    record StatusChange(VaultStatus status) implements ViewOutput {}

    /** An inquiry command from the reconciler, for the commands topic. */
    record Inquiry(VaultCommand command) implements ViewOutput {}
}
