package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JsObject;
import dev.addons.api.Undefined;

/**
 * The value an addon throws or rejects with reaches Java as {@link AddonException#value()} (docs/values.md), through
 * the "objectmodel" fixture. failOpen's error has the own enumerable properties Node reports for it (checked with
 * the same fixture under node: code, errno, syscall, path; message is not enumerable, and is in the copy as for
 * any error).
 */
class ThrownValuesTest {

    /** throwValue(int) and failOpen() take the primitive fast path (docs/java-api.md). */
    interface Primitive {
        int throwValue(int value);

        void failOpen();
    }

    AddonRuntimeCore runtime;
    AddonContext context;
    Addon addon;

    @BeforeEach
    void load() {
        runtime = new AddonRuntimeCore();
        context = runtime.newContext("thrown-values-test");
        addon = context.load(Fixtures.spec("objectmodel"));
    }

    @AfterEach
    void close() {
        context.close();
    }

    private static final Map<String, Object> OPEN_ERROR = Map.of("name", "Error", "message",
            "ENOENT: no such file or directory, open '/nope'", "code", "ENOENT", "errno", -2, "syscall", "open",
            "path", "/nope");

    @Test
    void aThrownErrorCarriesItsOwnProperties() {
        AddonException e = assertThrows(AddonException.class, () -> addon.call("failOpen", "/nope"));
        assertEquals("ENOENT", e.code());
        assertEquals("Error", e.errorName());
        assertTrue(e.hasValue());
        assertEquals(OPEN_ERROR, e.value());
    }

    @Test
    void aRejectionCarriesItsErrorsOwnProperties() throws Exception {
        CompletableFuture<?> later = assertInstanceOf(CompletableFuture.class, addon.call("failOpenLater", "/nope"));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> later.get(30, TimeUnit.SECONDS));
        AddonException e = assertInstanceOf(AddonException.class, failed.getCause());
        assertEquals("ENOENT", e.code());
        assertEquals(OPEN_ERROR, e.value());
    }

    @Test
    void valuesThatAreNotErrorsAreThemselves() {
        assertEquals(42, thrown("throwValue", 42).value());
        assertEquals("x", thrown("throwValue", "x").value());
        AddonException nullThrown = thrown("throwValue", (Object) null);
        assertTrue(nullThrown.hasValue(), "throw null threw a value");
        assertNull(nullThrown.value());
        assertSame(Undefined.INSTANCE, thrown("throwValue", Undefined.INSTANCE).value());
        assertEquals(Map.of("a", 1), thrown("throwValue", Map.of("a", 1)).value(), "plain data, a copy");
    }

    @Test
    void aThrownClassInstanceIsAHandle() {
        JsObject counter = addon.construct("Counter", 3);
        AddonException e = thrown("throwValue", counter);
        assertSame(counter, e.value(), "the same value is the same handle");
        assertEquals(4, ((JsObject) e.value()).call("plusOne"));
    }

    @Test
    void aPromiseSettledWithAClassInstanceGivesItsHandle() throws Exception {
        JsObject counter = addon.construct("Counter", 3);
        CompletableFuture<?> rejected = assertInstanceOf(CompletableFuture.class,
                addon.call("settleLater", counter, true));
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> rejected.get(30, TimeUnit.SECONDS));
        assertSame(counter, assertInstanceOf(AddonException.class, failed.getCause()).value());
        CompletableFuture<?> fulfilled = assertInstanceOf(CompletableFuture.class,
                addon.call("settleLater", counter, false));
        assertSame(counter, fulfilled.get(30, TimeUnit.SECONDS), "a fulfilled value may hold handles too");
    }

    @Test
    void theSameOnABoundMethodsPrimitivePath() {
        Primitive bound = addon.bind(Primitive.class);
        AddonException number = assertThrows(AddonException.class, () -> bound.throwValue(7));
        assertEquals(7, number.value());
        AddonException error = assertThrows(AddonException.class, bound::failOpen);
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) error.value();
        assertEquals("open", value.get("syscall"));
        assertEquals(Undefined.INSTANCE, value.get("path"), "failOpen() without a path sets path to undefined");
    }

    @Test
    void exceptionsOfTheRuntimeAndOfJavaCodeHaveNoValue() {
        AddonException noSuchFunction = assertThrows(AddonException.class, () -> addon.call("noSuchFunction"));
        assertFalse(noSuchFunction.hasValue());
        assertNull(noSuchFunction.value());
        assertFalse(new AddonException("made in Java").hasValue());
    }

    private AddonException thrown(String function, Object argument) {
        return assertThrows(AddonException.class, () -> addon.call(function, argument));
    }
}
