package dev.addons.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.addons.core.AddonRuntimeCore;

/**
 * 10,000 idle contexts, in both populations of {@link IdleContexts}: no thread per context (the process's thread count
 * does not grow with them: a thread each would add 10,000), and the bytes per context are reported (docs/async.md
 * records the figure; the goal is at most 10 KB per idle context, Java and C heap together).
 */
class IdleContextsTest {

    private static final int CONTEXTS = 10_000;
    /** The async pool (4) and the loop executor (as many as the cores) may start threads meanwhile; nothing else. */
    private static final int THREAD_SLACK = 16;

    @Test
    void idleContextsCostNoThread() {
        try (AddonRuntimeCore runtime = new AddonRuntimeCore()) {
            for (boolean usedAsync : new boolean[] {false, true}) {
                IdleContexts.Result r = IdleContexts.measure(runtime, CONTEXTS, usedAsync);
                System.out.println(r.line());
                assertTrue(r.threadsAfter() - r.threadsBefore() < THREAD_SLACK,
                        r.population() + ": " + CONTEXTS + " idle contexts took threads: " + r.line());
            }
        }
    }
}
