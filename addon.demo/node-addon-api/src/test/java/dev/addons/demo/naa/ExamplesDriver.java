package dev.addons.demo.naa;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.Inspect;
import dev.addons.api.JavaFunction;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * Our runtime's side of the differential test: the calls src/test/node/driver.js makes in Node, with Java functions
 * where it passes JavaScript functions, {@code double[]} and {@code int[]} where it passes typed arrays, and
 * {@code BigInteger} where it passes BigInts; each value printed with {@link Inspect#format}, as the Node driver
 * prints it with {@code util.inspect} ("label: value", one a line). A promise comes back as a
 * {@code CompletableFuture}: it is awaited, as the Node driver awaits the promise.
 */
final class ExamplesDriver {

    static final String MODULE = "naa_examples";

    private final List<String> out = new ArrayList<>();

    static List<String> run(AddonRuntimeCore runtime, Path library) {
        ExamplesDriver driver = new ExamplesDriver();
        try (AddonContext context = runtime.newContext("naa-differential")) {
            driver.observeAll(context.load(ModuleSpec.of(MODULE, library)));
        } catch (RuntimeException e) {
            driver.out.add("driver threw: " + e.getMessage());
        }
        return driver.out;
    }

    private void observeAll(Addon m) {
        out.add("exports: " + String.join(",", m.exportNames()));
        out.add("Counter: " + m.get("Counter"));
        for (Object line : (List<?>) m.call("run")) {
            out.add("run: " + line);
        }
        for (Object line : (List<?>) m.call("probes")) {
            out.add("probes: " + line);
        }
        observe("countWithCounter(10, 5)", () -> m.call("countWithCounter", 10, 5));
        observe("countWithCounter(-1.5, 0)", () -> m.call("countWithCounter", -1.5, 0));
        observeCallbacks(m);
        observe("sumFloat64(Float64Array [1, 2, 3.5])", () -> m.call("sumFloat64", new double[] {1, 2, 3.5}));
        observe("sumFloat64(Float64Array [])", () -> m.call("sumFloat64", new double[0]));
        observe("sumFloat64(Int32Array [1])", () -> m.call("sumFloat64", new int[] {1}));
        observe("sumFloat64(7)", () -> m.call("sumFloat64", 7));
        observe("int32Range(0, 5)", () -> m.call("int32Range", 0, 5));
        observe("int32Range(10, -10, -7)", () -> m.call("int32Range", 10, -10, -7));
        observe("int32Range(3, 3)", () -> m.call("int32Range", 3, 3));
        observe("int32Range(0, 2 ** 31)", () -> m.call("int32Range", 0, 1L << 31));
        observe("int32Range(0, 1, 0.5)", () -> m.call("int32Range", 0, 1, 0.5));
        observe("makeBuffer('hello')", () -> m.call("makeBuffer", "hello"));
        observe("makeBuffer('')", () -> m.call("makeBuffer", ""));
        observe("makeBuffer(<Buffer 01 02 ff>)", () -> m.call("makeBuffer", (Object) new byte[] {1, 2, (byte) 0xff}));
        observe("addBigInts(123456789012n, -12n)",
                () -> m.call("addBigInts", BigInteger.valueOf(123456789012L), BigInteger.valueOf(-12)));
        observe("addBigInts(2n ** 63n - 1n, 1n)",
                () -> m.call("addBigInts", BigInteger.valueOf(Long.MAX_VALUE), BigInteger.ONE));
        observe("addBigInts(2n ** 64n, 1n)", () -> m.call("addBigInts", BigInteger.TWO.pow(64), BigInteger.ONE));
        observe("addBigInts(-(2n ** 200n), 2n ** 200n - 1n)", () -> m.call("addBigInts",
                BigInteger.TWO.pow(200).negate(), BigInteger.TWO.pow(200).subtract(BigInteger.ONE)));
        observe("addBigInts(3n, -3n)", () -> m.call("addBigInts", BigInteger.valueOf(3), BigInteger.valueOf(-3)));
        observe("addBigInts(1, 2)", () -> m.call("addBigInts", 1, 2));
        observe("fail('ERR_X', 'boom')", () -> m.call("fail", "ERR_X", "boom"));
        observe("failCode('ERR_Y', 'caught')", () -> m.call("failCode", "ERR_Y", "caught"));
        observe("calls()", () -> m.call("calls"));
        // Promises: awaited one after the other, as the Node driver awaits them.
        observe("await sumLater(100)", () -> await(m.call("sumLater", 100)));
        observe("await sumLater(0)", () -> await(m.call("sumLater", 0)));
        observe("await failLater('no disk')", () -> await(m.call("failLater", "no disk")));
        observe("await settle(true, 'kept')", () -> await(m.call("settle", true, "kept")));
        observe("await settle(false, 'refused')", () -> await(m.call("settle", false, "refused")));
        observeThreadSafeFunctions(m);
    }

    /**
     * produce, produceTyped, fillQueue and abortQueued with Java functions: called on a loop thread (the context's
     * drain), in order; what they saw is printed after the promise resolved, as the Node driver prints it.
     */
    private void observeThreadSafeFunctions(Addon m) {
        List<Object> squares = new CopyOnWriteArrayList<>();
        observe("await produce(collect, 5)", () -> await(m.call("produce", (JavaFunction) (self, args) -> {
            squares.add(args[0]);
            if (((Number) args[1]).intValue() == 2) {
                throw new AddonException("not the third", "ERR_TWO");
            }
            return ((Number) args[0]).doubleValue() + 0.5;
        }, 5)));
        observe("  the callback saw", () -> squares);
        observe("await produce(collect, 0)", () -> await(m.call("produce", (JavaFunction) (self, args) -> args[0], 0)));
        List<Object> fibonacci = new CopyOnWriteArrayList<>();
        observe("await produceTyped(collect, 6)", () -> await(m.call("produceTyped", (JavaFunction) (self, args) -> {
            fibonacci.add(args[0]);
            return null;
        }, 6)));
        observe("  the callback saw", () -> fibonacci);
        observe("await produceTyped(throws, 3)", () -> await(m.call("produceTyped", (JavaFunction) (self, args) -> {
            throw new IllegalStateException("refused");
        }, 3)));
        List<Object> full = new CopyOnWriteArrayList<>();
        observe("await fillQueue(collect, 2, 4)", () -> await(m.call("fillQueue", collectInto(full), 2, 4)));
        observe("  the callback saw", () -> full);
        List<Object> aborted = new CopyOnWriteArrayList<>();
        observe("await abortQueued(collect, 3)", () -> await(m.call("abortQueued", collectInto(aborted), 3)));
        observe("  the callback saw", () -> aborted);
        observe("produce(7, 1)", () -> m.call("produce", 7, 1));
        observe("await produce(collect, 1)", () -> await(m.call("produce", (JavaFunction) (self, args) -> args[0], 1)));
        observe("tsfnItemsAlive()", () -> m.call("tsfnItemsAlive"));
    }

    private static JavaFunction collectInto(List<Object> seen) {
        return (self, args) -> {
            seen.add(args[0]);
            return null;
        };
    }

    /** A promise's value; its rejection rethrown as the AddonException it carries (Node's await throws it). */
    private static Object await(Object promise) {
        if (!(promise instanceof CompletableFuture<?> future)) {
            return "not a promise: " + Inspect.format(promise);
        }
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AddonException addonException) {
                throw addonException;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting the promise", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the promise did not settle in 30 s", e);
        }
    }

    /** applyTwice and callWithEach with Java functions, as the Node driver calls them with JavaScript ones. */
    private void observeCallbacks(Addon m) {
        List<Object> seen = new ArrayList<>();
        observe("applyTwice(x => x * 3, 2)", () -> m.call("applyTwice", (JavaFunction) (self, args) -> {
            seen.add(args[0]);
            return ((Number) args[0]).doubleValue() * 3;
        }, 2));
        observe("  the callback saw", () -> seen);
        observe("applyTwice(s => s + '!', 'hi')", () -> m.call("applyTwice",
                (JavaFunction) (self, args) -> args[0] + "!", "hi"));
        observe("applyTwice(x => [x], 1)", () -> m.call("applyTwice",
                (JavaFunction) (self, args) -> List.of(args[0]), 1));
        observe("applyTwice(throws ERR_CALLBACK)", () -> m.call("applyTwice", (JavaFunction) (self, args) -> {
            throw new AddonException("the callback said no", "ERR_CALLBACK");
        }, 1));
        observe("applyTwice(throws an Error)", () -> m.call("applyTwice", (JavaFunction) (self, args) -> {
            throw new IllegalStateException("plain failure");
        }, 1));
        observe("applyTwice(7, 1)", () -> m.call("applyTwice", 7, 1));
        observe("callWithEach(inspect)", () -> m.call("callWithEach",
                (JavaFunction) (self, args) -> Inspect.format(args[0]) + " #" + Inspect.format(args[1])));
        observe("callWithEach(throws on objects)", () -> m.call("callWithEach", (JavaFunction) (self, args) -> {
            if (args[0] instanceof Map || args[0] instanceof int[]) { // typeof v === 'object'
                throw new AddonException("objects refused", "ERR_NO_OBJECTS");
            }
            return args[0];
        }));
        observe("callWithEach(i => i * i)", () -> m.call("callWithEach", (JavaFunction) (self, args) -> {
            int i = ((Number) args[1]).intValue();
            return i * i;
        }));
    }

    private void observe(String label, Supplier<Object> call) {
        String value;
        try {
            value = Inspect.format(call.get());
        } catch (AddonException e) {
            value = "threw " + (e.code() == null ? "" : e.code() + " ") + e.getMessage();
        }
        // A value util.inspect breaks over lines is that many lines of Node's output.
        out.addAll((label + ": " + value).lines().toList());
    }
}
