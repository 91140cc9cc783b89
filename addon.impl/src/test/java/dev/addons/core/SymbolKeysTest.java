package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JsObject;
import dev.addons.api.JsSymbol;
import dev.addons.api.Undefined;
import dev.addons.api.WellKnownSymbol;

/**
 * Properties keyed by symbols, read and written from Java (docs/object-model.md), through the "objectmodel"
 * fixture. Every expected value was observed under node with the same fixture (process.dlopen).
 */
class SymbolKeysTest {

    /** A bound method declared to return a handle: symbolKeyed() is a plain object, which call() would copy. */
    interface SymbolKeyed {
        JsObject symbolKeyed();
    }

    AddonRuntimeCore runtime;
    AddonContext context;
    Addon addon;

    @BeforeEach
    void load() {
        runtime = new AddonRuntimeCore();
        context = runtime.newContext("symbol-keys-test");
        addon = context.load(Fixtures.spec("objectmodel"));
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void theAddonsPrivateSymbolAndSymbolIteratorAreKeysJavaCanUse() {
        JsObject object = addon.bind(SymbolKeyed.class).symbolKeyed();
        JsSymbol privateKey = assertInstanceOf(JsSymbol.class, addon.call("privateKey"));
        assertEquals(7, object.get(privateKey), "object[privateKey]");
        assertTrue(object.has(privateKey));
        JsSymbol iterator = addon.wellKnownSymbol(WellKnownSymbol.ITERATOR);
        assertEquals("Symbol.iterator", iterator.description());
        assertTrue(object.has(iterator));
        assertEquals("iterated", object.call(iterator), "object[Symbol.iterator]()");
        assertInstanceOf(JsObject.class, object.get(iterator), "the method, a function");
        assertEquals(Undefined.INSTANCE, object.get("iterator"), "a symbol key is not its description");
    }

    @Test
    void aSymbolKeyedPropertySetFromJavaIsWhatTheAddonReads() {
        JsObject counter = addon.construct("Counter", 1);
        JsSymbol mine = (JsSymbol) addon.call("symbol", "mine");
        assertFalse(counter.has(mine));
        counter.set(mine, 5);
        assertEquals(5, addon.call("readKey", counter, mine), "napi_get_property(counter, mine) in the addon");
        assertTrue(counter.has(mine));
        assertEquals(5, counter.get(mine));
        assertTrue(counter.delete(mine));
        assertFalse(counter.has(mine));
        assertTrue(counter.delete(mine), "deleting what is not there is true, as in JavaScript");
        assertEquals(Undefined.INSTANCE, addon.call("readKey", counter, mine));
    }

    @Test
    void symbolForIsTheRegistrySymbolTheAddonGetsToo() {
        JsObject counter = addon.construct("Counter", 1);
        JsSymbol registered = addon.symbolFor("objectmodel.shared");
        assertSame(registered, addon.symbolFor("objectmodel.shared"), "the same symbol, so the same handle");
        assertEquals("objectmodel.shared", registered.description());
        counter.set(registered, "shared");
        assertEquals("shared", addon.call("readKey", counter, registered));
    }

    @Test
    void everyWellKnownSymbolIsTheOneTheAddonSees() {
        for (WellKnownSymbol name : WellKnownSymbol.values()) {
            JsSymbol symbol = addon.wellKnownSymbol(name);
            assertEquals(name.toString(), symbol.description(), name.name());
            assertSame(symbol, addon.wellKnownSymbol(name), name + ": made once per module instance");
        }
    }

    @Test
    void aSymbolKeyedPropertyAsAHandleAndMisuses() {
        JsObject counter = addon.construct("Counter", 1);
        JsSymbol tag = addon.wellKnownSymbol(WellKnownSymbol.TO_STRING_TAG);
        JsObject inner = addon.construct("Counter", 2);
        counter.set(tag, inner);
        assertSame(inner, counter.getHandle(tag));
        counter.set(tag, 3);
        IllegalArgumentException notAnObject = assertThrows(IllegalArgumentException.class,
                () -> counter.getHandle(tag));
        assertEquals("module 'objectmodel': property Symbol(Symbol.toStringTag) is a Integer, not an object",
                notAnObject.getMessage());
        AddonException notAFunction = assertThrows(AddonException.class, () -> counter.call(tag));
        assertEquals("TypeError", notAFunction.errorName());
        assertEquals("Symbol(Symbol.toStringTag) is not a function", notAFunction.getMessage());
    }

    @Test
    void aSymbolOfAnotherModuleInstanceIsRefused() {
        try (AddonContext other = runtime.newContext("other")) {
            Addon elsewhere = other.load(Fixtures.spec("objectmodel"));
            JsSymbol foreign = elsewhere.wellKnownSymbol(WellKnownSymbol.ITERATOR);
            JsObject counter = addon.construct("Counter", 1);
            assertThrows(AddonException.class, () -> counter.get(foreign));
        }
    }
}
