package io.vaultstream.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TerminalWaitersTest {

    private final TerminalWaiters waiters = new TerminalWaiters();

    @Test
    void aSignalWakesEveryPollOfItsIdAndNoOther() {
        CompletableFuture<Void> first = waiters.await("a");
        CompletableFuture<Void> second = waiters.await("a");
        CompletableFuture<Void> other = waiters.await("b");

        waiters.signal("a");

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(other).isNotDone();
        assertThat(waiters.size()).isEqualTo(1);
    }

    @Test
    void anIdIsForgottenAfterItsLastPollIsReleased() {
        CompletableFuture<Void> first = waiters.await("a");
        CompletableFuture<Void> second = waiters.await("a");

        waiters.release("a", first);
        assertThat(waiters.size()).isEqualTo(1);
        waiters.release("a", second);

        assertThat(waiters.size()).isZero();
    }

    @Test
    void aReleaseAfterTheSignalLeavesTheNextPollsOfTheIdAlone() {
        CompletableFuture<Void> before = waiters.await("a");
        waiters.signal("a");
        CompletableFuture<Void> after = waiters.await("a");

        waiters.release("a", before);
        waiters.signal("a");

        assertThat(after).isCompleted();
    }

    @Test
    void aSignalWithNobodyWaitingIsANoOp() {
        waiters.signal("a");
        CompletableFuture<Void> later = waiters.await("a");

        assertThat(later).isNotDone();
    }
}
