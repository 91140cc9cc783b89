package dev.addons.embedded;

import org.junit.jupiter.api.Test;

/**
 * A stress test bounded in time: the {@link RandomLifecycle} (8 threads randomly create, call and close contexts
 * and start and stop addon bundles in one Felix framework) for 20 seconds; afterwards nothing is left open or
 * mapped, and no operation ended unexpectedly.
 *
 * <p>Budget: {@code -Dstress.seconds} (default 20, at most {@value #MAX_SECONDS}); {@code -Dstress.seed} to
 * choose the seed (the interleavings are not reproducible anyway). For longer runs, see {@link Soak}.
 */
class StressTest {

    private static final int MAX_SECONDS = 60;
    private static final int DEFAULT_SECONDS = 20;

    @Test
    void randomLifecycleOperationsLeaveNothingOpenOrMapped() throws Exception {
        Frameworks.assertNativeAccessFlag();
        Frameworks.factory(Frameworks.FELIX); // skipped without Felix: it listens to Felix's log
        int seconds = Math.max(1, Math.min(MAX_SECONDS, Integer.getInteger("stress.seconds", DEFAULT_SECONDS)));
        long seed = Long.getLong("stress.seed", System.nanoTime());
        try (RandomLifecycle lifecycle = RandomLifecycle.start("stress", seed)) {
            lifecycle.run(seconds);
            lifecycle.finish();
        }
    }
}
