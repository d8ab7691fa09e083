package io.vaultstream.view;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the view's query API.
 *
 * @param authToken when non-null, every data endpoint requires {@code Authorization: Bearer <token>}
 * @param ownerWait how long a key lookup waits for its owner to be known during a rebalance before
 *     answering 503; longer hides short rebalances from clients but holds their requests
 * @param forwardTimeout time allowed to the owning instance to answer a forwarded request (on top
 *     of the long-poll time the request itself asks for)
 * @param defaultLongPoll long-poll time of {@code waitFor=terminal} without {@code timeout}
 * @param maxLongPoll the longest {@code timeout} accepted
 * @param pollInterval how often a long poll re-reads the local store
 * @param retryAfter value of {@code Retry-After} on 503 answers
 */
public record ViewHttpOptions(
        String authToken,
        Duration ownerWait,
        Duration forwardTimeout,
        Duration defaultLongPoll,
        Duration maxLongPoll,
        Duration pollInterval,
        Duration retryAfter) {

    public ViewHttpOptions {
        if (authToken != null && authToken.isBlank()) {
            throw new IllegalArgumentException("authToken: must not be blank; leave it unset to disable auth");
        }
        Objects.requireNonNull(ownerWait, "ownerWait");
        Objects.requireNonNull(forwardTimeout, "forwardTimeout");
        Objects.requireNonNull(defaultLongPoll, "defaultLongPoll");
        Objects.requireNonNull(maxLongPoll, "maxLongPoll");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (defaultLongPoll.compareTo(maxLongPoll) > 0) {
            throw new IllegalArgumentException("defaultLongPoll: must not exceed maxLongPoll");
        }
    }

    /** No auth, 2 s owner wait, 5 s forward timeout, 10 s default / 60 s max long poll. */
    public static ViewHttpOptions defaults() {
        return new ViewHttpOptions(null, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    /** A copy with the bearer token set (null disables auth). */
    public ViewHttpOptions withAuthToken(String token) {
        return new ViewHttpOptions(token, ownerWait, forwardTimeout, defaultLongPoll, maxLongPoll, pollInterval,
                retryAfter);
    }
}
