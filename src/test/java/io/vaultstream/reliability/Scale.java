package io.vaultstream.reliability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes and randomness of the reliability scenarios: a fast version for {@code mvn verify}, a soak with
 * {@code -Dreliability.soak=true}, and the seed from {@code -Dreliability.seed=N} (else the clock), always logged.
 */
final class Scale {

    private static final Logger LOG = LoggerFactory.getLogger(Scale.class);

    private Scale() {}

    static boolean soak() {
        return Boolean.getBoolean("reliability.soak");
    }

    /** {@code fast} in CI, {@code soak} when soaking. */
    static int pick(int fast, int soak) {
        return soak() ? soak : fast;
    }

    /** The seed of one scenario, printed so a failure can be replayed. */
    static long seed(String scenario) {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("{} seed={} soak={} (replay: mvn verify -Dit.test={} -Dreliability.seed={}{})", scenario, seed, soak(), scenario, seed,
                soak() ? " -Dreliability.soak=true" : "");
        return seed;
    }
}
