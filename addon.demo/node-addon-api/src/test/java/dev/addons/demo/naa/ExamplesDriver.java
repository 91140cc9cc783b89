package dev.addons.demo.naa;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * Our runtime's side of the differential test: the calls src/test/node/driver.js makes in Node, with the same
 * plain values, printed the same way ("label: value", one a line).
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
        observe("exports", () -> String.join(",", m.exportNames()));
        observe("Counter", () -> m.get("Counter"));
        for (Object line : (List<?>) m.call("run")) {
            out.add("run: " + line);
        }
        for (Object line : (List<?>) m.call("probes")) {
            out.add("probes: " + line);
        }
        observe("countWithCounter(10, 5)", () -> m.call("countWithCounter", 10, 5));
        observe("countWithCounter(-1.5, 0)", () -> m.call("countWithCounter", -1.5, 0));
        observe("applyTwiceAdd(2.5, 1)", () -> m.call("applyTwiceAdd", 2.5, 1));
        observe("sumOfList([1, 2, 3.5])", () -> m.call("sumOfList", List.of(1, 2, 3.5)));
        observe("sumOfList([])", () -> m.call("sumOfList", List.of()));
        observe("makeBuffer('hello')", () -> m.call("makeBuffer", "hello"));
        observe("addBigInts(123456789012n, -12n)",
                () -> m.call("addBigInts", BigInteger.valueOf(123456789012L), BigInteger.valueOf(-12)));
        observe("addBigInts(2n ** 64n, 1n)", () -> m.call("addBigInts", BigInteger.TWO.pow(64), BigInteger.ONE));
        observe("addBigInts(1, 2)", () -> m.call("addBigInts", 1, 2));
        observe("fail('ERR_X', 'boom')", () -> m.call("fail", "ERR_X", "boom"));
        observe("failCode('ERR_Y', 'caught')", () -> m.call("failCode", "ERR_Y", "caught"));
        observe("sumFloat64(7)", () -> m.call("sumFloat64", 7));
        observe("calls()", () -> m.call("calls"));
        // Promises: awaited, one after the other, as the Node driver awaits them.
        observe("await sumLater(100)", () -> await(m.call("sumLater", 100)));
        observe("await sumLater(0)", () -> await(m.call("sumLater", 0)));
        observe("await failLater('no disk')", () -> await(m.call("failLater", "no disk")));
        observe("await settle(true, 'kept')", () -> await(m.call("settle", true, "kept")));
        observe("await settle(false, 'refused')", () -> await(m.call("settle", false, "refused")));
    }

    /** A promise's value; its rejection rethrown as the AddonException it carries (Node's await throws it). */
    private static Object await(Object promise) {
        if (!(promise instanceof CompletableFuture<?> future)) {
            return "not a promise: " + show(promise);
        }
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AddonException addonException) {
                throw addonException;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("the promise did not settle: " + e, e);
        }
    }

    private void observe(String label, Supplier<Object> call) {
        String value;
        try {
            value = show(call.get());
        } catch (AddonException e) {
            value = "threw " + (e.code() == null ? "" : e.code() + " ") + e.getMessage();
        }
        out.add(label + ": " + value);
    }

    /** As the Node driver shows a value: numbers as JavaScript prints them, BigInts with n, bytes in hex. */
    static String show(Object value) {
        if (value instanceof BigInteger big) {
            return big + "n";
        }
        if (value instanceof byte[] bytes) {
            return "bytes " + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e21) {
            return d == 0 ? "0" : Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }
}
