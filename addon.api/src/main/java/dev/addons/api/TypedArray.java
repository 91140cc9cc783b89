package dev.addons.api;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A copy of a JavaScript typed array or DataView whose elements have no Java array that holds them exactly:
 * {@code Int8Array}, {@code Uint8Array}, {@code Uint8ClampedArray}, {@code Uint32Array}, {@code BigUint64Array} and
 * {@code DataView} arrive from an addon as a {@code TypedArray}; the other kinds arrive as Java primitive arrays
 * ({@code Int32Array} as {@code int[]}, see docs/values.md). Passed to an addon, a {@code TypedArray} becomes a new
 * view of its kind (any kind, {@link #of(Kind, byte[]) TypedArray.of(Kind.INT32, bytes)} included) over a fresh
 * ArrayBuffer holding these bytes.
 *
 * <p>Immutable: the bytes are copied in and out. They are in the platform's byte order, as the addon sees them
 * (little-endian on every platform the runtime supports); the typed accessors read them that way.
 */
public final class TypedArray {

    /** The JavaScript kinds, with the size of one element in bytes (1 for a DataView, which has bytes only). */
    public enum Kind {
        INT8("Int8Array", 1),
        UINT8("Uint8Array", 1),
        UINT8_CLAMPED("Uint8ClampedArray", 1),
        INT16("Int16Array", 2),
        UINT16("Uint16Array", 2),
        INT32("Int32Array", 4),
        UINT32("Uint32Array", 4),
        FLOAT32("Float32Array", 4),
        FLOAT64("Float64Array", 8),
        BIGINT64("BigInt64Array", 8),
        BIGUINT64("BigUint64Array", 8),
        DATA_VIEW("DataView", 1);

        private final String jsName;
        private final int bytesPerElement;

        Kind(String jsName, int bytesPerElement) {
            this.jsName = jsName;
            this.bytesPerElement = bytesPerElement;
        }

        /** The JavaScript constructor's name: {@code Uint8Array}, {@code DataView}... */
        public String jsName() {
            return jsName;
        }

        public int bytesPerElement() {
            return bytesPerElement;
        }

        boolean isFloat() {
            return this == FLOAT32 || this == FLOAT64;
        }
    }

    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);
    private static final int SHOWN_ELEMENTS = 32;

    private final Kind kind;
    private final byte[] bytes;

    private TypedArray(Kind kind, byte[] bytes) {
        this.kind = kind;
        this.bytes = bytes;
    }

    /**
     * A typed array of {@code kind} over a copy of {@code bytes} (platform byte order).
     *
     * @throws IllegalArgumentException if the bytes are not a whole number of elements of that kind
     */
    public static TypedArray of(Kind kind, byte[] bytes) {
        if (kind == null || bytes == null) {
            throw new NullPointerException(kind == null ? "kind" : "bytes");
        }
        if (bytes.length % kind.bytesPerElement != 0) {
            throw new IllegalArgumentException(kind.jsName + " elements are " + kind.bytesPerElement + " bytes each: "
                    + bytes.length + " bytes are not a whole number of them");
        }
        return new TypedArray(kind, bytes.clone());
    }

    /** An {@code Int8Array}: Java bytes are signed 8-bit elements already. */
    public static TypedArray int8(byte... values) {
        return of(Kind.INT8, values);
    }

    /** A {@code Uint8Array} (not a Buffer: a {@code byte[]} becomes a Buffer); each value 0 to 255. */
    public static TypedArray uint8(int... values) {
        return ofBytes(Kind.UINT8, values);
    }

    /** A {@code Uint8ClampedArray}; each value 0 to 255 (clamping is JavaScript's business on writes). */
    public static TypedArray uint8Clamped(int... values) {
        return ofBytes(Kind.UINT8_CLAMPED, values);
    }

    /** A {@code Uint32Array}; each value 0 to 2^32 - 1. */
    public static TypedArray uint32(long... values) {
        ByteBuffer out = allocate(values.length, 4);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > UINT32_MAX) {
                throw outOfRange(Kind.UINT32, i, values[i]);
            }
            out.putInt((int) values[i]);
        }
        return new TypedArray(Kind.UINT32, out.array());
    }

    /** A {@code BigUint64Array}; each value 0 to 2^64 - 1. */
    public static TypedArray bigUint64(BigInteger... values) {
        ByteBuffer out = allocate(values.length, 8);
        for (int i = 0; i < values.length; i++) {
            if (values[i].signum() < 0 || values[i].compareTo(UINT64_LIMIT) >= 0) {
                throw outOfRange(Kind.BIGUINT64, i, values[i]);
            }
            out.putLong(values[i].longValue()); // the low 64 bits: exactly the unsigned value
        }
        return new TypedArray(Kind.BIGUINT64, out.array());
    }

    /** A {@code DataView} over a copy of {@code bytes}. */
    public static TypedArray dataView(byte... bytes) {
        return of(Kind.DATA_VIEW, bytes);
    }

    private static TypedArray ofBytes(Kind kind, int[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw outOfRange(kind, i, values[i]);
            }
            out[i] = (byte) values[i];
        }
        return new TypedArray(kind, out);
    }

    private static ByteBuffer allocate(int count, int size) {
        return ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.nativeOrder());
    }

    private static IllegalArgumentException outOfRange(Kind kind, int index, Object value) {
        return new IllegalArgumentException("element " + index + " (" + value + ") does not fit a " + kind.jsName);
    }

    public Kind kind() {
        return kind;
    }

    /** The number of elements (of bytes, for a DataView). */
    public int length() {
        return bytes.length / kind.bytesPerElement;
    }

    public int byteLength() {
        return bytes.length;
    }

    /** A copy of the bytes, in the platform's byte order. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The element at {@code index} as the Java type that holds it exactly: Integer for the 8-, 16- and 32-bit
     * signed kinds, Uint8, Uint16 and a DataView's bytes (0 to 255); Long for Uint32 and BigInt64; BigInteger for
     * BigUint64; Float and Double for the float kinds.
     */
    public Number get(int index) {
        switch (kind) {
            case UINT32:
            case BIGINT64:
                return getLong(index);
            case BIGUINT64:
                return getBigInteger(index);
            case FLOAT32:
                return buffer().getFloat(at(index));
            case FLOAT64:
                return buffer().getDouble(at(index));
            default:
                return getInt(index);
        }
    }

    /**
     * The element at {@code index} as an int, for the kinds whose every element is one: Int8, Uint8,
     * Uint8Clamped, Int16, Uint16 (0 to 65535), Int32 and a DataView's bytes (0 to 255).
     *
     * @throws UnsupportedOperationException for Uint32, the float and the 64-bit kinds
     */
    public int getInt(int index) {
        ByteBuffer b = buffer();
        switch (kind) {
            case INT8:
                return b.get(at(index));
            case UINT8:
            case UINT8_CLAMPED:
            case DATA_VIEW:
                return b.get(at(index)) & 0xFF;
            case INT16:
                return b.getShort(at(index));
            case UINT16:
                return b.getChar(at(index));
            case INT32:
                return b.getInt(at(index));
            default:
                throw unsupported("an int");
        }
    }

    /**
     * The element at {@code index} as a long, for every integer kind whose elements fit one: those of
     * {@link #getInt}, Uint32 (0 to 2^32 - 1) and BigInt64.
     *
     * @throws UnsupportedOperationException for BigUint64 (use {@link #getBigInteger}) and the float kinds
     */
    public long getLong(int index) {
        switch (kind) {
            case UINT32:
                return buffer().getInt(at(index)) & UINT32_MAX;
            case BIGINT64:
                return buffer().getLong(at(index));
            case BIGUINT64:
            case FLOAT32:
            case FLOAT64:
                throw unsupported("a long");
            default:
                return getInt(index);
        }
    }

    /**
     * The element at {@code index} as a BigInteger, for every integer kind (BigUint64 included).
     *
     * @throws UnsupportedOperationException for the float kinds
     */
    public BigInteger getBigInteger(int index) {
        if (kind == Kind.BIGUINT64) {
            long bits = buffer().getLong(at(index));
            BigInteger value = BigInteger.valueOf(bits);
            return bits < 0 ? value.add(UINT64_LIMIT) : value;
        }
        if (kind.isFloat()) {
            throw unsupported("a BigInteger");
        }
        return BigInteger.valueOf(getLong(index));
    }

    /**
     * The element at {@code index} as a double, for every kind whose elements a double holds exactly: all but
     * BigInt64 and BigUint64.
     *
     * @throws UnsupportedOperationException for BigInt64 and BigUint64
     */
    public double getDouble(int index) {
        switch (kind) {
            case FLOAT32:
                return buffer().getFloat(at(index));
            case FLOAT64:
                return buffer().getDouble(at(index));
            case BIGINT64:
            case BIGUINT64:
                throw unsupported("a double");
            default:
                return getLong(index);
        }
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    private int at(int index) {
        if (index < 0 || index >= length()) {
            throw new IndexOutOfBoundsException("index " + index + " of a " + kind.jsName + " of length " + length());
        }
        return index * kind.bytesPerElement;
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("the elements of a " + kind.jsName + " are not all " + what);
    }

    /** Same kind, same bytes. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TypedArray t && t.kind == kind && Arrays.equals(t.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    /** As Node's {@code util.inspect} writes it, e.g. {@code Uint8Array(3) [1, 2, 255]}; long ones shortened. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind.jsName).append('(').append(length()).append(") [");
        int shown = Math.min(length(), SHOWN_ELEMENTS);
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(get(i));
        }
        if (shown < length()) {
            s.append(", ... ").append(length() - shown).append(" more");
        }
        return s.append(']').toString();
    }
}
