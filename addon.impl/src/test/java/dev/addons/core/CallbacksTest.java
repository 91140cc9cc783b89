package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JavaFunction;
import dev.addons.api.Undefined;

/**
 * Java functions passed to an addon as callbacks, through the "callbacks" fixture (addon.fixtures, callbacks.c):
 * called with converted arguments and receiver, results and exceptions going back, calls nested into the same
 * context, identity while the addon holds a function, and letting go of it once the addon does. The expected
 * JavaScript side of each was checked by running the same fixture under Node (src/test/node/callbacks.js).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallbacksTest {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();
    private final AddonContext context = runtime.newContext("callbacks");
    private final Addon addon = context.load(Fixtures.spec("callbacks"));

    @AfterEach
    void close() {
        context.close();
    }

    private int held() {
        return ((AddonImpl) addon).javaFunctionCount();
    }

    @Test
    void aLambdaIsCalledWithTheArgumentsConverted() {
        List<List<Object>> seen = new ArrayList<>();
        Object result = addon.call("forEach", List.of(1, "two", Map.of("k", List.of(3.5))),
                (JavaFunction) (self, args) -> seen.add(Arrays.asList(args)));
        assertSame(Undefined.INSTANCE, result, "forEach returns undefined");
        assertEquals(List.of(List.of(1, 0), List.of("two", 1), List.of(Map.of("k", List.of(3.5)), 2)), seen);
        assertEquals("function", addon.call("typeOf", (JavaFunction) (self, args) -> null));
    }

    @Test
    void theResultGoesBackToTheAddon() {
        JavaFunction add = (self, args) -> (Integer) args[0] + (Integer) args[1];
        assertEquals(5, addon.call("callWith", add, 2, 3));
        JavaFunction tree = (self, args) -> Map.of("list", List.of(args[0], "x"), "none", Map.of());
        assertEquals(Map.of("list", List.of(true, "x"), "none", Map.of()), addon.call("callWith", tree, true));
        assertEquals(List.of("a!", "a!"), addon.call("callTwice", (JavaFunction) (self, args) -> args[0] + "!", "a"));
    }

    @Test
    void nullAndLargeValuesCrossBothWays() {
        // null is answered with a shared array; arguments and answers past the trampoline's 256-byte stack buffer
        // move to the heap (bridge.c, call_java): each case in both directions, twice (nothing shared is changed).
        for (int i = 0; i < 2; i++) {
            assertNull(addon.call("callWith", (JavaFunction) (self, args) -> null));
            String large = "x".repeat(1000) + i;
            assertEquals(large + "!", addon.call("callWith", (JavaFunction) (self, args) -> args[0] + "!", large));
            assertEquals(List.of(large, large), addon.call("callWith", (JavaFunction) (self, args) -> List.of(args[0],
                    args[0]), large));
        }
    }

    @Test
    void thisIsTheReceiverTheAddonPassed() {
        AtomicReference<Object> self = new AtomicReference<>("unset");
        JavaFunction f = (thisArg, args) -> {
            self.set(thisArg);
            return args.length;
        };
        assertEquals(2, addon.call("callOn", Map.of("name", "me"), f, "a", "b"));
        assertEquals(Map.of("name", "me"), self.get());
        addon.call("callWith", f);
        assertSame(Undefined.INSTANCE, self.get(), "undefined, as passed: a Java function is strict");
    }

    @Test
    void aFunctionInsideAMapIsAFunctionToo() {
        AtomicReference<Object> self = new AtomicReference<>();
        JavaFunction greet = (thisArg, args) -> {
            self.set(thisArg);
            return "hello " + args[0];
        };
        assertEquals("hello x", addon.call("callMember", Map.of("greet", greet, "n", 1), "greet", "x"));
        Map<?, ?> receiver = (Map<?, ?>) self.get();
        assertEquals(1, receiver.get("n"));
        assertSame(greet, receiver.get("greet"), "the receiver's function, back in Java, is the Java object");
    }

    @Test
    void aJavaExceptionIsAnErrorTheAddonCanCatch() {
        Map<?, ?> answer = (Map<?, ?>) addon.call("catchFrom", (JavaFunction) (self, args) -> {
            throw new IllegalArgumentException("bad input " + args[0]);
        }, 7);
        assertEquals(true, answer.get("caught"));
        assertEquals(10, answer.get("status"), "napi_pending_exception");
        Map<?, ?> error = (Map<?, ?>) answer.get("error");
        assertEquals("Error", error.get("name"));
        assertEquals("bad input 7", error.get("message"));
        assertFalse(error.containsKey("code"));

        Map<?, ?> coded = (Map<?, ?>) ((Map<?, ?>) addon.call("catchFrom", (JavaFunction) (self, args) -> {
            throw new AddonException("no such thing", "E_MISSING");
        })).get("error");
        assertEquals("E_MISSING", coded.get("code"));
        assertEquals("no such thing", coded.get("message"));
    }

    @Test
    void anErrorTheAddonDoesNotCatchReachesTheCallerAsAddonException() {
        AddonException e = assertThrows(AddonException.class, () -> addon.call("callWith",
                (JavaFunction) (self, args) -> {
                    throw new java.io.IOException("disk on fire");
                }));
        assertEquals("disk on fire", e.getMessage());
        assertEquals("Error", e.errorName());
        AddonException coded = assertThrows(AddonException.class, () -> addon.call("forEach", List.of(1),
                (JavaFunction) (self, args) -> {
                    throw new AddonException("refused", "E_REFUSED");
                }));
        assertEquals("E_REFUSED", coded.code());
        assertEquals(5, addon.call("callWith", (JavaFunction) (self, args) -> 5), "the context goes on");
    }

    @Test
    void aResultThatCannotBeConvertedIsAnErrorInTheAddon() {
        AddonException e = assertThrows(AddonException.class,
                () -> addon.call("callWith", (JavaFunction) (self, args) -> new Object()));
        assertTrue(e.getMessage().contains("a Java function returned a value that cannot be converted"),
                e.getMessage());
    }

    @Test
    void theFunctionMayCallIntoTheSameContext() {
        JavaFunction twice = (self, args) -> (Integer) args[0] * 2;
        JavaFunction outer = (self, args) -> (Integer) addon.call("callWith", twice, args[0]) + 1;
        assertEquals(11, addon.call("callWith", outer, 5));
        // Three levels, with the addon's handle scopes open below (forEach opens one per element).
        List<Object> seen = new ArrayList<>();
        addon.call("forEach", List.of(1, 2), (JavaFunction) (self, args) -> seen.add(addon.call("callWith", outer,
                args[0])));
        assertEquals(List.of(3, 5), seen);
    }

    @Test
    void aFunctionMayReturnAFunction() {
        JavaFunction inner = (self, args) -> "inner";
        assertEquals("inner", addon.call("callResult", (JavaFunction) (self, args) -> inner));
    }

    @Test
    void aJavaFunctionComesBackToJavaAsItself() {
        JavaFunction f = (self, args) -> null;
        JavaFunction echo = (self, args) -> args[0];
        assertSame(f, addon.call("callWith", echo, f), "a result, freed by the addon as the call ends");
        assertSame(f, ((List<?>) addon.call("callWith", echo, List.of(f))).get(0));
        assertEquals(0, held());
    }

    @Test
    void theSameObjectIsTheSameFunctionWhileTheAddonHoldsIt() {
        JavaFunction f = (self, args) -> null;
        JavaFunction g = (self, args) -> null;
        assertEquals(true, addon.call("same", f, f));
        assertEquals(true, addon.call("same", f, List.of(f).get(0)));
        assertEquals(false, addon.call("same", f, g));
        addon.call("store", f);
        assertEquals(true, addon.call("isStored", f), "across calls");
        assertEquals(true, addon.call("callMember", Map.of("check", (JavaFunction) (self, args) ->
                addon.call("isStored", args[0]), "f", f), "check", f), "nested in a map, from inside a call");
        assertEquals(false, addon.call("isStored", g));
        assertEquals(1, held());
    }

    @Test
    void theRuntimeLetsGoOfAFunctionTheAddonFreed() {
        WeakReference<JavaFunction> stored = storeAFunction();
        assertEquals(1, held());
        collect(stored, 3);
        assertTrue(stored.get() != null, "held while the addon holds it");
        assertEquals("called", addon.call("callStored"));

        addon.call("drop");
        assertEquals(0, held());
        collect(stored, 1000);
        assertNull(stored.get(), "let go of once the addon dropped it");
    }

    @Test
    void callsLeaveNothingBehind() {
        WeakReference<JavaFunction> last = null;
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            JavaFunction f = (self, args) -> n;
            last = new WeakReference<>(f);
            assertEquals(n, addon.call("callWith", f));
            assertEquals(0, held());
        }
        collect(last, 1000);
        assertNull(last.get());
    }

    @Test
    void closingTheContextLetsGoOfWhatTheAddonStillHeld() {
        WeakReference<JavaFunction> stored = storeAFunction();
        context.close();
        collect(stored, 1000);
        assertNull(stored.get());
        assertThrows(IllegalStateException.class, () -> addon.call("callStored"));
    }

    @Test
    void aFunctionCalledWhileTheContextClosesIsNotCalled() {
        AtomicBoolean called = new AtomicBoolean();
        try (LogCapture log = new LogCapture()) {
            addon.call("store", (JavaFunction) (self, args) -> called.getAndSet(true));
            addon.call("callStoredAtClose");
            context.close();
            assertFalse(called.get());
            assertTrue(log.warnings().stream().anyMatch(w -> w.contains("the context is closing")), log.warnings()
                    .toString());
        }
    }

    @Test
    void theContextCannotBeClosedFromInsideACallIntoIt() {
        AddonException e = assertThrows(AddonException.class, () -> addon.call("callWith",
                (JavaFunction) (self, args) -> {
                    context.close();
                    return null;
                }));
        assertTrue(e.getMessage().contains("cannot be closed from inside a call into it"), e.getMessage());
        assertEquals(AddonContext.State.OPEN, context.state());
        assertEquals(1, addon.call("callWith", (JavaFunction) (self, args) -> 1));
    }

    @Test
    void anotherThreadWaitsWhileTheFirstIsInsideJava() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Object> first = threads.submit(() -> addon.call("callWith", (JavaFunction) (self, args) -> {
                inside.countDown();
                release.await();
                return "first";
            }));
            inside.await();
            AtomicReference<Thread> secondThread = new AtomicReference<>();
            Future<Object> second = threads.submit(() -> {
                secondThread.set(Thread.currentThread());
                return addon.call("callWith", (JavaFunction) (self, args) -> "second");
            });
            while (secondThread.get() == null || secondThread.get().getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // parked on the context's lock: nothing else on that path waits
            }
            assertFalse(second.isDone());
            release.countDown();
            assertEquals("first", first.get());
            assertEquals("second", second.get());
        } finally {
            release.countDown();
            threads.shutdown();
        }
    }

    private WeakReference<JavaFunction> storeAFunction() {
        List<String> answer = List.of("called");
        // Capturing: a lambda that captures nothing is one object, kept by its call site for good.
        JavaFunction f = (self, args) -> answer.get(0);
        addon.call("store", f);
        return new WeakReference<>(f);
    }

    /** Runs the collector until the reference is cleared or {@code attempts} runs are done. */
    private static void collect(WeakReference<?> ref, int attempts) {
        for (int i = 0; i < attempts && ref.get() != null; i++) {
            System.gc();
        }
    }
}
