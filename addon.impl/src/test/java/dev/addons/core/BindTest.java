package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.AddonFunction;

/** Addon.bind: Java interfaces over exported functions, with the primitive fast path. */
class BindTest {

    public interface Values {
        int add(int a, int b);

        @AddonFunction("int32Of")
        int toInt32(long value);

        long count();

        @AddonFunction("echo")
        double echoDouble(double d);

        @AddonFunction("echo")
        boolean echoBoolean(boolean b);

        String concat(String a, String b);

        List<Object> makeArray(int n);

        @AddonFunction("echo")
        Object echoAnything(Object o);

        @AddonFunction("throwValue")
        void throwNumber(int n);

        @AddonFunction("describe")
        int describeAsInt(int x);

        default int addThree(int a) {
            return add(a, 3);
        }
    }

    public interface Missing {
        int add(int a, int b);

        int subtract(int a, int b);

        @AddonFunction("nope")
        int other();
    }

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();

    @org.junit.jupiter.api.AfterEach
    void closeAll() {
        runtime.closeAll(); // also when an assertion failed half-way: later tests check what is mapped
    }

    @Test
    void primitiveMethodsTakeTheFastPathAndOthersConvert() {
        AddonContext context = runtime.newContext("bind");
        Values values = context.load(Fixtures.spec("values")).bind(Values.class);
        assertTrue(values.getClass().isHidden(), "a generated hidden class, not a proxy");
        assertFalse(Proxy.isProxyClass(values.getClass()));

        assertEquals(5, values.add(2, 3));
        assertEquals(-2_147_483_648, values.add(Integer.MAX_VALUE, 1), "int32 arithmetic wraps like the C code");
        assertEquals(5, values.toInt32((1L << 32) + 5));
        assertEquals(1L, values.count());
        assertEquals(2L, values.count());
        assertEquals(0.1 + 0.2, values.echoDouble(0.1 + 0.2));
        assertEquals(Double.NEGATIVE_INFINITY, values.echoDouble(Double.NEGATIVE_INFINITY));
        assertTrue(values.echoBoolean(true));
        assertFalse(values.echoBoolean(false));
        assertEquals("foobar", values.concat("foo", "bar"));
        assertEquals(List.of(0, 1, 4), values.makeArray(3));
        assertEquals(List.of("x"), values.echoAnything(List.of("x")));
        assertEquals(10, values.addThree(7), "default methods are kept");
        context.close();
    }

    @Test
    void errorsOnTheFastPath() {
        AddonContext context = runtime.newContext("bind-errors");
        Values values = context.load(Fixtures.spec("values")).bind(Values.class);
        AddonException thrown = assertThrows(AddonException.class, () -> values.throwNumber(7));
        assertEquals("7", thrown.getMessage());
        AddonException mismatch = assertThrows(AddonException.class, () -> values.describeAsInt(1));
        assertTrue(mismatch.getMessage().contains("returned a string where the bound method expects a number"),
                mismatch.getMessage());
        assertEquals(9, values.add(4, 5), "still usable after errors");
        context.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> values.add(1, 2));
        assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
    }

    @Test
    void bindingNamesEveryMissingExport() {
        Addon addon = runtime.newContext("missing").load(Fixtures.spec("values"));
        AddonException e = assertThrows(AddonException.class, () -> addon.bind(Missing.class));
        assertTrue(e.getMessage().contains("other (export 'nope'), subtract"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> addon.bind(String.class));
        addon.context().close();
    }

    @Test
    void bindingAgainIsALookupThatAllocatesAlmostNothing() {
        AddonContext context = runtime.newContext("bind-again");
        Addon addon = context.load(Fixtures.spec("values"));
        Values first = addon.bind(Values.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1000; i++) { // warm the lookup up
            assertSame(first, addon.bind(Values.class));
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        Values again = addon.bind(Values.class);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertSame(first, again, "the implementation made by the first bind");
        assertTrue(allocated <= 1024, "a second bind allocated " + allocated + " bytes");
        Addon other = runtime.newContext("bind-other").load(Fixtures.spec("values"));
        Values elsewhere = other.bind(Values.class);
        assertNotSame(first, elsewhere, "each context's addon has its own implementation");
        assertEquals(5, elsewhere.add(2, 3));
        context.close();
        assertThrows(IllegalStateException.class, () -> addon.bind(Values.class));
        assertEquals(7, elsewhere.add(3, 4), "closing one context leaves the other's binding working");
        other.context().close();
    }

    @Test
    void theFastPathDoesNotAllocateOnTheJavaHeap() {
        AddonContext context = runtime.newContext("alloc");
        Values values = context.load(Fixtures.spec("values")).bind(Values.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 300_000; i++) { // let the JIT compile the call path
            sum += values.add(i, 1);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += values.add(i, 1);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sum != 0);
        assertTrue(allocated < 100_000, "allocated " + allocated + " bytes in 100,000 calls");
        context.close();
    }
}
