package io.vaultstream.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InFlightRequestsTest {

    @Test
    void closingRefusesNewRequestsAndWaitsForTheOnesInFlight() throws Exception {
        InFlightRequests inFlight = new InFlightRequests();
        assertThat(inFlight.tryEnter()).isTrue();

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return inFlight.closeAndAwait(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(inFlight::closing);

        assertThat(inFlight.tryEnter()).isFalse();
        assertThat(drained).isNotDone();
        inFlight.exit();
        assertThat(drained.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.count()).isZero();
    }

    @Test
    void closeGivesUpAfterItsTimeoutWhenARequestNeverFinishes() throws Exception {
        InFlightRequests inFlight = new InFlightRequests();
        inFlight.tryEnter();

        assertThat(inFlight.closeAndAwait(Duration.ofMillis(50))).isFalse();
        assertThat(inFlight.count()).isEqualTo(1);
    }
}
