package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.JsExternal;
import dev.addons.api.JsFunction;
import dev.addons.api.JsObject;
import dev.addons.api.JsSymbol;
import dev.addons.api.Undefined;

/** Handles to live values (docs/object-model.md), through the "objectmodel" fixture addon. */
class ObjectModelTest {

    private static final int GC_ROUNDS = 200;

    AddonRuntimeCore runtime;
    AddonContext context;
    Addon addon;

    @BeforeEach
    void load() {
        runtime = new AddonRuntimeCore();
        context = runtime.newContext("object-model-test");
        addon = context.load(Fixtures.spec("objectmodel"));
    }

    @AfterEach
    void close() {
        context.close();
    }

    private long liveInC() {
        return ((AddonImpl) addon).liveHandles();
    }

    private int finalized() {
        return (Integer) addon.call("finalized");
    }

    @Test
    void constructsAClassInstanceAndCallsItsMethods() {
        JsObject counter = addon.construct("Counter", 10);
        assertEquals(11, counter.call("plusOne"));
        assertEquals(12, counter.call("plusOne"));
        assertEquals(12, counter.get("value"), "the getter of the class's accessor");
        counter.set("value", 100);
        assertEquals(101, counter.call("plusOne"), "the setter ran");
        assertTrue(counter.has("plusOne"), "inherited from the prototype");
        assertFalse(counter.has("nope"));
        assertEquals(Undefined.INSTANCE, counter.get("nope"));
        AddonException notAFunction = assertThrows(AddonException.class, () -> counter.call("value"));
        assertEquals("TypeError", notAFunction.errorName());
    }

    @Test
    void aClassInstanceResultIsAHandleAndPlainDataIsACopy() {
        Object made = addon.call("makeCounter", 5);
        JsObject counter = assertInstanceOf(JsObject.class, made);
        assertEquals(6, counter.call("plusOne"));
        assertEquals(Map.of("a", 1, "inner", Map.of("b", 2)), addon.call("plain"));
        JsObject accessor = assertInstanceOf(JsObject.class, addon.call("withAccessor"), "an object with a getter");
        assertEquals(42, accessor.get("x"));
        JsFunction cons = assertInstanceOf(JsFunction.class, addon.get("Counter"));
        assertEquals("Counter", cons.name());
        assertTrue(counter.instanceOf(cons));
        assertFalse(accessor.instanceOf(cons));
        JsObject constructed = cons.construct(3);
        assertEquals(4, constructed.call("plusOne"));
        JsFunction sameValue = (JsFunction) addon.get("sameValue");
        assertEquals(true, sameValue.invoke(Undefined.INSTANCE, counter, counter));
        assertEquals(false, sameValue.invoke(null, counter, constructed));
    }

    @Test
    void identityIsPreservedBothWays() {
        JsObject counter = addon.construct("Counter", 1);
        addon.call("keep", counter);
        assertSame(counter, addon.call("kept"), "the same addon object is the same Java handle");
        assertSame(counter, addon.call("kept"));
        assertEquals(true, addon.call("sameValue", counter, addon.call("kept")), "napi_strict_equals");
        assertSame(addon.get("Counter"), addon.get("Counter"));
        assertSame(addon.exports(), addon.exports());
        assertSame(addon.get("Counter"), addon.exports().get("Counter"));
        JsSymbol symbol = (JsSymbol) addon.call("symbol", "tag");
        assertEquals("tag", symbol.description());
        addon.call("keep", symbol);
        assertSame(symbol, addon.call("kept"));
        assertEquals("symbol", addon.call("typeOf", symbol));
        JsExternal external = assertInstanceOf(JsExternal.class, addon.call("external"));
        assertEquals("external", addon.call("typeOf", external));
    }

    @Test
    void aHandleIsOnlyAcceptedByItsOwnModuleInstance() {
        Addon other = runtime.newContext("other").load(Fixtures.spec("objectmodel"));
        try {
            JsObject counter = addon.construct("Counter", 1);
            AddonException e = assertThrows(AddonException.class, () -> other.call("typeOf", counter));
            assertTrue(e.getMessage().contains("can only be passed to that module instance"), e.getMessage());
        } finally {
            other.context().close();
        }
    }

    @Test
    void aReleasedHandleThrowsAndItsValueIsFreed() {
        JsObject counter = addon.construct("Counter", 1);
        assertEquals(1, liveInC());
        counter.release();
        assertTrue(counter.isReleased());
        assertEquals(0, liveInC());
        assertEquals(1, finalized(), "the instance's destructor ran");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> counter.call("plusOne"));
        assertTrue(e.getMessage().contains("module 'objectmodel'") && e.getMessage().contains("object-model-test")
                && e.getMessage().contains("released"), e.getMessage());
        assertThrows(AddonException.class, () -> addon.call("typeOf", counter));
        counter.release(); // idempotent
        try (JsObject scoped = addon.construct("Counter", 2)) {
            assertEquals(3, scoped.call("plusOne"));
        }
        assertEquals(2, finalized());
    }

    @Test
    void aHandleSentManyTimesIsGivenBackOnce() {
        JsObject counter = addon.construct("Counter", 1);
        addon.call("keep", counter);
        for (int i = 0; i < 5; i++) {
            assertSame(counter, addon.call("kept"));
        }
        counter.release();
        assertEquals(0, liveInC(), "six sends, all given back by the one release");
        JsObject again = (JsObject) addon.call("kept");
        assertFalse(again == counter, "a released handle is not handed out again");
        assertEquals(2, again.call("plusOne"));
    }

    @Test
    void aCollectedHandleReleasesItsValue() {
        WeakReference<Object> ref = new WeakReference<>(addon.construct("Counter", 1));
        assertEquals(1, liveInC());
        for (int i = 0; i < GC_ROUNDS && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "the handle was not collected in " + GC_ROUNDS + " collections");
        int freed = 0;
        for (int i = 0; i < GC_ROUNDS && freed == 0; i++) {
            System.gc();
            freed = finalized(); // each call first gives back the releases of handles collected so far
        }
        assertEquals(1, freed, "the value's destructor ran once its handle was collected");
        assertEquals(0, liveInC());
    }

    /** The fixture's count of destructors run, as a bound method of the primitive fast path. */
    public interface Finalized {
        int finalized();
    }

    /**
     * A Counter whose handle Java no longer reaches: collected for real, and its phantom reference enqueued by hand
     * if the collector has not done it yet (what the collector does), so that the next poll finds it for sure.
     * Answers the handle's state; the Counter's value is still held by the runtime.
     */
    private HandleTable.State collectedCounter() {
        JsHandleImpl handle = (JsHandleImpl) addon.construct("Counter", 1);
        HandleTable.State state = handle.state;
        WeakReference<Object> ref = new WeakReference<>(handle);
        handle = null;
        for (int i = 0; i < GC_ROUNDS && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "the handle was not collected in " + GC_ROUNDS + " collections");
        state.collected.enqueue(); // false if the collector enqueued it already: queued either way
        return state;
    }

    /*
     * A bound method with only primitive parameters and result can neither make nor take a handle, so it does not
     * poll the collected handles (its entry is the hot path): their releases wait for the next entry that can.
     * Fails if the fast path polls: the probe would answer 1 and nothing would be left in C.
     */
    @Test
    void aBoundPrimitiveCallLeavesCollectedReleasesToTheNextHandlePath() {
        Finalized probe = addon.bind(Finalized.class);
        HandleTable.State state = collectedCounter();
        assertEquals(0, probe.finalized(), "the primitive fast path gave a collected handle's release back");
        assertEquals(1, liveInC());
        assertFalse(state.released);
        assertNull(addon.bind(Model.class).nothing()); // a bound method that can take handles: it polls first
        assertTrue(state.released);
        assertEquals(0, liveInC());
        assertEquals(1, probe.finalized());
    }

    /** Every path that can make or take a handle gives the collected handles' releases back before its call. */
    @Test
    void everyPathThatCanCarryHandlesGivesCollectedReleasesBack() {
        Finalized probe = addon.bind(Finalized.class); // does not poll: it reads the count without changing it
        Model model = addon.bind(Model.class);
        Map<String, Runnable> paths = new java.util.LinkedHashMap<>();
        paths.put("Addon.call", () -> addon.call("nothing"));
        paths.put("Addon.get", () -> ((JsFunction) addon.get("nothing")).release());
        paths.put("a bound method taking an Object", () -> model.typeOf(1));
        paths.put("a bound method returning a handle", () -> model.plain().release());
        JsObject kept = addon.construct("Counter", 5);
        paths.put("a handle operation", () -> kept.get("value"));
        int freed = probe.finalized();
        for (Map.Entry<String, Runnable> path : paths.entrySet()) {
            HandleTable.State state = collectedCounter();
            path.getValue().run();
            assertTrue(state.released, path.getKey() + " did not give the collected handle's release back");
            assertEquals(++freed, probe.finalized(), path.getKey() + ": the value's destructor ran");
        }
        assertEquals(1, liveInC(), "only the kept Counter is left");
    }

    /*
     * The race: a handle is collected and its release queued, then the same value is sent again (same id) before
     * the release is given back. The new handle object must keep the value alive: the queued release gives back
     * only the sends the old object received. Played in order: the old handle is collected for real; its phantom
     * reference is enqueued by hand if the collector has not done it yet (Reference.enqueue, what the collector
     * does); the value is sent again under the context's lock without the poll every entry does first; then the
     * next entry gives the old handle's sends back.
     */
    @Test
    void aValueSentAgainBeforeAQueuedReleaseIsDrainedStaysAlive() {
        AddonImpl impl = (AddonImpl) addon;
        ContextImpl gate = (ContextImpl) context;
        addon.call("keep", addon.construct("Counter", 7));
        JsHandleImpl old = (JsHandleImpl) addon.call("kept");
        assertSame(old, addon.call("kept"), "the same handle object every time");
        HandleTable.State oldState = old.state;
        WeakReference<Object> oldRef = new WeakReference<>(old);
        old = null;
        for (int i = 0; i < GC_ROUNDS && oldRef.get() != null; i++) {
            System.gc();
        }
        assertNull(oldRef.get(), "the old handle was not collected in " + GC_ROUNDS + " collections");
        oldState.collected.enqueue(); // false if the collector enqueued it already: queued either way

        byte[] arguments = ValueCodec.encodeArguments(new Object[0], gate.conversionLimits(), "objectmodel", "kept",
                impl, impl.functions());
        byte[] answer;
        gate.lockOpen(); // enters without polling: the old handle's release is still queued
        try {
            answer = NativeBridge.objectOp(impl.env(), NativeContract.OP_CALL_METHOD, 0, "kept", arguments, 64, 1000,
                    false);
        } finally {
            gate.leave();
        }
        JsHandleImpl again = (JsHandleImpl) ValueCodec.decodeAnswer(answer, "objectmodel", "kept", lines -> { },
                null, impl.handles());
        assertEquals(oldState.id, again.id(), "the same value, the same id, a new handle object");

        addon.call("keep", Undefined.INSTANCE); // this entry gives back the old sends; the addon lets go too
        assertTrue(oldState.released);
        assertEquals(1, liveInC(), "the new handle still holds the value");
        assertEquals(0, finalized());
        assertEquals(8, ((JsObject) again).call("plusOne"), "alive after the old handle's release was given back");
        again.release();
        assertEquals(0, liveInC());
        assertEquals(1, finalized());
    }

    @Test
    void aHandleUsedAfterCloseThrows() {
        JsObject counter = addon.construct("Counter", 1);
        JsFunction cons = (JsFunction) addon.get("Counter");
        context.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> counter.get("value"));
        assertTrue(e.getMessage().contains("module 'objectmodel'") && e.getMessage().contains("closed"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> cons.construct(1));
        assertTrue(counter.isReleased());
        counter.release(); // nothing left to do, no error
    }

    @Test
    void undefinedAndNullAreDistinctBothWays() {
        assertSame(Undefined.INSTANCE, addon.call("nothing"));
        assertNull(addon.call("nullValue"));
        assertEquals("undefined", addon.call("typeOf", Undefined.INSTANCE));
        assertEquals("null", addon.call("typeOf", (Object) null));
        assertEquals("undefined", addon.call("typeOf"), "a missing argument");
        assertEquals(List.of("undefined", "null"), List.of(addon.call("typeOf", addon.call("nothing")),
                addon.call("typeOf", addon.call("nullValue"))), "a result passed back is what it was");
    }

    /** A bound method declared to return JsObject gets a handle even for plain data, and takes handles. */
    public interface Model {
        JsObject plain();

        String typeOf(Object value);

        boolean sameValue(JsObject a, JsObject b);

        String nothing();
    }

    @Test
    void boundMethodsReturnAndTakeHandles() {
        Model model = addon.bind(Model.class);
        JsObject plain = model.plain();
        assertEquals(1, plain.get("a"));
        assertEquals(Map.of("b", 2), plain.get("inner"), "below the handle, plain data is still copied");
        assertTrue(model.sameValue(plain, plain));
        assertEquals("object", model.typeOf(plain));
        assertNull(model.nothing(), "undefined where a String is declared");
    }
}
