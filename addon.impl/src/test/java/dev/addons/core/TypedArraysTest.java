package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.AddonFunction;
import dev.addons.api.TypedArray;
import dev.addons.api.TypedArray.Kind;

/**
 * Typed arrays, DataViews, BigInts and Dates both ways (docs/values.md), with the fixture valuetypes.c: its
 * makeTyped(kind, count) makes a view at byte offset 8 of a larger ArrayBuffer whose byte j is 0x80 + j, and its
 * typedInfo(value) says what napi_get_typedarray_info (or _dataview_info) reports of an argument.
 */
class TypedArraysTest {

    /** The fixture's kind numbers: napi_typedarray_type in Kind order, 11 for a DataView. */
    private static final int DATA_VIEW = 11;

    static AddonContext context;
    static Addon addon;

    @BeforeAll
    static void load() {
        context = new AddonRuntimeCore().newContext("typed-arrays-test");
        addon = context.load(Fixtures.spec("valuetypes"));
    }

    @AfterAll
    static void close() {
        context.close();
    }

    /** The bytes makeTyped's view shows: from offset 8 on, byte j of the buffer being 0x80 + j. */
    private static ByteBuffer shown(int byteLength) {
        byte[] bytes = new byte[byteLength];
        for (int i = 0; i < byteLength; i++) {
            bytes[i] = (byte) (0x80 + 8 + i);
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    @Test
    void kindsWithAJavaArrayArriveAsThatArrayOfWhatTheViewShows() {
        assertArrayEquals(ints(shown(12)), (int[]) addon.call("makeTyped", 5, 3));
        double[] doubles = new double[2];
        shown(16).asDoubleBuffer().get(doubles);
        assertArrayEquals(doubles, (double[]) addon.call("makeTyped", 8, 2));
        float[] floats = new float[3];
        shown(12).asFloatBuffer().get(floats);
        assertArrayEquals(floats, (float[]) addon.call("makeTyped", 7, 3));
        short[] shorts = new short[3];
        shown(6).asShortBuffer().get(shorts);
        assertArrayEquals(shorts, (short[]) addon.call("makeTyped", 3, 3));
        assertTrue(shorts[0] < 0, "the pattern has the sign bit set: signed stays signed");
        char[] chars = new char[3];
        shown(6).asCharBuffer().get(chars);
        assertArrayEquals(chars, (char[]) addon.call("makeTyped", 4, 3));
        long[] longs = new long[2];
        shown(16).asLongBuffer().get(longs);
        assertArrayEquals(longs, (long[]) addon.call("makeTyped", 9, 2));
    }

    private static int[] ints(ByteBuffer bytes) {
        int[] ints = new int[bytes.remaining() / 4];
        bytes.asIntBuffer().get(ints);
        return ints;
    }

    @Test
    void kindsWithoutOneArriveAsATypedArrayOfTheirKind() {
        Map<Integer, Kind> kinds = Map.of(0, Kind.INT8, 1, Kind.UINT8, 2, Kind.UINT8_CLAMPED, 6, Kind.UINT32,
                10, Kind.BIGUINT64, DATA_VIEW, Kind.DATA_VIEW);
        for (Map.Entry<Integer, Kind> e : kinds.entrySet()) {
            Kind kind = e.getValue();
            TypedArray typed = (TypedArray) addon.call("makeTyped", e.getKey(), 3);
            assertEquals(kind, typed.kind());
            assertEquals(3, typed.length());
            assertArrayEquals(shown(3 * kind.bytesPerElement()).array(), typed.bytes(), kind.jsName());
        }
        TypedArray uint8 = (TypedArray) addon.call("makeTyped", 1, 3);
        assertEquals(0x88, uint8.getInt(0), "unsigned");
        assertEquals(-0x78, ((TypedArray) addon.call("makeTyped", 0, 3)).getInt(0), "signed");
        TypedArray uint32 = (TypedArray) addon.call("makeTyped", 6, 1);
        assertEquals(0x8b8a8988L, uint32.getLong(0));
        TypedArray biguint64 = (TypedArray) addon.call("makeTyped", 10, 1);
        assertEquals(new BigInteger("8f8e8d8c8b8a8988", 16), biguint64.getBigInteger(0));
    }

    @Test
    void aViewOverADetachedArrayBufferIsEmpty() {
        assertEquals(0, ((int[]) addon.call("makeDetached", 5)).length);
        assertEquals(0, ((long[]) addon.call("makeDetached", 9)).length);
        assertEquals(TypedArray.uint32(), addon.call("makeDetached", 6));
        assertEquals(TypedArray.dataView(), addon.call("makeDetached", DATA_VIEW));
    }

    @Test
    void javaArraysReachTheAddonAsTypedArraysOfTheirKind() {
        assertInfo(5, 3, List.of(-1, 2, Integer.MIN_VALUE), new int[] {-1, 2, Integer.MIN_VALUE});
        assertInfo(8, 2, List.of(0.5, -1e300), new double[] {0.5, -1e300});
        assertInfo(7, 1, List.of(0.25), new float[] {0.25f});
        assertInfo(3, 2, List.of(-1, 32767), new short[] {-1, 32767});
        assertInfo(4, 2, List.of(65535, 65), new char[] {'\uffff', 'A'});
        assertInfo(9, 2, List.of(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.ONE), new long[] {Long.MIN_VALUE, 1});
        assertInfo(0, 2, List.of(-1, 127), TypedArray.int8((byte) -1, (byte) 127));
        assertInfo(1, 2, List.of(255, 0), TypedArray.uint8(255, 0));
        assertInfo(2, 1, List.of(255), TypedArray.uint8Clamped(255));
        assertInfo(6, 1, List.of(4_294_967_295L), TypedArray.uint32(4_294_967_295L));
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        assertInfo(10, 1, List.of(max), TypedArray.bigUint64(max));
        assertInfo(DATA_VIEW, 3, List.of(), TypedArray.dataView((byte) 1, (byte) 2, (byte) 3));
        byte[] bytes = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(-7).array();
        assertInfo(5, 1, List.of(-7), TypedArray.of(Kind.INT32, bytes)); // any kind can be asked for
        assertEquals(-2, info(new byte[] {1, 2}).get("kind"), "a byte[] is still a Buffer");
        assertInfo(5, 0, List.of(), new int[0]);
    }

    private static Map<?, ?> info(Object value) {
        return (Map<?, ?>) addon.call("typedInfo", value);
    }

    private static void assertInfo(int kind, int length, List<?> elements, Object value) {
        Map<?, ?> info = info(value);
        assertEquals(kind, info.get("kind"), "kind of " + value);
        assertEquals(length, info.get("length"));
        assertEquals(0, info.get("byteOffset"), "a view over all of its own ArrayBuffer");
        int size = kind == DATA_VIEW ? 1 : TypedArray.Kind.values()[kind].bytesPerElement();
        assertEquals(length * size, info.get("bufferLength"));
        assertEquals(elements, info.get("elements"));
    }

    @Test
    void everyKindComesBackAsItWent() {
        Object[] values = {new int[] {1, -2}, new double[] {Double.NaN, -0.0}, new float[] {1.5f}, new short[] {-3},
            new char[] {'\u8000'}, new long[] {Long.MAX_VALUE}, TypedArray.int8((byte) -8), TypedArray.uint8(200),
            TypedArray.uint8Clamped(7), TypedArray.uint32(3_000_000_000L),
            TypedArray.bigUint64(BigInteger.TWO.pow(63)), TypedArray.dataView((byte) 9)};
        for (Object value : values) {
            Object back = addon.call("echo", value);
            assertTrue(Arrays.deepEquals(new Object[] {value}, new Object[] {back}), value + " came back as " + back);
        }
        // A TypedArray of a kind Java has an array for comes back as that array.
        assertArrayEquals(new int[] {-7},
                (int[]) addon.call("echo", TypedArray.of(Kind.INT32, ByteBuffer.allocate(4)
                        .order(ByteOrder.nativeOrder()).putInt(-7).array())));
    }

    @Test
    void aViewPassedOrReturnedTwiceIsOneValue() {
        int[] shared = {1, 2};
        List<?> back = (List<?>) addon.call("echo", List.of(shared, shared));
        assertSame(back.get(0), back.get(1), "the addon got one Int32Array, and Java gets one int[]");
        TypedArray typed = TypedArray.uint8(1);
        back = (List<?>) addon.call("echo", List.of(typed, typed));
        assertSame(back.get(0), back.get(1));
    }

    @Test
    void longsAreNumbersAndBigIntegersBigInts() {
        assertEquals(List.of(3, 9_007_199_254_740_991L), addon.call("echoType", 9_007_199_254_740_991L)); // number
        assertThrows(AddonException.class, () -> addon.call("echoType", Long.MAX_VALUE));
        assertEquals(List.of(9, BigInteger.valueOf(Long.MAX_VALUE)),
                addon.call("echoType", BigInteger.valueOf(Long.MAX_VALUE))); // 9: napi_bigint
    }

    @Test
    void datesHoldWholeMillisecondsWithinTheirRange() {
        Instant precise = Instant.parse("2020-01-02T03:04:05.678901234Z");
        assertEquals(List.of(100, Instant.parse("2020-01-02T03:04:05.678Z")), addon.call("echoType", precise));
        Instant before = Instant.parse("1969-12-31T23:59:59.999500Z");
        assertEquals(List.of(100, Instant.ofEpochMilli(-1)), addon.call("echoType", before), "floor, not toward 0");
        Instant last = Instant.ofEpochMilli(8_640_000_000_000_000L);
        assertEquals(List.of(100, last), addon.call("echoType", last));
        AddonException far = assertThrows(AddonException.class,
                () -> addon.call("echoType", last.plusMillis(1)));
        assertTrue(far.getMessage().contains("outside the range of a JavaScript Date"), far.getMessage());
        assertThrows(AddonException.class, () -> addon.call("echoType", Instant.MIN));
        assertNull(addon.call("makeDate", Double.NaN), "an invalid Date is null, as JSON.stringify writes it");
    }

    /** A bound interface over the same exports. */
    public interface Typed {
        @AddonFunction("echo")
        int[] ints(int[] values);

        @AddonFunction("echo")
        double[] doubles(double[] values);

        @AddonFunction("echo")
        TypedArray typed(TypedArray value);

        @AddonFunction("echo")
        TypedArray intsAsTyped(int[] values);

        @AddonFunction("echo")
        byte[] bytesOf(TypedArray value);

        @AddonFunction("echo")
        BigInteger big(BigInteger value);

        @AddonFunction("echo")
        BigInteger bigOfNumber(long value);

        @AddonFunction("echo")
        long longOfBig(BigInteger value);

        @AddonFunction("echo")
        Instant instant(Instant value);

        @AddonFunction("makeTyped")
        int[] makeInts(int kind, int count);
    }

    @Test
    void boundMethodsTakeAndReturnTheseTypes() {
        Typed typed = addon.bind(Typed.class);
        assertArrayEquals(new int[] {4, -5}, typed.ints(new int[] {4, -5}));
        assertArrayEquals(new double[] {0.5}, typed.doubles(new double[] {0.5}));
        assertEquals(TypedArray.uint32(7), typed.typed(TypedArray.uint32(7)));
        TypedArray ints = typed.intsAsTyped(new int[] {-1});
        assertEquals(Kind.INT32, ints.kind());
        assertEquals(-1, ints.getInt(0));
        assertArrayEquals(new byte[] {(byte) 200}, typed.bytesOf(TypedArray.uint8(200)));
        BigInteger big = BigInteger.TEN.pow(30);
        assertEquals(big, typed.big(big));
        assertEquals(BigInteger.valueOf(42), typed.bigOfNumber(42), "an integral number as a BigInteger");
        assertEquals(-3L, typed.longOfBig(BigInteger.valueOf(-3)));
        Instant when = Instant.ofEpochMilli(1_500_000_000_123L);
        assertEquals(when, typed.instant(when));
        assertArrayEquals(ints(shown(8)), typed.makeInts(5, 2));
    }

    @Test
    void aBoundMethodNamesItselfWhenTheResultIsOfAnotherType() {
        Typed typed = addon.bind(Typed.class);
        AddonException wrongKind = assertThrows(AddonException.class, () -> typed.makeInts(6, 2));
        assertTrue(wrongKind.getMessage().startsWith("bound method dev.addons.core.TypedArraysTest.Typed.makeInts:"
                + " function 'makeTyped' of module 'valuetypes' returned TypedArray Uint32Array(2) ["),
                wrongKind.getMessage());
        assertTrue(wrongKind.getMessage().endsWith("where the bound method expects int[]"), wrongKind.getMessage());
        AddonException tooBig = assertThrows(AddonException.class,
                () -> typed.longOfBig(BigInteger.ONE.shiftLeft(64)));
        assertTrue(tooBig.getMessage().contains("returned BigInteger 18446744073709551616 where the bound method"
                + " expects long"), tooBig.getMessage());
        AddonException notBytes = assertThrows(AddonException.class, () -> typed.bytesOf(TypedArray.uint32(1)));
        assertTrue(notBytes.getMessage().contains("Uint32Array(1) [1]"), notBytes.getMessage());
    }
}
