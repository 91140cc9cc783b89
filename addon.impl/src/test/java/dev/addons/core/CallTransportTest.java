package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonException;

/** The buffer that generic calls cross JNI through: it grows, it is per context, and nested calls do not share it. */
class CallTransportTest {

    static AddonRuntimeCore runtime;
    static ContextImpl first;
    static ContextImpl second;
    static Addon firstValues;
    static Addon secondValues;

    @BeforeAll
    static void load() {
        runtime = new AddonRuntimeCore();
        first = (ContextImpl) runtime.newContext("transport-first");
        second = (ContextImpl) runtime.newContext("transport-second");
        firstValues = first.load(Fixtures.spec("values"));
        secondValues = second.load(Fixtures.spec("values"));
    }

    @AfterAll
    static void close() {
        first.close();
        second.close();
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    @Test
    void theBufferGrowsForALargeArgumentAndKeepsItsSize() {
        byte[] large = pattern(100_000, 1);
        assertArrayEquals(large, (byte[]) firstValues.call("echo", (Object) large));
        int capacity = first.peekTransport().buffer().capacity();
        assertTrue(capacity >= 100_000, "grown to " + capacity);
        assertEquals(42, firstValues.call("add", 20, 22));
        assertEquals(capacity, first.peekTransport().buffer().capacity(), "kept for the next call");
    }

    @Test
    void anAnswerLargerThanTheBufferIsMovedIntoALargerOne() {
        Object answer = secondValues.call("makeArrayBuffer", 70_000); // arguments of a few bytes, a large answer
        byte[] bytes = (byte[]) answer;
        assertEquals(70_000, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            assertEquals((byte) i, bytes[i], "byte " + i);
        }
        assertTrue(second.peekTransport().buffer().capacity() >= 70_000);
        List<?> squares = (List<?>) secondValues.call("makeArray", 20_000); // encoded by C as it grows
        assertEquals(20_000, squares.size());
        assertEquals(19_999L * 19_999L, ((Number) squares.get(19_999)).longValue());
    }

    @Test
    void aBufferPastTheKeptSizeIsDroppedAfterTheCall() {
        byte[] huge = pattern(CallTransport.KEPT_CAPACITY + 1, 2);
        assertArrayEquals(huge, (byte[]) firstValues.call("echo", (Object) huge));
        assertEquals(CallTransport.INITIAL_CAPACITY, first.peekTransport().buffer().capacity());
        assertEquals("ab", firstValues.call("concat", "a", "b"));
    }

    @Test
    void twoContextsCalledAtOnceUseTwoBuffers() throws Exception {
        firstValues.call("add", 1, 2);
        secondValues.call("add", 1, 2);
        assertNotSame(first.peekTransport(), second.peekTransport());
        assertNotSame(first.peekTransport().buffer(), second.peekTransport().buffer());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> a = pool.submit(() -> echoMany(start, firstValues, 'a'));
            Future<?> b = pool.submit(() -> echoMany(start, secondValues, 'b'));
            start.countDown();
            a.get(2, TimeUnit.MINUTES);
            b.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Calls with values of its own, sizes that make the buffer grow and shrink, checking every answer. */
    private static Void echoMany(CountDownLatch start, Addon addon, char letter) throws InterruptedException {
        start.await();
        for (int i = 0; i < 2_000; i++) {
            String text = String.valueOf(letter).repeat(1 + (i * 37) % 3_000);
            List<Object> value = List.of(text, i, pattern(i % 700, letter));
            List<?> echoed = (List<?>) addon.call("echo", value);
            assertEquals(text, echoed.get(0), "call " + i);
            assertEquals(i, echoed.get(1), "call " + i);
            assertArrayEquals(pattern(i % 700, letter), (byte[]) echoed.get(2), "call " + i);
        }
        return null;
    }

    @Test
    void aClosedContextsTransportServesTheNextContext() {
        AddonRuntimeCore own = new AddonRuntimeCore();
        ContextImpl a = (ContextImpl) own.newContext("transport-a");
        a.load(Fixtures.spec("values")).call("echo", (Object) pattern(10_000, 3)); // grown, within the pooled size
        CallTransport used = a.peekTransport();
        a.close();
        ContextImpl b = (ContextImpl) own.newContext("transport-b");
        ContextImpl c = (ContextImpl) own.newContext("transport-c");
        try {
            assertEquals(42, b.load(Fixtures.spec("values")).call("add", 20, 22));
            assertSame(used, b.peekTransport());
            Addon values = c.load(Fixtures.spec("values"));
            values.call("echo", (Object) pattern(CallTransport.Pool.POOLED_CAPACITY + 1, 4)); // past the pooled size
            CallTransport large = c.peekTransport();
            c.close();
            ContextImpl d = (ContextImpl) own.newContext("transport-d");
            try {
                d.load(Fixtures.spec("values")).call("add", 1, 2);
                assertNotSame(large, d.peekTransport(), "a large buffer is not kept by the pool");
            } finally {
                d.close();
            }
        } finally {
            b.close();
            c.close();
        }
    }

    @Test
    void aNameThatIsNotAsciiOrHoldsNulNamesNoExport() {
        for (String name : new String[] {"\u00e9cho", "echo\u0000", "ech\u0000o", "\ud834\udd1e"}) {
            AddonException e = assertThrows(AddonException.class, () -> firstValues.call(name, 1));
            assertTrue(e.getMessage().contains("has no export"), e.getMessage());
        }
        assertEquals(1, firstValues.call("echo", 1), "the name written after them is read whole");
    }

    @Test
    void aCallMadeWhileEncodingAnotherOnTheSameThreadGetsItsOwnBuffer() {
        String inner = "inner ".repeat(200); // larger than the first buffer: the nested call would grow it
        List<Object> outer = new AbstractList<>() {
            @Override
            public Object get(int index) {
                // Runs while the outer call writes its arguments, under the context's (reentrant) lock.
                return index == 1 ? firstValues.call("echo", inner) : "outer " + index;
            }

            @Override
            public int size() {
                return 3;
            }
        };
        Object echoed = firstValues.call("echo", outer);
        assertEquals(Arrays.asList("outer 0", inner, "outer 2"), echoed);
        assertEquals(7, firstValues.call("add", 3, 4));
    }
}
