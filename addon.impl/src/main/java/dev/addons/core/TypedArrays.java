package dev.addons.core;

import java.nio.ByteBuffer;

import dev.addons.api.TypedArray;
import dev.addons.api.TypedArray.Kind;

import static dev.addons.core.NativeContract.TYPED_BIGINT64;
import static dev.addons.core.NativeContract.TYPED_BIGUINT64;
import static dev.addons.core.NativeContract.TYPED_DATA_VIEW;
import static dev.addons.core.NativeContract.TYPED_FLOAT32;
import static dev.addons.core.NativeContract.TYPED_FLOAT64;
import static dev.addons.core.NativeContract.TYPED_INT16;
import static dev.addons.core.NativeContract.TYPED_INT32;
import static dev.addons.core.NativeContract.TYPED_INT8;
import static dev.addons.core.NativeContract.TYPED_UINT16;
import static dev.addons.core.NativeContract.TYPED_UINT32;
import static dev.addons.core.NativeContract.TYPED_UINT8;
import static dev.addons.core.NativeContract.TYPED_UINT8_CLAMPED;

/**
 * Typed arrays and DataViews on the wire ({@link NativeContract#TAG_TYPED_ARRAY}): the kinds a Java primitive array
 * holds exactly cross as that array (Int32Array and int[], Float64Array and double[], Float32Array and float[],
 * Int16Array and short[], Uint16Array and char[], BigInt64Array and long[]); the others as a {@link TypedArray}.
 */
final class TypedArrays {

    /** Wire kind of each {@link Kind}, by ordinal. */
    private static final byte[] WIRE = new byte[Kind.values().length];
    /** {@link Kind} of each typed array wire kind (0 to 10). */
    private static final Kind[] BY_WIRE = new Kind[TYPED_BIGUINT64 + 1];

    static {
        map(Kind.INT8, TYPED_INT8);
        map(Kind.UINT8, TYPED_UINT8);
        map(Kind.UINT8_CLAMPED, TYPED_UINT8_CLAMPED);
        map(Kind.INT16, TYPED_INT16);
        map(Kind.UINT16, TYPED_UINT16);
        map(Kind.INT32, TYPED_INT32);
        map(Kind.UINT32, TYPED_UINT32);
        map(Kind.FLOAT32, TYPED_FLOAT32);
        map(Kind.FLOAT64, TYPED_FLOAT64);
        map(Kind.BIGINT64, TYPED_BIGINT64);
        map(Kind.BIGUINT64, TYPED_BIGUINT64);
        WIRE[Kind.DATA_VIEW.ordinal()] = TYPED_DATA_VIEW;
    }

    private static void map(Kind kind, byte wire) {
        WIRE[kind.ordinal()] = wire;
        BY_WIRE[wire] = kind;
    }

    private TypedArrays() {
    }

    /** The kind a Java primitive array becomes; null if {@code value} is none of them (byte[] is a Buffer). */
    static Kind kindOfArray(Object value) {
        if (value instanceof int[]) {
            return Kind.INT32;
        }
        if (value instanceof double[]) {
            return Kind.FLOAT64;
        }
        if (value instanceof float[]) {
            return Kind.FLOAT32;
        }
        if (value instanceof short[]) {
            return Kind.INT16;
        }
        if (value instanceof char[]) {
            return Kind.UINT16;
        }
        if (value instanceof long[]) {
            return Kind.BIGINT64;
        }
        return null;
    }

    static int length(Object array) {
        return java.lang.reflect.Array.getLength(array);
    }

    /** The tag, the kind, the byte length and the elements of a primitive array ({@link #kindOfArray} not null). */
    static void writeArray(ValueCodec.Writer w, Object array, Kind kind) {
        put(w.typedArray(WIRE[kind.ordinal()], Math.multiplyExact(length(array), kind.bytesPerElement())), array);
    }

    /** The elements of a primitive array into out, from its position, in out's byte order. */
    private static void put(ByteBuffer out, Object array) {
        if (array instanceof int[] a) {
            out.asIntBuffer().put(a);
        } else if (array instanceof double[] a) {
            out.asDoubleBuffer().put(a);
        } else if (array instanceof float[] a) {
            out.asFloatBuffer().put(a);
        } else if (array instanceof short[] a) {
            out.asShortBuffer().put(a);
        } else if (array instanceof char[] a) {
            out.asCharBuffer().put(a);
        } else {
            out.asLongBuffer().put((long[]) array);
        }
    }

    static void write(ValueCodec.Writer w, TypedArray value) {
        w.typedArray(WIRE[value.kind().ordinal()], value.byteLength()).put(value.bytes());
    }

    /**
     * Reads what follows {@link NativeContract#TAG_TYPED_ARRAY}: a primitive array for the kinds that have one, a
     * {@link TypedArray} for the others.
     */
    static Object read(ByteBuffer in) {
        byte wire = in.get();
        int length = in.getInt();
        ByteBuffer bytes = in.slice().limit(length).order(in.order());
        in.position(in.position() + length);
        Kind kind = wire == TYPED_DATA_VIEW ? Kind.DATA_VIEW
                : wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
        if (kind == null) {
            throw new IllegalStateException("unknown typed array kind " + wire + " from the native runtime");
        }
        switch (kind) {
            case INT32: {
                int[] a = new int[length / 4];
                bytes.asIntBuffer().get(a);
                return a;
            }
            case FLOAT64: {
                double[] a = new double[length / 8];
                bytes.asDoubleBuffer().get(a);
                return a;
            }
            case FLOAT32: {
                float[] a = new float[length / 4];
                bytes.asFloatBuffer().get(a);
                return a;
            }
            case INT16: {
                short[] a = new short[length / 2];
                bytes.asShortBuffer().get(a);
                return a;
            }
            case UINT16: {
                char[] a = new char[length / 2];
                bytes.asCharBuffer().get(a);
                return a;
            }
            case BIGINT64: {
                long[] a = new long[length / 8];
                bytes.asLongBuffer().get(a);
                return a;
            }
            default: {
                byte[] a = new byte[length];
                bytes.get(a);
                return TypedArray.of(kind, a);
            }
        }
    }

    /** A primitive array ({@link #kindOfArray} not null) as the {@link TypedArray} of its kind. */
    static TypedArray toTypedArray(Object array, Kind kind) {
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(length(array), kind.bytesPerElement()))
                .order(java.nio.ByteOrder.nativeOrder());
        put(bytes, array);
        return TypedArray.of(kind, bytes.array());
    }
}
