package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;

/**
 * Where a context's loop drains (docs/async.md, "Where a drain runs"), with the "async" fixture: on the pool thread
 * that finished a work if the context is free, else on the thread of the call holding it once that call has left
 * the context (also when the call itself settled a promise); never while a call holds the context.
 */
class LoopDrainTest {

    private static final int BLOCK = 1;

    private final AddonRuntimeCore runtime = new AddonRuntimeCore(RuntimeConfig.defaults());

    @AfterEach
    void close() {
        runtime.close();
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> future(Object o) {
        return assertInstanceOf(CompletableFuture.class, o);
    }

    private static long await(Object o) throws Exception {
        return ((Number) future(o).get(30, TimeUnit.SECONDS)).longValue();
    }

    /** Another context of the same library: it opens the fixture's latch without entering the tested context. */
    private Addon latchKeeper() {
        Addon keeper = runtime.newContext("latch").load(Fixtures.spec("async"));
        keeper.call("release", false);
        return keeper;
    }

    @Test
    void aWorkThatFinishesWhileTheContextIsFreeCompletesOnThePoolThreadThatRanIt() throws Exception {
        Addon addon = runtime.newContext("free").load(Fixtures.spec("async"));
        Addon keeper = latchKeeper();
        CompletableFuture<Object> sum = future(addon.call("queue", "w", 3, 0, BLOCK));
        assertEquals(1, keeper.call("awaitBlockers", 1)); // executing, and the call that queued it has returned
        CompletableFuture<String> thread = sum.thenApply(v -> Thread.currentThread().getName());
        keeper.call("release", true);
        String name = thread.get(30, TimeUnit.SECONDS);
        assertTrue(name.startsWith("addon-async"), () -> "completed on " + name + ", not on the pool's thread");
        assertEquals(6L, await(sum));
        assertEquals(0, addon.call("violations"));
    }

    @Test
    void aWorkThatFinishesDuringACallCompletesOnTheCallersThreadOnceTheCallHasLeftTheContext() throws Exception {
        ContextImpl context = (ContextImpl) runtime.newContext("busy");
        Addon addon = context.load(Fixtures.spec("async"));
        Addon keeper = latchKeeper();
        CompletableFuture<Object> sum = future(addon.call("queue", "w", 3, 0, BLOCK));
        assertEquals(1, keeper.call("awaitBlockers", 1));
        context.enter(); // a call in flight: this thread holds the context
        try {
            keeper.call("release", true);
            // The pool thread finds the context held: it leaves the drain to the holder, and runs no complete.
            awaitUntil(context::drainOwed);
            assertFalse(sum.isDone(), "a complete ran while a call held the context");
        } finally {
            context.leave();
        }
        // Leaving the lock ran the owed drain on this thread: no other thread was involved.
        assertTrue(sum.isDone(), "the drain owed to the call did not run as the call left the context");
        assertEquals(6L, await(sum));
        assertEquals(0, addon.call("violations"));
    }

    @Test
    void aPromiseSettledInACallIsReportedAsTheCallLeavesTheContext() {
        Addon addon = runtime.newContext("now").load(Fixtures.spec("async"));
        CompletableFuture<Object> now = future(addon.call("resolvedNow"));
        // The settlement's wake-up waited for the call to leave the lock, then drained on this thread.
        assertTrue(now.isDone(), "the future of a promise settled in the call was not complete when it returned");
        assertEquals("now", now.join());
    }

    @Test
    void poolThreadsAreAttachedToTheJvmOnceNotOnEveryWake() throws Exception {
        Addon addon = runtime.newContext("attach").load(Fixtures.spec("async"));
        for (int i = 0; i < 10; i++) { // the pool's threads start and attach
            await(addon.call("queue", "warm", 1, 0, 0));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount(); // an attach counts as a started thread
        int works = 200;
        for (int i = 0; i < works; i++) {
            assertEquals(1L, await(addon.call("queue", "w", 1, 0, 0)));
        }
        long started = threads.getTotalStartedThreadCount() - before;
        // Loop threads may come and go (idle ones end), but not one thread per wake.
        assertTrue(started < works / 4, () -> started + " threads started or attached for " + works + " works");
    }

    /** Waits (at most 30 s, yielding) for a state no event signals. */
    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.yield();
        }
    }
}
