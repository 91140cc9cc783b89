package dev.addons.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.addons.api.AddonException;

/**
 * Converts Java values to the wire format of the native side and back (the format is described in
 * {@code addon.native/src/main/c/codec.h}; keep both in step).
 */
final class ValueCodec {

    static final byte UNDEFINED = 0;
    static final byte NULL = 1;
    static final byte FALSE = 2;
    static final byte TRUE = 3;
    static final byte INT32 = 4;
    static final byte DOUBLE = 5;
    static final byte STRING = 6;
    static final byte ARRAY = 7;
    static final byte OBJECT = 8;
    static final byte FUNCTION = 9;
    static final byte EXTERNAL = 10;
    static final byte BYTES = 11;
    /** A u32 number of a value sent earlier in the same answer or argument list: see codec.h. */
    static final byte REF = 12;
    /** Strings of at least this many UTF-8 bytes are numbered and may be referred to (RT_SHARED_STRING_MIN). */
    static final int SHARED_STRING_MIN = 32;

    static final int OUTCOME_OK = 0;
    static final int OUTCOME_THROWN = 1;
    static final int OUTCOME_FAILED = 2;
    static final int OUTCOME_WARNINGS = 0x80;

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private ValueCodec() {
    }

    /**
     * Encodes call arguments: a u32 count, then each value. A List, Map, array or byte[] passed more than once
     * (anywhere in the arguments) is sent once and arrives as one napi_value; one containing itself is refused.
     */
    static byte[] encodeArguments(Object[] args, ConversionLimits limits, String module, String function) {
        Writer w = new Writer(limits);
        int count = args == null ? 0 : args.length;
        w.u32(count);
        for (int i = 0; i < count; i++) {
            try {
                encode(w, args[i], 0);
            } catch (Misfit m) {
                throw new AddonException("function '" + function + "' of module '" + module + "': argument " + i
                        + m.where + " " + m.problem);
            }
        }
        return w.toArray();
    }

    /**
     * A value that cannot cross, on its way up to the argument it sits in. The message is built only then: the
     * common case of a call that encodes fine allocates nothing for it.
     */
    private static final class Misfit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String problem;
        String where = "";

        Misfit(String problem) {
            super(problem, null, false, false);
            this.problem = problem;
        }

        Misfit at(String segment) {
            where = segment + where;
            return this;
        }
    }

    private static void encode(Writer w, Object value, int depth) {
        if (++w.values > w.limits.maxValues()) {
            throw new Misfit("is past the limit of " + w.limits.maxValues() + " values in one call (set by "
                    + ConversionLimits.MAX_VALUES_PROPERTY + ")");
        }
        if (depth > w.limits.maxDepth()) {
            throw new Misfit("is nested more than " + w.limits.maxDepth() + " levels deep (the limit set by "
                    + ConversionLimits.MAX_DEPTH_PROPERTY + ")");
        }
        if (value == null) {
            w.u8(NULL);
        } else if (value instanceof Boolean b) {
            w.u8(b ? TRUE : FALSE);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            w.u8(INT32);
            w.i32(((Number) value).intValue());
        } else if (value instanceof Long l) {
            if (Math.abs(l) > MAX_SAFE_INTEGER) {
                throw new Misfit("(" + l + ") is beyond 2^53 and cannot be a JavaScript number exactly");
            }
            w.u8(DOUBLE);
            w.f64(l.doubleValue());
        } else if (value instanceof Double || value instanceof Float) {
            w.u8(DOUBLE);
            w.f64(((Number) value).doubleValue());
        } else if (value instanceof CharSequence || value instanceof Character) {
            // Fewer than 11 chars are fewer than 32 UTF-8 bytes: such strings are never numbered, skip the lookup.
            if (value instanceof CharSequence text && text.length() * 3 >= SHARED_STRING_MIN && w.sentBefore(value)) {
                return;
            }
            byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= SHARED_STRING_MIN) {
                w.numberDone(value);
            }
            w.u8(STRING);
            w.bytes(bytes);
        } else if (value instanceof byte[] bytes) {
            if (!w.sentBefore(value)) {
                w.numberDone(value);
                w.u8(BYTES);
                w.bytes(bytes);
            }
        } else if (value instanceof java.nio.ByteBuffer buffer) {
            if (!w.sentBefore(value)) {
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                w.numberDone(value);
                w.u8(BYTES);
                w.bytes(copy);
            }
        } else if (value instanceof List<?> || value instanceof Object[]) {
            if (w.sentBefore(value)) {
                return;
            }
            List<?> list = value instanceof List<?> l ? l : Arrays.asList((Object[]) value);
            int number = w.numberOpen(value);
            w.u8(ARRAY);
            int countAt = w.reserveU32();
            int i = 0;
            for (Object element : list) {
                try {
                    encode(w, element, depth + 1);
                } catch (Misfit m) {
                    throw m.at("[" + i + "]");
                }
                i++;
            }
            w.patchU32(countAt, i);
            w.close(value, number);
        } else if (value instanceof Map<?, ?> map) {
            if (w.sentBefore(value)) {
                return;
            }
            int number = w.numberOpen(value);
            w.u8(OBJECT);
            int countAt = w.reserveU32();
            int count = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new Misfit("has a key that is not a String: " + e.getKey());
                }
                w.bytes(key.getBytes(StandardCharsets.UTF_8));
                try {
                    encode(w, e.getValue(), depth + 1);
                } catch (Misfit m) {
                    throw m.at("." + key);
                }
                count++;
            }
            w.patchU32(countAt, count);
            w.close(value, number);
        } else {
            throw new Misfit("has type " + value.getClass().getName()
                    + ", which has no Node-API counterpart (use null, Boolean, Integer, Long, Double, String, byte[],"
                    + " ByteBuffer, List or Map)");
        }
    }

    /** The result of a call: the value, or the addon's exception thrown as {@link AddonException}. */
    static Object decodeAnswer(byte[] answer, String what) {
        ByteBuffer in = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
        int outcome = in.get() & 0xFF & ~OUTCOME_WARNINGS;
        switch (outcome) {
            case OUTCOME_OK:
                return decode(in);
            case OUTCOME_THROWN: {
                String name = (String) decode(in);
                String message = (String) decode(in);
                Object code = decode(in);
                throw new AddonException(message, code == null ? null : code.toString(), name, null);
            }
            case OUTCOME_FAILED:
                throw new AddonException(what + ": " + decode(in));
            default:
                throw new IllegalStateException("unknown outcome " + outcome + " from the native runtime");
        }
    }

    static boolean hasWarnings(byte[] answer) {
        return (answer[0] & OUTCOME_WARNINGS) != 0;
    }

    static boolean isThrown(byte[] answer) {
        return (answer[0] & 0xFF & ~OUTCOME_WARNINGS) == OUTCOME_THROWN;
    }

    static Object decode(ByteBuffer in) {
        return new Reader(in).value();
    }

    /** Reads values from one answer, remembering the numbered ones so that a reference yields the same object. */
    private static final class Reader {
        private final ByteBuffer in;
        private List<Object> numbered; // made at the first numbered value

        Reader(ByteBuffer in) {
            this.in = in;
        }

        private <T> T number(T value) {
            if (numbered == null) {
                numbered = new ArrayList<>();
            }
            numbered.add(value);
            return value;
        }

        Object value() {
            byte tag = in.get();
            switch (tag) {
                case UNDEFINED:
                case NULL:
                case EXTERNAL:
                    return null;
                case FALSE:
                    return Boolean.FALSE;
                case TRUE:
                    return Boolean.TRUE;
                case INT32:
                    return in.getInt();
                case DOUBLE: {
                    double d = in.getDouble();
                    // Integral numbers beyond int32 come back as Long while they are exact, as DESIGN.md says.
                    if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER && !(d == 0 && 1 / d < 0)) {
                        return (long) d;
                    }
                    return d;
                }
                case STRING: {
                    int length = in.getInt(in.position());
                    String s = string(in);
                    return length >= SHARED_STRING_MIN ? number(s) : s;
                }
                case FUNCTION:
                    return "[Function: " + string(in) + "]";
                case BYTES: {
                    byte[] bytes = new byte[in.getInt()];
                    in.get(bytes);
                    return number(bytes);
                }
                case REF: {
                    int n = in.getInt();
                    if (numbered == null || n < 0 || n >= numbered.size()) {
                        throw new IllegalStateException("reference to value " + n + " not sent yet by the native"
                                + " runtime");
                    }
                    return numbered.get(n);
                }
                case ARRAY: {
                    int count = in.getInt();
                    List<Object> list = number(new ArrayList<>(Math.min(count, 1024)));
                    for (int i = 0; i < count; i++) {
                        list.add(value());
                    }
                    return list;
                }
                case OBJECT: {
                    int count = in.getInt();
                    Map<String, Object> map = number(new LinkedHashMap<>());
                    for (int i = 0; i < count; i++) {
                        String key = string(in);
                        map.put(key, value());
                    }
                    return map;
                }
                default:
                    throw new IllegalStateException("unknown value tag " + tag + " from the native runtime");
            }
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    /** A little-endian-or-whatever-is-native growable buffer; ByteBuffer without the resizing chores. */
    private static final class Writer {
        final ConversionLimits limits;
        long values;
        private ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        /*
         * The values sent in full so far, by identity, to their number (see codec.h); ~number while a container's
         * contents are being written, so that meeting it then is a cycle. Made at the first numbered value.
         */
        private IdentityHashMap<Object, Integer> numbers;
        private int nextNumber;

        Writer(ConversionLimits limits) {
            this.limits = limits;
        }

        /** Writes a reference if value was sent before; a container still open is a cycle. */
        boolean sentBefore(Object value) {
            Integer n = numbers == null ? null : numbers.get(value);
            if (n == null) {
                return false;
            }
            if (n < 0) {
                throw new Misfit("contains itself: cyclic values cannot be passed to an addon");
            }
            u8(REF);
            u32(n);
            return true;
        }

        private int next(Object value, boolean open) {
            if (numbers == null) {
                numbers = new IdentityHashMap<>();
            }
            int n = nextNumber++;
            numbers.put(value, open ? ~n : n);
            return n;
        }

        void numberDone(Object value) {
            next(value, false);
        }

        int numberOpen(Object container) {
            return next(container, true);
        }

        void close(Object container, int number) {
            numbers.put(container, number);
        }

        int reserveU32() {
            room(4);
            int at = buffer.position();
            buffer.putInt(0);
            return at;
        }

        void patchU32(int at, int v) {
            buffer.putInt(at, v);
        }

        private void room(int n) {
            if (buffer.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + n))
                        .order(ByteOrder.nativeOrder());
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void u8(byte b) {
            room(1);
            buffer.put(b);
        }

        void u32(int v) {
            room(4);
            buffer.putInt(v);
        }

        void i32(int v) {
            room(4);
            buffer.putInt(v);
        }

        void f64(double v) {
            room(8);
            buffer.putDouble(v);
        }

        void bytes(byte[] b) {
            u32(b.length);
            room(b.length);
            buffer.put(b);
        }

        byte[] toArray() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
