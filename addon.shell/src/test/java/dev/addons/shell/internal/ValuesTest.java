package dev.addons.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.addons.api.AddonException;
import dev.addons.api.TypedArray;
import dev.addons.api.Undefined;

class ValuesTest {

    @Test
    void consoleWordsBecomeAddonValues() {
        assertEquals(42, Values.parse("42"));
        assertEquals(-7, Values.parse("-7"));
        assertEquals(5_000_000_000L, Values.parse("5000000000"));
        assertEquals(1.5, Values.parse("1.5"));
        assertEquals(Boolean.TRUE, Values.parse("true"));
        assertNull(Values.parse("null"));
        assertSame(Undefined.INSTANCE, Values.parse("undefined"), "undefined is not null");
        assertEquals("hello", Values.parse("hello"));
        assertEquals(List.of(1L), Values.parse(List.of(1L)), "non-strings pass through");
    }

    @Test
    void bigIntsBuffersAndTypedArraysAsArguments() {
        assertEquals(BigInteger.valueOf(12), Values.parse("12n"));
        assertEquals(new BigInteger("-123456789012345678901234567890"),
                Values.parse("-123456789012345678901234567890n"));
        assertArrayEquals(new byte[] {0x78, (byte) 0xda}, (byte[]) Values.parse("hex:78da"));
        assertArrayEquals(new byte[] {0x78, (byte) 0xDA}, (byte[]) Values.parse("hex:78DA"));
        assertArrayEquals(new byte[0], (byte[]) Values.parse("hex:"));
        assertArrayEquals(new byte[] {0x78, (byte) 0xda}, (byte[]) Values.parse("<Buffer 78 da>"), "as printed");
        assertArrayEquals(new byte[0], (byte[]) Values.parse("<Buffer >"));
        assertArrayEquals(new int[] {1, 2, -3}, (int[]) Values.parse("Int32Array:1,2,-3"));
        assertArrayEquals(new int[0], (int[]) Values.parse("Int32Array:"));
        assertArrayEquals(new double[] {1, 2.5, Double.NaN}, (double[]) Values.parse("Float64Array:1,2.5,NaN"));
        assertArrayEquals(new double[] {1, 2, 3}, (double[]) Values.parse("Float64Array(3) [ 1, 2, 3 ]"), "printed");
        assertArrayEquals(new int[0], (int[]) Values.parse("Int32Array(0) []"));
        assertArrayEquals(new float[] {0.5f}, (float[]) Values.parse("Float32Array:0.5"));
        assertArrayEquals(new short[] {-1}, (short[]) Values.parse("Int16Array:-1"));
        assertArrayEquals(new char[] {65535}, (char[]) Values.parse("Uint16Array:65535"));
        assertArrayEquals(new long[] {1, -2}, (long[]) Values.parse("BigInt64Array(2) [ 1n, -2n ]"));
        assertEquals(TypedArray.uint8(1, 255), Values.parse("Uint8Array:1,255"));
        assertEquals(TypedArray.uint32(4_294_967_295L), Values.parse("Uint32Array:4294967295"));
        assertEquals(TypedArray.bigUint64(BigInteger.TWO.pow(64).subtract(BigInteger.ONE)),
                Values.parse("BigUint64Array:18446744073709551615n"));
        assertEquals(TypedArray.dataView((byte) 0, (byte) 0xff), Values.parse("DataView:0,255"));
        assertEquals("Int33Array:1", Values.parse("Int33Array:1"), "not a kind: a string");
        assertEquals("hex:xyz", Values.parse("hex:xyz"), "not hex: a string");
    }

    @Test
    void malformedBuffersAndTypedArraysAreRefusedWithTheWord() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> Values.parse("hex:78d"));
        assertTrue(odd.getMessage().startsWith("'hex:78d'"), odd.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Values.parse("Int32Array:1,3000000000"));
        assertTrue(range.getMessage().contains("Int32Array"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Values.parse("Uint8Array:256"));
        assertThrows(IllegalArgumentException.class, () -> Values.parse("Float64Array(2) [ 1 ]"), "count differs");
    }

    /** What the console printed before (Java's toString) is what these pin: each failed on the old formatter. */
    @Test
    void resultsPrintLikeNode() {
        assertEquals("1", Values.format(1));
        assertEquals("\"it's\"", Values.format("it's"));
        assertEquals("null", Values.format(null));
        assertEquals("undefined", Values.format(Undefined.INSTANCE));
        assertEquals("[ undefined, null ]", Values.format(java.util.Arrays.asList(Undefined.INSTANCE, null)));
        assertEquals("[ 1, 'a' ]", Values.format(List.of(1, "a")));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", 1);
        map.put("y", List.of());
        map.put("b-c", 2);
        assertEquals("{ x: 1, y: [], 'b-c': 2 }", Values.format(map));
        assertEquals("{}", Values.format(Map.of()));
        assertEquals("1, 'two'", Values.formatArguments(new Object[] {1, "two"}));
        assertEquals("Int32Array(3) [ 1, 2, 3 ]", Values.format(new int[] {1, 2, 3}));
        assertEquals("12n", Values.format(BigInteger.valueOf(12)));
        assertEquals("<Buffer 78 da>", Values.format(new byte[] {0x78, (byte) 0xda}));
        assertEquals("-0", Values.format(-0.0));
    }

    @Test
    void whatPrintsReadsBackAsTheSameValue() {
        Object[] values = {new byte[] {1, 2, (byte) 0xff}, new int[] {1, -2}, new double[] {0.5, -1},
            new long[] {1, -2}, BigInteger.valueOf(-12), TypedArray.uint8(0, 255)};
        for (Object v : values) {
            assertEquals(Values.format(v), Values.format(Values.parse(Values.format(v))));
        }
    }

    @Test
    void promisesAreAwaitedRejectionsThrownAndWaitingIsBounded() {
        assertEquals(5, Awaited.value(5, "m.f", Duration.ofSeconds(1)), "not a promise: as is");
        assertEquals("done", Awaited.value(CompletableFuture.completedFuture("done"), "m.f", Duration.ofSeconds(1)));
        AddonException rejection = new AddonException("no disk");
        assertSame(rejection, assertThrows(AddonException.class,
                () -> Awaited.value(CompletableFuture.failedFuture(rejection), "m.f", Duration.ofSeconds(1))));
        IllegalStateException timeout = assertThrows(IllegalStateException.class,
                () -> Awaited.value(new CompletableFuture<>(), "m.f", Duration.ZERO));
        assertTrue(timeout.getMessage().startsWith("m.f: the promise was not settled"), timeout.getMessage());
    }
}
