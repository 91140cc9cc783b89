package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JsFunction;
import dev.addons.api.Undefined;
import dev.addons.api.proc.ProcSelf;

/** The value bridge and the Node-API value functions, through the "values" fixture addon. */
class ValuesTest {

    static AddonRuntimeCore runtime;
    static AddonContext context;
    static Addon values;

    @BeforeAll
    static void load() {
        runtime = new AddonRuntimeCore();
        context = runtime.newContext("values-test");
        values = context.load(Fixtures.spec("values"));
    }

    @AfterAll
    static void close() {
        context.close();
    }

    @Test
    void echoRoundTripsEveryConvertibleType() {
        assertNull(values.call("echo", (Object) null));
        assertEquals(true, values.call("echo", true));
        assertEquals(42, values.call("echo", 42));
        assertEquals(-7, values.call("echo", (short) -7));
        assertEquals(1L << 40, values.call("echo", 1L << 40));
        assertEquals(3.5, values.call("echo", 3.5));
        assertEquals(0.25, values.call("echo", 0.25f));
        assertEquals("h\u00e9llo \u2713 \ud834\udd1e", values.call("echo", "h\u00e9llo \u2713 \ud834\udd1e"));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", List.of(1, "two", false));
        map.put("b", Map.of("c", 2.5));
        assertEquals(map, values.call("echo", map));
        assertEquals(List.of(1, 2, 3), values.call("echo", (Object) new Object[] {1, 2, 3}));
        assertSame(Undefined.INSTANCE, values.call("echo"), "a missing argument is undefined");
        assertSame(Undefined.INSTANCE, values.call("echo", Undefined.INSTANCE));
    }

    @Test
    void integralNumbersComeBackAsIntegerOrLong() {
        assertEquals(3, values.call("echo", 3.0));
        assertEquals(4_000_000_000L, values.call("echo", 4_000_000_000L));
        assertEquals(-0.0, values.call("echo", -0.0));
    }

    @Test
    void argumentsWithoutNodeApiCounterpartAreRefused() {
        AddonException e = assertThrows(AddonException.class, () -> values.call("echo", new Object()));
        assertTrue(e.getMessage().contains("argument 0 has type java.lang.Object"), e.getMessage());
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        e = assertThrows(AddonException.class, () -> values.call("echo", cyclic));
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
        e = assertThrows(AddonException.class, () -> values.call("echo", 1L << 60));
        assertTrue(e.getMessage().contains("beyond 2^53"), e.getMessage());
    }

    @Test
    void arithmeticAndStrings() {
        assertEquals(5, values.call("add", 2, 3));
        assertEquals("foobar", values.call("concat", "foo", "bar"));
        assertEquals(List.of(0, 1, 4, 9, 16), values.call("makeArray", 5));
        assertEquals(6, values.call("arraySum", List.of(1, 2, 3)));
        assertEquals(5, values.call("int32Of", (1L << 32) + 5), "ToInt32 wraps modulo 2^32");
        assertEquals(-1, values.call("int32Of", -1.9), "ToInt32 truncates");
        assertEquals(0, values.call("int32Of", Double.NaN));
    }

    @Test
    void latin1AndUtf16() {
        assertEquals("caf\u00e9", values.call("latin1", "caf\u00e9"));
        assertEquals("\u0013", values.call("latin1", "\u2713"), "V8 keeps the low byte outside Latin-1");
        assertEquals("a\ud834\udd1eb\u00e9", values.call("utf16", "a\ud834\udd1eb\u00e9"));
    }

    @Test
    void typeofAndObjects() {
        assertEquals("undefined", values.call("describe"));
        assertEquals("null", values.call("describe", (Object) null));
        assertEquals("number", values.call("describe", 1));
        assertEquals("string", values.call("describe", "s"));
        assertEquals("boolean", values.call("describe", false));
        assertEquals("array", values.call("describe", List.of()));
        assertEquals("object", values.call("describe", Map.of()));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "values");
        expected.put("answer", 42);
        expected.put("pi", 3.5);
        expected.put("big", 1L << 40);
        expected.put("nested", Map.of("list", Arrays.asList(1, "two", true, null)));
        expected.put("hasAnswer", true);
        assertEquals(expected, values.call("makeObject"));
        assertEquals(List.of("x", "y"), values.call("keys", orderedMap("x", 1, "y", 2)));
        assertEquals(true, values.call("global"));
        assertEquals(42, values.call("callInternal", 21));
    }

    /** Every idle context keeps its module's export names: contexts of one library share them (docs/async.md). */
    @Test
    void exportNamesAreSharedByInstancesOfOneLibrary() {
        try (AddonContext other = runtime.newContext("values-test-other")) {
            Addon again = other.load(Fixtures.spec("values"));
            assertEquals(values.exportNames(), again.exportNames());
            assertSame(values.exportNames(), again.exportNames(), "the same set, not a copy per context");
        }
    }

    @Test
    void exportsGettersAndValues() {
        assertTrue(values.exportNames().containsAll(List.of("echo", "add", "answer", "version_string")));
        assertEquals(42, values.get("answer"), "accessor property: the getter runs");
        assertEquals("1.0.0", values.get("version_string"));
        JsFunction echo = (JsFunction) values.get("echo");
        assertEquals("echo", echo.name());
        assertEquals("[Function: echo]", echo.toString(), "printed as Node prints it");
        AddonException e = assertThrows(AddonException.class, () -> values.call("nope"));
        assertTrue(e.getMessage().contains("has no export 'nope'"), e.getMessage());
        e = assertThrows(AddonException.class, () -> values.call("version_string"));
        assertTrue(e.getMessage().contains("exports no function named 'version_string'"), e.getMessage());
        e = assertThrows(AddonException.class, () -> values.get("nope"));
        assertTrue(e.getMessage().contains("has no export 'nope'"), e.getMessage());
    }

    @Test
    void thrownErrorsBecomeAddonExceptions() {
        AddonException e = assertThrows(AddonException.class, () -> values.call("throwError", "plain", "E_X", "boom"));
        assertEquals("boom", e.getMessage());
        assertEquals("E_X", e.code());
        assertEquals("Error", e.errorName());
        e = assertThrows(AddonException.class, () -> values.call("throwError", "type", null, "bad type"));
        assertEquals("TypeError", e.errorName());
        assertNull(e.code());
        e = assertThrows(AddonException.class, () -> values.call("throwError", "range", "E_R", "too big"));
        assertEquals("RangeError", e.errorName());
        e = assertThrows(AddonException.class, () -> values.call("throwError", "syntax", "E_S", "huh"));
        assertEquals("SyntaxError", e.errorName());
        e = assertThrows(AddonException.class, () -> values.call("add", "x", 1));
        assertEquals("ERR_INVALID_ARG_TYPE", e.code());
        assertEquals("add expects two numbers", e.getMessage());
        e = assertThrows(AddonException.class, () -> values.call("throwValue", "just a string"));
        assertEquals("just a string", e.getMessage());
        assertEquals("", e.errorName());
        e = assertThrows(AddonException.class, () -> values.call("throwValue", 7));
        assertEquals("7", e.getMessage());
        // The context is fine afterwards: an exception is per call.
        assertEquals(5, values.call("add", 2, 3));
    }

    @Test
    void errorsCanBeReturnedAndCaught() {
        assertEquals(orderedMap("name", "RangeError", "message", "returned, not thrown", "code", "E_RETURNED"),
                values.call("createError"));
        @SuppressWarnings("unchecked")
        Map<String, Object> caught = (Map<String, Object>) values.call("catchOwn");
        assertEquals(true, caught.get("pendingBefore"));
        assertEquals(false, caught.get("pendingAfter"));
        assertEquals(10, caught.get("statusWhilePending"), "napi_pending_exception");
        assertEquals("caught by the addon", caught.get("message"));
    }

    @Test
    void nullArgumentsReturnInvalidArgInsteadOfCrashing() {
        @SuppressWarnings("unchecked")
        List<Object> statuses = (List<Object>) values.call("nullArguments");
        assertEquals(11, statuses.size());
        for (Object status : statuses) {
            assertEquals(1, status, "napi_invalid_arg for " + statuses);
        }
    }

    @Test
    void statusesAndLastErrorInfo() {
        assertEquals(orderedMap("status", 6, "errorCode", 6, "message", "A number was expected"),
                values.call("wrongType"));
        assertEquals(orderedMap("status", 9, "message",
                "napi_run_script: this runtime has no JavaScript engine to run a script on"),
                values.call("unsupported"));
        assertEquals(9, values.call("version"));
    }

    @Test
    void buffersAndArrayBuffersAreByteArrays() {
        assertArrayEquals(new byte[] {3, 2, 1}, (byte[]) values.call("reverseBytes", new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {9, 8}, (byte[]) values.call("reverseBytes",
                java.nio.ByteBuffer.wrap(new byte[] {7, 8, 9}, 1, 2)));
        assertArrayEquals(new byte[0], (byte[]) values.call("reverseBytes", new byte[0]));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, (byte[]) values.call("makeArrayBuffer", 4));
        assertArrayEquals("external".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                (byte[]) values.call("externalBuffer"));
        assertEquals("object", values.call("describe", new byte[] {1}));
        AddonException e = assertThrows(AddonException.class, () -> values.call("reverseBytes", "text"));
        assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    }

    @Test
    void externalBytesAreFinalizedOncePerValue() {
        long before;
        try (AddonContext own = runtime.newContext("external bytes")) {
            Addon addon = own.load(Fixtures.spec("values"));
            for (int i = 0; i < 3; i++) {
                addon.call("externalBuffer");
            }
            before = runtime.stats().snapshot().finalizersRun();
        }
        // Three external buffers (each freed when its call ended) and the instance data (at close).
        assertEquals(4, runtime.stats().snapshot().finalizersRun() - before);
    }

    @Test
    void escapableScopesKeepTheEscapedValue() {
        assertEquals(orderedMap("text", "made inside", "escapeTwice", 12), values.call("escape"),
                "12 = napi_escape_called_twice");
    }

    @Test
    void handleScopesGiveMemoryBack() {
        long before = ProcSelf.residentBytes();
        for (int i = 0; i < 20; i++) {
            assertEquals(50_000, values.call("churn", 50_000));
        }
        long grown = ProcSelf.residentBytes() - before;
        // 1,000,000 objects with a string each were made; kept, they would take far more than this.
        assertTrue(grown < 64L * 1024 * 1024, "RSS grew by " + grown + " bytes");
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
