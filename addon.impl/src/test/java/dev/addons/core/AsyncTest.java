package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;

/** Async work, promises and the event loop of a context (docs/async.md), with the "async" fixture. */
class AsyncTest {

    private static final int BLOCK = 1;
    private static final int REJECT = 2;
    private static final int NO_PROMISE = 4;

    @TempDir
    Path temp;

    private final AddonRuntimeCore runtime = new AddonRuntimeCore(RuntimeConfig.defaults());

    @AfterEach
    void close() {
        runtime.close();
    }

    private Addon load(String name) {
        return runtime.newContext(name).load(Fixtures.spec("async"));
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> future(Object o) {
        return assertInstanceOf(CompletableFuture.class, o);
    }

    private static Object await(Object o) throws Exception {
        return future(o).get(30, TimeUnit.SECONDS);
    }

    @Test
    void workOnThePoolResolvesAPromise() throws Exception {
        Addon addon = load("sum");
        assertEquals(5050L, ((Number) await(addon.call("queue", "sum", 100, 5, 0))).longValue());
        assertEquals(0, addon.call("violations"));
    }

    @Test
    void rejectionCompletesExceptionallyWithTheAddonsMessageAndCode() {
        Addon addon = load("reject");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(addon.call("queue", "bad", 1, 0, REJECT)));
        AddonException cause = assertInstanceOf(AddonException.class, e.getCause());
        assertEquals("the work failed", cause.getMessage());
        assertEquals("E_ASYNC", cause.code());
    }

    @Test
    void promiseSettledBeforeItCrossesStillCompletes() throws Exception {
        Addon addon = load("now");
        assertEquals("now", await(addon.call("resolvedNow")));
        assertEquals(Boolean.FALSE, addon.call("isPromise", 1));
    }

    interface Bound {
        CompletionStage<Object> queue(String name, int n, int delay, int flags);
    }

    @Test
    void boundMethodGetsTheFuture() throws Exception {
        Addon addon = load("bound");
        Bound bound = addon.bind(Bound.class);
        assertEquals(55L, ((Number) bound.queue("b", 10, 0, 0).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .longValue());
    }

    @Test
    void uvLoopIsAClearFailure() {
        assertEquals(9, load("uv").call("uvLoop")); // napi_generic_failure
    }

    @Test
    void queuedWorkIsCancelledRunningWorkIsNot() throws Exception {
        Addon addon = load("cancel");
        addon.call("release", false);
        List<Object> blockers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // fills the pool (4 threads by default)
                blockers.add(addon.call("queue", "blocker" + i, 1, 0, BLOCK));
            }
            assertEquals(4, addon.call("awaitBlockers", 4));
            assertEquals(9, addon.call("cancelLast"), "running work: napi_generic_failure, as Node");
            Object queued = addon.call("queue", "queued", 1, 0, 0);
            assertEquals(0, addon.call("cancelLast"));
            assertEquals("cancelled", await(queued));
        } finally {
            addon.call("release", true);
        }
        for (Object b : blockers) {
            assertEquals(1L, ((Number) await(b)).longValue());
        }
        assertEquals(0, addon.call("violations"));
    }

    @Test
    void closeLetsWorksCompleteThenHooksThenInstanceFinalizerAndFailsPendingFutures() throws Exception {
        Addon addon = load("teardown");
        Path log = temp.resolve("log.txt");
        addon.call("setLog", log.toString());
        addon.call("release", true);
        for (int i = 0; i < 6; i++) { // 4 running, 2 queued
            addon.call("queue", "w" + i, 1, 100, NO_PROMISE);
        }
        Object pending = addon.call("pending");
        addon.context().close();
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of("cleanup hook", "instance finalizer"), lines.subList(6, 8), String.valueOf(lines));
        for (int i = 0; i < 6; i++) {
            assertTrue(lines.subList(0, 6).contains("complete w" + i + " ok"), String.valueOf(lines));
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(pending));
        assertTrue(e.getCause().getMessage().contains("closed before the promise was settled"),
                e.getCause().getMessage());
        assertEquals(AddonContext.State.CLOSED, addon.context().state());
    }

    @Test
    void workStillRunningAfterTheBoundIsAbandonedAndNamed() throws Exception {
        AddonRuntimeCore shortWait = new AddonRuntimeCore(new RuntimeConfig(50, null));
        try (LogCapture logs = new LogCapture()) {
            AddonContext keeper = shortWait.newContext("keeper"); // opens the latch later: same library
            Addon latch = keeper.load(Fixtures.spec("async"));
            latch.call("release", false);
            AddonContext context = shortWait.newContext("stuck");
            Addon addon = context.load(Fixtures.spec("async"));
            addon.call("queue", "stuck", 1, 0, BLOCK | NO_PROMISE);
            assertEquals(1, addon.call("awaitBlockers", 1));
            context.close();
            latch.call("release", true);
            String text = String.join("\n", logs.warnings());
            assertTrue(text.contains("AsyncFixtureExecute") && text.contains("still executing"), text);
        } finally {
            shortWait.close();
        }
    }

    /**
     * A close past the bound cancels every work of the context still on the pool's queue, and that must cost one
     * step per work. It once searched the queue from its head for each of them: quadratic, measured before the fix
     * at 0.4 s for 5,000 queued works, 3.2 s for 20,000, 10.3 s for 40,000 (the 200 ms wait included). 60,000 here,
     * so that the quadratic cost would take far longer than the allowance (the hook watchdog's default interval)
     * and the linear one takes a small part of it.
     */
    @Test
    void closeCancelsSixtyThousandQueuedWorksWithinTheBound() throws Exception {
        int works = 60_000;
        long waitMillis = 200;
        long allowanceMillis = RuntimeConfig.DEFAULT_HOOK_WATCHDOG_MILLIS; // a close this long is warned about
        AddonRuntimeCore shortWait = new AddonRuntimeCore(new RuntimeConfig(waitMillis, null));
        ExecutorService closer = Executors.newSingleThreadExecutor();
        Addon keeper = shortWait.newContext("keeper").load(Fixtures.spec("async")); // the latch, same library
        keeper.call("release", false);
        try {
            for (int i = 0; i < RuntimeConfig.DEFAULT_ASYNC_THREADS; i++) { // the pool is full: the rest waits
                keeper.call("queue", "blocker" + i, 1, 0, BLOCK | NO_PROMISE);
            }
            assertEquals(RuntimeConfig.DEFAULT_ASYNC_THREADS,
                    keeper.call("awaitBlockers", RuntimeConfig.DEFAULT_ASYNC_THREADS));
            AddonContext context = shortWait.newContext("long-queue");
            Addon addon = context.load(Fixtures.spec("async"));
            long cancelledBefore = ((Number) keeper.call("cancelledTotal")).longValue();
            for (int i = 0; i < works; i++) {
                addon.call("queue", "w" + i, 1, 0, NO_PROMISE);
            }
            Future<?> closing = closer.submit(context::close);
            try {
                closing.get(waitMillis + allowanceMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("closing a context with " + works + " queued works took longer than "
                        + (waitMillis + allowanceMillis) + " ms (bound " + waitMillis + " ms)", e);
            }
            assertEquals(works, ((Number) keeper.call("cancelledTotal")).longValue() - cancelledBefore,
                    "every queued work completed with napi_cancelled");
            assertEquals(AddonContext.State.CLOSED, context.state());
        } finally {
            keeper.call("release", true);
            closer.shutdown();
            assertTrue(closer.awaitTermination(60, TimeUnit.SECONDS), "the close returned");
            shortWait.close();
        }
    }

    @Test
    void manyContextsWithWorkInFlight() throws Exception {
        List<Addon> addons = new ArrayList<>();
        List<Object> futures = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            Addon addon = load("many" + c);
            addons.add(addon);
            for (int w = 0; w < 10; w++) {
                futures.add(addon.call("queue", "w", w, 0, 0));
                addon.call("violations"); // calls interleave with drains: never at once (the addon checks)
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            int n = i % 10;
            assertEquals((long) n * (n + 1) / 2, ((Number) await(futures.get(i))).longValue());
        }
        for (Addon addon : addons) {
            assertEquals(0, addon.call("violations"));
        }
    }
}
