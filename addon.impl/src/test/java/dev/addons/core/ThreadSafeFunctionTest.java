package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.JavaFunction;

/**
 * Thread-safe functions and node_api_post_finalizer on the context's loop (docs/async.md), with the "tsfn" fixture.
 * Every summary expected here is what the same fixture answers under Node 20 (each scenario resolves its promise
 * from the function's finalizer with "calls=.. outOfOrder=.. nullEnv=.. violations=.. log=.. [what it observed]").
 */
class ThreadSafeFunctionTest {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore(RuntimeConfig.defaults());

    @AfterEach
    void close() {
        runtime.close();
    }

    private Addon load(String name) {
        return runtime.newContext(name).load(Fixtures.spec("tsfn"));
    }

    private static Object await(Object o) throws Exception {
        return assertInstanceOf(CompletableFuture.class, o).get(30, TimeUnit.SECONDS);
    }

    @Test
    void callsOfEachProducerReachCallJsInOrderOnTheLoopAndReleaseRunsTheFinalizer() throws Exception {
        Addon addon = load("ordered");
        assertEquals("calls=800 outOfOrder=0 nullEnv=0 violations=0 log=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
                await(addon.call("ordered", 1, 800)));
        Object four = await(addon.call("ordered", 4, 200));
        assertTrue(String.valueOf(four).startsWith("calls=800 outOfOrder=0 nullEnv=0 violations=0 "), () -> "" + four);
        assertEquals(0, addon.call("violations"));
    }

    @Test
    void aFullQueueAnswersQueueFullToANonBlockingCall() throws Exception {
        // napi_ok, napi_ok, napi_queue_full (15); the context; unref and ref accepted
        assertEquals("calls=2 outOfOrder=0 nullEnv=0 violations=0 log=1,2 0,0,15,context=ok refs=00",
                await(load("full").call("queueFull")));
    }

    @Test
    void aBlockingCallWaitsWhileTheLoopIsBusyAndGoesOnWhenItDrains() throws Exception {
        // The export holds the context (the loop cannot drain): the producer's third call waits for a slot.
        assertEquals("calls=5 outOfOrder=0 nullEnv=0 violations=0 log=1,2,3,4,5 whileBusy=3/2",
                await(load("backpressure").call("backpressure", 5)));
    }

    @Test
    void abortWakesABlockedCallerAndHandsQueuedItemsToCallJsWithoutAnEnvAfterTheFinalizer() throws Exception {
        Addon addon = load("abort");
        // napi_closing (16) for the woken producer, a later call and an acquire, as Node answers
        assertEquals("calls=0 outOfOrder=0 nullEnv=0 violations=0 log= abort first=0 abort=0 producer=16 call=16"
                + " acquire=16", await(addon.call("abort")));
        assertEquals("1:null", addon.call("report"));
    }

    @Test
    void withoutCallJsTheFunctionIsCalledWithNoArguments() throws Exception {
        assertEquals("calls=3 outOfOrder=0 nullEnv=0 violations=0 log=", await(load("func").call("func", 3)));
    }

    @Test
    void aJavaFunctionPassedAsFuncIsCalledOnTheLoopInOrderWithNoArguments() throws Exception {
        List<Integer> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        JavaFunction counted = (self, args) -> {
            calls.add(args.length);
            return null;
        };
        // The fixture counts only its own function's calls: with the caller's function, the Java side counts. The
        // export queues the calls on the caller's thread; the loop runs them once the call has left the context
        // (violations=0: never inside it), on the caller's thread as Node's main thread would, or on a loop thread.
        assertEquals("calls=0 outOfOrder=0 nullEnv=0 violations=0 log=", await(load("func").call("func", 3, counted)));
        assertEquals(List.of(0, 0, 0), calls);
    }

    @Test
    void aPostedFinalizerRunsLaterOnTheLoop() throws Exception {
        assertEquals("ran later", await(load("post").call("postFinalizer")));
    }

    @Test
    void closeFinalizesAFunctionAThreadStillHoldsNamesItAndLaterCallsAnswerClosing() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (LogCapture logs = new LogCapture()) {
                AddonContext keeper = runtime.newContext("keeper" + round); // waits for the thread afterwards
                Addon waiter = keeper.load(Fixtures.spec("tsfn"));
                AddonContext context = runtime.newContext("leaky" + round);
                context.load(Fixtures.spec("tsfn")).call("leak");

                assertTimeoutPreemptively(Duration.ofSeconds(30), context::close, "close waited for the thread");

                String text = String.join("\n", logs.warnings());
                assertTrue(text.contains("TsfnFixtureLeakCallJs") && text.contains("still held by 1 thread")
                        && text.contains("leaky" + round), text);
                // After the close, every call answered napi_closing; the release then freed the function.
                assertEquals("called=yes closing=4 other=0 release=0", waiter.call("awaitLeaker"));
                keeper.close();
            }
        }
    }

    @Test
    void twentyContextsWithFourProducersEach() throws Exception {
        List<Addon> addons = new ArrayList<>();
        List<Object> futures = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            Addon addon = load("many" + c);
            addons.add(addon);
            futures.add(addon.call("ordered", 4, 250));
        }
        for (Object future : futures) {
            String summary = String.valueOf(await(future));
            assertTrue(summary.startsWith("calls=1000 outOfOrder=0 nullEnv=0 violations=0 "), summary);
        }
        for (Addon addon : addons) {
            assertEquals(0, addon.call("violations"));
        }
    }
}
