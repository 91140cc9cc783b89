package dev.addons.demo.naa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * The node-addon-api example addon (naa_examples) in our runtime, through today's Java API: plain values in and
 * out. The class, the callback and the typed array are reached through the addon's free functions that make and
 * use them (countWithCounter, applyTwiceAdd, sumOfList).
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

        double applyTwiceAdd(double x, double k);

        int calls();
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
        assertEquals(List.of("Counter", "applyTwice", "fail", "sumFloat64", "makeBuffer", "addBigInts", "calls",
                "countWithCounter", "applyTwiceAdd", "sumOfList", "failCode", "run", "probes", "sumLater", "failLater",
                "settle"),
                List.copyOf(addon.exportNames()));
        assertEquals("[Function: Counter]", addon.get("Counter"));
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
        assertEquals(55.0, ((Number) addon.bind(Later.class).sumLater(10).get(30, TimeUnit.SECONDS)).doubleValue());
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

    @Test
    void objectWrapClassCountsThroughItsMethodAndAccessor() {
        assertEquals(30.0, ((Number) addon.call("countWithCounter", 10, 5)).doubleValue());
        assertEquals(-3.0, addon.bind(Examples.class).countWithCounter(-1.5, 0));
    }

    @Test
    void functionTakingACallbackCallsItTwice() {
        assertEquals(4.5, addon.bind(Examples.class).applyTwiceAdd(2.5, 1));
    }

    @Test
    void errorCarriesItsCode() {
        AddonException e = assertThrows(AddonException.class, () -> addon.call("fail", "ERR_X", "boom"));
        assertEquals("ERR_X", e.code());
        assertEquals("boom", e.getMessage());
        assertEquals("ERR_Y: caught", addon.call("failCode", "ERR_Y", "caught"));
    }

    @Test
    void typedArrayAndBuffer() {
        assertEquals(6.5, ((Number) addon.call("sumOfList", List.of(1, 2, 3.5))).doubleValue());
        AddonException e = assertThrows(AddonException.class, () -> addon.call("sumFloat64", 7));
        assertEquals("ERR_EXPECTED_FLOAT64ARRAY", e.code());
        assertArrayEquals("olleh".getBytes(StandardCharsets.UTF_8), (byte[]) addon.call("makeBuffer", "hello"));
    }

    @Test
    void bigIntsInAndOut() {
        assertEquals(BigInteger.valueOf(123456789000L),
                addon.call("addBigInts", BigInteger.valueOf(123456789012L), BigInteger.valueOf(-12)));
        AddonException e = assertThrows(AddonException.class,
                () -> addon.call("addBigInts", BigInteger.TWO.pow(64), BigInteger.ONE));
        assertEquals("ERR_OUT_OF_RANGE", e.code());
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
    }
}
