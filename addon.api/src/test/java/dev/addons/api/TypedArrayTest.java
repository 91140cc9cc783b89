package dev.addons.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.addons.api.TypedArray.Kind;

/** The value class for the typed array kinds no Java array holds exactly: ranges, accessors, immutability. */
class TypedArrayTest {

    @Test
    void factoriesRefuseValuesTheKindCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> TypedArray.uint8(256));
        assertThrows(IllegalArgumentException.class, () -> TypedArray.uint8(-1));
        assertThrows(IllegalArgumentException.class, () -> TypedArray.uint8Clamped(300), "no clamping on the way in");
        assertThrows(IllegalArgumentException.class, () -> TypedArray.uint32(-1));
        assertThrows(IllegalArgumentException.class, () -> TypedArray.uint32(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> TypedArray.bigUint64(BigInteger.ONE.shiftLeft(64)));
        assertThrows(IllegalArgumentException.class, () -> TypedArray.bigUint64(BigInteger.valueOf(-1)));
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> TypedArray.of(Kind.INT32, new byte[6]));
        assertEquals("Int32Array elements are 4 bytes each: 6 bytes are not a whole number of them",
                partial.getMessage());
    }

    @Test
    void eachElementReadsAsATypeThatHoldsIt() {
        TypedArray uint32 = TypedArray.uint32(4_294_967_295L, 0);
        assertEquals(2, uint32.length());
        assertEquals(8, uint32.byteLength());
        assertEquals(4_294_967_295L, uint32.getLong(0));
        assertEquals(4_294_967_295.0, uint32.getDouble(0));
        assertEquals(4_294_967_295L, uint32.get(0));
        assertThrows(UnsupportedOperationException.class, () -> uint32.getInt(0));

        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        TypedArray biguint64 = TypedArray.bigUint64(max, BigInteger.ONE);
        assertEquals(max, biguint64.getBigInteger(0));
        assertEquals(max, biguint64.get(0));
        assertThrows(UnsupportedOperationException.class, () -> biguint64.getLong(0), "no silent sign");
        assertThrows(UnsupportedOperationException.class, () -> biguint64.getDouble(0));

        assertEquals(255, TypedArray.uint8(255).getInt(0));
        assertEquals(-1, TypedArray.int8((byte) -1).getInt(0));
        assertEquals(200, TypedArray.dataView((byte) 200).getInt(0));
        byte[] floats = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putFloat(0.1f).array();
        TypedArray float32 = TypedArray.of(Kind.FLOAT32, floats);
        assertEquals(0.1f, float32.get(0));
        assertThrows(UnsupportedOperationException.class, () -> float32.getBigInteger(0));
        assertThrows(IndexOutOfBoundsException.class, () -> float32.getDouble(1));
    }

    @Test
    void itIsAValueThatNoCallerCanChange() {
        byte[] bytes = {1, 2};
        TypedArray typed = TypedArray.of(Kind.UINT8, bytes);
        bytes[0] = 9;
        typed.bytes()[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, typed.bytes());
        assertEquals(TypedArray.uint8(1, 2), typed);
        assertEquals(TypedArray.uint8(1, 2).hashCode(), typed.hashCode());
        assertNotEquals(TypedArray.uint8Clamped(1, 2), typed, "same bytes, another kind");
        assertEquals("Uint8Array(2) [1, 2]", typed.toString());
        assertTrue(TypedArray.of(Kind.INT8, new byte[100]).toString().endsWith(", ... 68 more]"));
        assertEquals("DataView(0) []", TypedArray.dataView().toString());
    }
}
