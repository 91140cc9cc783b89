package dev.addons.demo.naa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.AddonFunction;
import dev.addons.api.JavaFunction;
import dev.addons.api.JsFunction;
import dev.addons.api.JsObject;
import dev.addons.api.ModuleSpec;
import dev.addons.api.Undefined;
import dev.addons.core.AddonRuntimeCore;

/**
 * The node-addon-api example addon (naa_examples) in our runtime, called as a Java developer calls it: Java
 * functions as its callbacks, {@code double[]} for its Float64Array, {@code int[]} from its Int32Array,
 * {@code byte[]} for Buffers, {@code BigInteger} for BigInts, {@code CompletableFuture} for promises, with
 * {@code call} and with bound interfaces; the ObjectWrap class through handles (docs/object-model.md).
 */
class NodeAddonApiTest {

    private static AddonContext context;
    private static Addon addon;

    /** The library the build made (surefire passes its path; from the IDE, the same place under target/). */
    static Path library() {
        Path library = Path.of(System.getProperty("naa.library",
                "target/classes/native/linux_x86_64/lib" + ExamplesDriver.MODULE + ".so"));
        assertTrue(Files.isRegularFile(library), "no " + library + ": build the module (mvn verify) first");
        return library;
    }

    /** Bound functions with primitive signatures take the runtime's fast path. */
    interface Examples {
        double countWithCounter(double start, int times);

        int calls();
    }

    /** The exports with the types a Java caller uses for their typed arrays, BigInts, Buffers and callbacks. */
    interface TypedExamples {
        double sumFloat64(double[] values);

        int[] int32Range(int start, int end, int step);

        BigInteger addBigInts(BigInteger a, BigInteger b);

        byte[] makeBuffer(byte[] bytes);

        @AddonFunction("makeBuffer")
        byte[] reversedUtf8(String text);

        double applyTwice(JavaFunction fn, double x);

        List<Object> callWithEach(JavaFunction fn);
    }

    /** A result type the Buffer cannot be converted to. */
    interface Mismatched {
        int[] makeBuffer(String text);
    }

    @BeforeAll
    static void load() {
        context = new AddonRuntimeCore().newContext("naa-test");
        addon = context.load(ModuleSpec.of(ExamplesDriver.MODULE, library()));
    }

    @AfterAll
    static void close() {
        context.close();
    }

    @Test
    void initDefinesEveryExportOfTheAddonClass() {
        assertEquals(List.of("Counter", "applyTwice", "callWithEach", "fail", "sumFloat64", "int32Range", "makeBuffer",
                "addBigInts", "calls", "countWithCounter", "failCode", "run", "probes", "sumLater", "failLater",
                "settle", "produce", "produceTyped", "fillQueue", "abortQueued", "tsfnItemsAlive"),
                List.copyOf(addon.exportNames()));
        JsFunction counter = (JsFunction) addon.get("Counter"); // a handle to the class (docs/object-model.md)
        assertEquals("Counter", counter.name());
        assertEquals("[Function: Counter]", counter.toString());
    }

    /** Bound: a method returning CompletableFuture gets the promise's future. */
    interface Later {
        CompletableFuture<Object> sumLater(int n);
    }

    private static Object await(Object promise) throws Exception {
        return assertInstanceOf(CompletableFuture.class, promise).get(30, TimeUnit.SECONDS);
    }

    @Test
    void asyncWorkerResolvesItsDeferredWithTheSumComputedOnThePool() throws Exception {
        assertEquals(5050.0, ((Number) await(addon.call("sumLater", 100))).doubleValue());
        assertEquals(0.0, ((Number) await(addon.call("sumLater", 0))).doubleValue());
        assertEquals(55.0, ((Number) addon.bind(Later.class).sumLater(10).get(30, TimeUnit.SECONDS)).doubleValue());
        AddonException notANumber = assertThrows(AddonException.class, () -> addon.call("sumLater", "ten"));
        assertEquals("TypeError", notANumber.errorName());
    }

    @Test
    void asyncWorkerWhoseExecuteFailsRejectsWithItsMessage() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(addon.call("failLater", "no disk")));
        assertEquals("no disk", assertInstanceOf(AddonException.class, e.getCause()).getMessage());
    }

    @Test
    void deferredSettledDirectlyCompletesTheFuture() throws Exception {
        assertEquals("kept", await(addon.call("settle", true, "kept")));
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(addon.call("settle", false, "no")));
        assertEquals("no", assertInstanceOf(AddonException.class, e.getCause()).getMessage());
    }

    private static List<Double> doubles(List<?> numbers) {
        return numbers.stream().map(n -> ((Number) n).doubleValue()).toList();
    }

    @Test
    void threadSafeFunctionHandsTheThreadsValuesToAJavaFunctionInOrder() throws Exception {
        int count = 50; // through a queue of 2: the thread's BlockingCall waits for the loop again and again
        List<Object> values = new CopyOnWriteArrayList<>();
        List<Object> indices = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Object results = await(addon.call("produce", (JavaFunction) (self, args) -> {
            values.add(args[0]);
            indices.add(args[1]);
            threads.add(Thread.currentThread());
            if (((Number) args[1]).intValue() == 3) {
                throw new AddonException("not the fourth", "ERR_FOURTH");
            }
            return ((Number) args[0]).doubleValue() + 0.5;
        }, count));
        List<Double> expectedValues = new ArrayList<>();
        List<Double> expectedIndices = new ArrayList<>();
        List<Object> expectedResults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expectedValues.add((double) i * i);
            expectedIndices.add((double) i);
            expectedResults.add(i == 3 ? "threw ERR_FOURTH not the fourth" : i * i + 0.5);
        }
        assertEquals(expectedValues, doubles(values), "the values, in the order the thread made them");
        assertEquals(expectedIndices, doubles(indices));
        List<?> resultList = assertInstanceOf(List.class, results);
        assertEquals(count, resultList.size(), "the finalizer resolved the promise after the last value");
        for (int i = 0; i < count; i++) {
            Object expected = expectedResults.get(i);
            Object actual = resultList.get(i);
            if (expected instanceof Double d) {
                assertEquals(d, ((Number) actual).doubleValue(), "result " + i);
            } else {
                assertEquals(expected, actual, "result " + i + ": the addon caught the Java function's exception");
            }
        }
        assertTrue(threads.stream().noneMatch(t -> t == Thread.currentThread()),
                "called on the context's loop, not inside the call that started the thread");
        assertEquals(List.of(), await(addon.call("produce", (JavaFunction) (self, args) -> args[0], 0)));
    }

    /** What the runtime logs ("dev.addons", java.util.logging) while it is open. */
    private static final class Warnings extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("dev.addons"); // held: loggers are weakly referenced
        private final List<String> messages = new CopyOnWriteArrayList<>();

        Warnings() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                messages.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void anExceptionTheCallbackCaughtIsNotLoggedAsAFailedCall() throws Exception {
        try (Warnings warnings = new Warnings()) {
            // The drain logs its warnings before it completes the future: after the await, they are all there.
            Object results = await(addon.call("produce", (JavaFunction) (self, args) -> {
                throw new AddonException("refused", "ERR_REFUSED");
            }, 2));
            assertEquals(List.of("threw ERR_REFUSED refused", "threw ERR_REFUSED refused"), results);
            assertEquals(List.of(), warnings.messages, "Napi::Function::Call threw, and the addon caught it");
        }
    }

    @Test
    void typedThreadSafeFunctionCallsItsCallJsWithTheContext() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Object outcome = await(addon.call("produceTyped", (JavaFunction) (self, args) -> {
            seen.add(args[0]);
            return null;
        }, 10));
        assertEquals(List.of(1.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0), doubles(seen));
        assertEquals(Map.of("delivered", 10, "threw", 0), outcome);
        Object refused = await(addon.call("produceTyped", (JavaFunction) (self, args) -> {
            throw new IllegalStateException("refused");
        }, 3));
        assertEquals(Map.of("delivered", 3, "threw", 3), refused, "CallJs caught each exception");
    }

    @Test
    void nonBlockingCallOnAFullQueueAnswersQueueFull() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Object outcome = await(addon.call("fillQueue", (JavaFunction) (self, args) -> seen.add(args[0]), 2, 4));
        assertEquals(Map.of("statuses", List.of("napi_ok", "napi_ok", "napi_queue_full", "napi_queue_full",
                "Release napi_ok"), "delivered", 2), outcome);
        assertEquals(List.of(0.0, 1.0), doubles(seen));
        assertEquals(0, ((Number) addon.call("tsfnItemsAlive")).intValue(), "refused values freed by the addon");
    }

    @Test
    void abortDropsTheQueuedValuesWithoutCallingTheFunction() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Object outcome = await(addon.call("abortQueued", (JavaFunction) (self, args) -> seen.add(args[0]), 3));
        assertEquals(Map.of("statuses", List.of("Acquire napi_ok", "napi_ok", "napi_ok", "napi_ok", "Abort napi_ok",
                "after Abort napi_closing", "Release napi_invalid_arg"), "delivered", 0), outcome);
        assertEquals(List.of(), seen, "an aborted function calls nobody");
        assertEquals(0, ((Number) addon.call("tsfnItemsAlive")).intValue(),
                "the queued values reached CallJs without an env, which freed them, in the drain that ran the"
                        + " finalizer");
    }

    @Test
    void counterConstructedFromJavaCountsThroughItsMethods() {
        try (JsObject counter = addon.construct("Counter", 5)) {
            assertTrue(counter.instanceOf((JsFunction) addon.get("Counter")));
            assertEquals(6.0, ((Number) counter.call("increment")).doubleValue());
            assertEquals(8.5, ((Number) counter.call("increment", 2.5)).doubleValue());
            assertEquals(8.5, ((Number) counter.get("value")).doubleValue());
        }
        try (JsObject fresh = addon.construct("Counter")) {
            assertEquals(0.0, ((Number) fresh.get("value")).doubleValue(), "no argument: starts at 0");
        }
    }

    @Test
    void counterValueAccessorReadsWritesAndRefusesANonNumber() {
        try (JsObject counter = addon.construct("Counter", 1)) {
            counter.set("value", 41);
            assertEquals(42.0, ((Number) counter.call("increment")).doubleValue());
            AddonException e = assertThrows(AddonException.class, () -> counter.set("value", "x"));
            assertEquals("TypeError", e.errorName());
            assertEquals("Counter: value must be a number", e.getMessage());
            assertEquals(42.0, ((Number) counter.get("value")).doubleValue(), "the refused value changed nothing");
        }
    }

    @Test
    void counterStaticValueThroughTheConstructorHandle() {
        JsFunction counterClass = (JsFunction) addon.get("Counter");
        assertEquals(0.0, ((Number) counterClass.get("initial")).doubleValue());
        try (JsObject counter = counterClass.construct(3)) {
            assertEquals(4.0, ((Number) counter.call("increment")).doubleValue());
        }
    }

    @Test
    void counterRefusesANonNumberStart() {
        AddonException e = assertThrows(AddonException.class, () -> addon.construct("Counter", "x"));
        assertEquals("TypeError", e.errorName());
        assertEquals("Counter: the start value must be a number", e.getMessage());
    }

    @Test
    void objectWrapClassCountsThroughItsMethodAndAccessor() {
        assertEquals(30.0, ((Number) addon.call("countWithCounter", 10, 5)).doubleValue());
        assertEquals(-3.0, addon.bind(Examples.class).countWithCounter(-1.5, 0));
    }

    @Test
    void applyTwiceCallsAJavaFunctionTwice() {
        List<Object> receivers = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        JavaFunction triple = (self, args) -> {
            receivers.add(self);
            seen.add(args[0]);
            return ((Number) args[0]).doubleValue() * 3;
        };
        assertEquals(18, ((Number) addon.call("applyTwice", triple, 2)).intValue());
        assertEquals(List.of(2.0, 6.0), seen.stream().map(x -> ((Number) x).doubleValue()).toList());
        assertEquals(2, receivers.size());
        assertSame(Undefined.INSTANCE, receivers.get(0), "Napi::Function::Call passes undefined as this");
        assertEquals("hi!!", addon.call("applyTwice", (JavaFunction) (self, args) -> args[0] + "!", "hi"));
        assertEquals(List.of(List.of(1)), addon.call("applyTwice", (JavaFunction) (self, args) -> List.of(args[0]), 1));
    }

    @Test
    void anExceptionOfTheJavaFunctionReachesTheCallerThroughTheAddon() {
        List<Object> calls = new ArrayList<>();
        AddonException coded = assertThrows(AddonException.class, () -> addon.call("applyTwice",
                (JavaFunction) (self, args) -> {
                    calls.add(args[0]);
                    throw new AddonException("the callback said no", "ERR_CALLBACK");
                }, 1));
        assertEquals("ERR_CALLBACK", coded.code());
        assertEquals("the callback said no", coded.getMessage());
        assertEquals(1, calls.size(), "the exception of the first call ends applyTwice: no second call");
        AddonException plain = assertThrows(AddonException.class, () -> addon.call("applyTwice",
                (JavaFunction) (self, args) -> {
                    throw new IllegalStateException("plain failure");
                }, 1));
        assertEquals("plain failure", plain.getMessage());
        assertNull(plain.code());
        AddonException notAFunction = assertThrows(AddonException.class, () -> addon.call("applyTwice", 7, 1));
        assertEquals("applyTwice: (function, value) expected", notAFunction.getMessage());
    }

    @Test
    void callWithEachPassesAStringANumberAnObjectAndAnInt32Array() {
        List<Object[]> calls = new ArrayList<>();
        Object results = addon.call("callWithEach", (JavaFunction) (self, args) -> {
            calls.add(args);
            return calls.size() * 10;
        });
        assertEquals(4, calls.size());
        assertEquals("text", calls.get(0)[0]);
        assertEquals(1.5, calls.get(1)[0]);
        assertEquals(Map.of("name", "naa", "list", List.of(1, 2)), calls.get(2)[0]);
        assertArrayEquals(new int[] {-1, 0, 7}, (int[]) calls.get(3)[0]);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, ((Number) calls.get(i)[1]).intValue(), "the second argument is the index");
        }
        assertEquals(List.of(10, 20, 30, 40), results);
    }

    @Test
    void callWithEachCatchesTheJavaFunctionsExceptionInTheAddon() {
        Object results = addon.call("callWithEach", (JavaFunction) (self, args) -> {
            if (args[0] instanceof Map || args[0] instanceof int[]) {
                throw new AddonException("objects refused", "ERR_NO_OBJECTS");
            }
            return args[0];
        });
        assertEquals(List.of("text", 1.5, "threw ERR_NO_OBJECTS objects refused",
                "threw ERR_NO_OBJECTS objects refused"), results);
    }

    @Test
    void errorCarriesItsCode() {
        AddonException e = assertThrows(AddonException.class, () -> addon.call("fail", "ERR_X", "boom"));
        assertEquals("ERR_X", e.code());
        assertEquals("boom", e.getMessage());
        assertEquals("ERR_Y: caught", addon.call("failCode", "ERR_Y", "caught"));
    }

    @Test
    void float64ArrayFromADoubleArray() {
        assertEquals(6.5, ((Number) addon.call("sumFloat64", new double[] {1, 2, 3.5})).doubleValue());
        assertEquals(0, ((Number) addon.call("sumFloat64", new double[0])).doubleValue());
        for (Object notFloat64 : new Object[] {new int[] {1}, List.of(1.0), 7}) {
            AddonException e = assertThrows(AddonException.class, () -> addon.call("sumFloat64", notFloat64));
            assertEquals("ERR_EXPECTED_FLOAT64ARRAY", e.code());
        }
    }

    @Test
    void int32ArrayToAnIntArray() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, (int[]) addon.call("int32Range", 0, 5));
        assertArrayEquals(new int[] {10, 3, -4}, (int[]) addon.call("int32Range", 10, -10, -7));
        assertArrayEquals(new int[0], (int[]) addon.call("int32Range", 3, 3));
        assertEquals("ERR_OUT_OF_RANGE",
                assertThrows(AddonException.class, () -> addon.call("int32Range", 0, 1, 0)).code());
        assertEquals("ERR_OUT_OF_RANGE",
                assertThrows(AddonException.class, () -> addon.call("int32Range", 0, 1L << 31)).code());
    }

    @Test
    void buffersToAndFromByteArrays() {
        assertArrayEquals("olleh".getBytes(StandardCharsets.UTF_8), (byte[]) addon.call("makeBuffer", "hello"));
        assertArrayEquals(new byte[] {(byte) 0xff, 2, 1},
                (byte[]) addon.call("makeBuffer", (Object) new byte[] {1, 2, (byte) 0xff}));
        assertArrayEquals(new byte[0], (byte[]) addon.call("makeBuffer", ""));
    }

    @Test
    void bigIntsInAndOutBeyond64Bits() {
        assertEquals(BigInteger.valueOf(123456789000L),
                addon.call("addBigInts", BigInteger.valueOf(123456789012L), BigInteger.valueOf(-12)));
        assertEquals(BigInteger.TWO.pow(63), addon.call("addBigInts", BigInteger.valueOf(Long.MAX_VALUE),
                BigInteger.ONE));
        BigInteger big = new BigInteger("123456789012345678901234567890123456789");
        BigInteger other = BigInteger.TWO.pow(130).negate();
        assertEquals(big.add(other), addon.call("addBigInts", big, other));
        assertEquals(big.negate().add(other), addon.call("addBigInts", big.negate(), other));
        assertEquals(BigInteger.ZERO, addon.call("addBigInts", big, big.negate()));
        assertEquals(BigInteger.ONE.negate(), addon.call("addBigInts", BigInteger.TWO.pow(200).negate(),
                BigInteger.TWO.pow(200).subtract(BigInteger.ONE)));
        AddonException e = assertThrows(AddonException.class, () -> addon.call("addBigInts", 1, 2));
        assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    }

    @Test
    void boundInterfaceTakesArraysBigIntegersBytesAndFunctions() {
        TypedExamples examples = addon.bind(TypedExamples.class);
        assertEquals(6.5, examples.sumFloat64(new double[] {1, 2, 3.5}));
        assertArrayEquals(new int[] {5, 3, 1}, examples.int32Range(5, 0, -2));
        assertEquals(BigInteger.TWO.pow(64).add(BigInteger.ONE),
                examples.addBigInts(BigInteger.TWO.pow(64), BigInteger.ONE));
        assertArrayEquals(new byte[] {3, 2, 1}, examples.makeBuffer(new byte[] {1, 2, 3}));
        assertArrayEquals("cba".getBytes(StandardCharsets.UTF_8), examples.reversedUtf8("abc"));
        assertEquals(21.0, examples.applyTwice((self, args) -> ((Number) args[0]).doubleValue() + 10, 1));
        assertEquals(List.of("string", "number", "object", "int[]"), examples.callWithEach((self, args) ->
                args[0] instanceof String ? "string" : args[0] instanceof Number ? "number"
                        : args[0] instanceof Map ? "object" : args[0].getClass().getSimpleName()));
        AddonException e = assertThrows(AddonException.class,
                () -> examples.applyTwice((self, args) -> {
                    throw new AddonException("refused", "ERR_BOUND");
                }, 1));
        assertEquals("ERR_BOUND", e.code());
        AddonException mismatch = assertThrows(AddonException.class,
                () -> addon.bind(Mismatched.class).makeBuffer("abc"));
        assertTrue(mismatch.getMessage().contains("Mismatched.makeBuffer"), mismatch.getMessage());
    }

    @Test
    void instanceDataIsPerContext() {
        Examples examples = addon.bind(Examples.class);
        int before = examples.calls();
        assertEquals(before + 1, examples.calls());
        try (AddonContext other = new AddonRuntimeCore().newContext("naa-other")) {
            Addon second = other.load(ModuleSpec.of(ExamplesDriver.MODULE, library()));
            assertEquals(1, second.bind(Examples.class).calls(), "a new context starts its own Napi::Addon");
        }
    }

    @Test
    void everyObservationOfRunMatchesWhatNodePrints() {
        @SuppressWarnings("unchecked")
        List<String> lines = (List<String>) addon.call("run");
        assertTrue(lines.contains("counter is instanceof Counter: true"), lines.toString());
        assertTrue(lines.contains("Env.GetInstanceData is this addon: true"), lines.toString());
        assertTrue(lines.contains("addBigInts(-(2^128), 2^64): -340282366920938463444927863358058659840n"),
                lines.toString());
    }
}
