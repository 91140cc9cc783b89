package dev.addons.core;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.addons.api.AddonException;
import dev.addons.api.Undefined;

import static dev.addons.core.NativeContract.OUTCOME_FAILED;
import static dev.addons.core.NativeContract.OUTCOME_OK;
import static dev.addons.core.NativeContract.OUTCOME_THROWN;
import static dev.addons.core.NativeContract.OUTCOME_WARNINGS;
import static dev.addons.core.NativeContract.SHARED_STRING_MIN;
import static dev.addons.core.NativeContract.TAG_ARRAY;
import static dev.addons.core.NativeContract.TAG_BIGINT;
import static dev.addons.core.NativeContract.TAG_BYTES;
import static dev.addons.core.NativeContract.TAG_DATE;
import static dev.addons.core.NativeContract.TAG_DOUBLE;
import static dev.addons.core.NativeContract.HANDLE_FUNCTION;
import static dev.addons.core.NativeContract.HANDLE_SYMBOL;
import static dev.addons.core.NativeContract.TAG_FALSE;
import static dev.addons.core.NativeContract.TAG_HANDLE;
import static dev.addons.core.NativeContract.TAG_INT32;
import static dev.addons.core.NativeContract.TAG_NULL;
import static dev.addons.core.NativeContract.TAG_OBJECT;
import static dev.addons.core.NativeContract.TAG_REF;
import static dev.addons.core.NativeContract.TAG_STRING;
import static dev.addons.core.NativeContract.TAG_TRUE;
import static dev.addons.core.NativeContract.TAG_UNDEFINED;

/**
 * Converts Java values to the wire format of the native side and back (the format is described in
 * {@code addon.native/src/main/c/codec.h}; its numbers are {@link NativeContract}'s, shared with the C code).
 */
final class ValueCodec {

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private ValueCodec() {
    }

    /**
     * Encodes call arguments: a u32 count, then each value. A List, Map, array or byte[] passed more than once
     * (anywhere in the arguments) is sent once and arrives as one napi_value; one containing itself is refused.
     * A handle ({@link JsHandleImpl}) must belong to {@code owner} and be live; it arrives as its value.
     */
    static byte[] encodeArguments(Object[] args, ConversionLimits limits, String module, String function,
            AddonImpl owner) {
        Writer w = new Writer(limits);
        w.owner = owner;
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
            w.u8(TAG_NULL);
        } else if (value == Undefined.INSTANCE) {
            w.u8(TAG_UNDEFINED);
        } else if (value instanceof JsHandleImpl handle) {
            if (handle.addon != w.owner) {
                throw new Misfit("is a handle to " + handle.what() + " of module '" + handle.addon.moduleName()
                        + "' in " + handle.addon.contextDescription() + ": it can only be passed to that module"
                        + " instance");
            }
            if (handle.isReleased()) {
                throw new Misfit("is a handle to " + handle.what() + " that was released");
            }
            w.u8(TAG_HANDLE);
            w.i64(handle.id());
        } else if (value instanceof Boolean b) {
            w.u8(b ? TAG_TRUE : TAG_FALSE);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            w.u8(TAG_INT32);
            w.i32(((Number) value).intValue());
        } else if (value instanceof Long l) {
            if (Math.abs(l) > MAX_SAFE_INTEGER) {
                throw new Misfit("(" + l + ") is beyond 2^53 and cannot be a JavaScript number exactly");
            }
            w.u8(TAG_DOUBLE);
            w.f64(l.doubleValue());
        } else if (value instanceof Double || value instanceof Float) {
            w.u8(TAG_DOUBLE);
            w.f64(((Number) value).doubleValue());
        } else if (value instanceof BigInteger big) {
            BigIntegers.write(w, big);
        } else if (value instanceof Instant instant) {
            w.u8(TAG_DATE);
            w.f64((double) instant.toEpochMilli());
        } else if (value instanceof CharSequence || value instanceof Character) {
            // Fewer than 11 chars are fewer than 32 UTF-8 bytes: such strings are never numbered, skip the lookup.
            if (value instanceof CharSequence text && text.length() * 3 >= SHARED_STRING_MIN && w.sentBefore(value)) {
                return;
            }
            byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= SHARED_STRING_MIN) {
                w.numberDone(value);
            }
            w.u8(TAG_STRING);
            w.bytes(bytes);
        } else if (value instanceof byte[] bytes) {
            if (!w.sentBefore(value)) {
                w.numberDone(value);
                w.u8(TAG_BYTES);
                w.bytes(bytes);
            }
        } else if (value instanceof java.nio.ByteBuffer buffer) {
            if (!w.sentBefore(value)) {
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                w.numberDone(value);
                w.u8(TAG_BYTES);
                w.bytes(copy);
            }
        } else if (value instanceof List<?> || value instanceof Object[]) {
            if (w.sentBefore(value)) {
                return;
            }
            List<?> list = value instanceof List<?> l ? l : Arrays.asList((Object[]) value);
            int number = w.numberOpen(value);
            w.u8(TAG_ARRAY);
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
            w.u8(TAG_OBJECT);
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
                    + ", which has no Node-API counterpart (use null, Undefined, Boolean, Integer, Long, Double,"
                    + " String, byte[], ByteBuffer, List, Map or a JsObject of the same module instance)");
        }
    }

    /**
     * The result of a call: the value, or the addon's exception thrown as {@link AddonException}. The env's
     * warnings that follow the answer go to {@code warnings} first, whatever the outcome. A runtime failure's
     * message starts with {@code module.member} ({@code module} alone if member is null), put together only then:
     * a call that succeeds allocates nothing for it.
     */
    static Object decodeAnswer(byte[] answer, String module, String member,
            java.util.function.Consumer<String> warnings) {
        return decodeAnswer(answer, module, member, warnings, null);
    }

    /** As above; handles in the value are {@code handles}' (null: an answer that cannot hold any). */
    static Object decodeAnswer(byte[] answer, String module, String member,
            java.util.function.Consumer<String> warnings, HandleTable handles) {
        ByteBuffer in = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
        int first = in.get() & 0xFF;
        int outcome = first & ~OUTCOME_WARNINGS;
        Object value = null;
        RuntimeException failure = null;
        if (outcome == OUTCOME_OK) {
            value = new Reader(in, handles).value();
        } else {
            failure = failure(in, outcome, member == null ? module : module + "." + member);
        }
        if ((first & OUTCOME_WARNINGS) != 0) {
            warnings.accept((String) decode(in));
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    /**
     * The exception of an answer that is not {@link NativeContract#OUTCOME_OK}. The native primitive path calls
     * this (bridge.c, throw_answer), so that an addon's exception becomes a Java one in this one place.
     */
    static RuntimeException exceptionOf(byte[] answer) {
        ByteBuffer in = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
        return failure(in, in.get() & 0xFF & ~OUTCOME_WARNINGS, null);
    }

    /** {@code what} prefixes a runtime failure's message, if not null. */
    private static RuntimeException failure(ByteBuffer in, int outcome, String what) {
        switch (outcome) {
            case OUTCOME_THROWN: {
                String name = (String) decode(in);
                String message = (String) decode(in);
                Object code = decode(in);
                return new AddonException(message, code instanceof String text ? text : null, name, null);
            }
            case OUTCOME_FAILED:
                return new AddonException(what == null ? (String) decode(in) : what + ": " + decode(in));
            default:
                return new IllegalStateException("unknown outcome " + outcome + " from the native runtime");
        }
    }

    static Object decode(ByteBuffer in) {
        return new Reader(in, null).value();
    }

    /** Reads values from one answer, remembering the numbered ones so that a reference yields the same object. */
    private static final class Reader {
        private final ByteBuffer in;
        private final HandleTable handles;
        private List<Object> numbered; // made at the first numbered value

        Reader(ByteBuffer in, HandleTable handles) {
            this.in = in;
            this.handles = handles;
        }

        private Object handle() {
            long id = in.getLong();
            int kind = in.get();
            String text = null;
            if (kind == HANDLE_FUNCTION || kind == HANDLE_SYMBOL && in.get() != 0) {
                text = string(in);
            }
            if (handles == null) {
                throw new IllegalStateException("a handle in an answer that cannot hold one");
            }
            return handles.received(id, kind, text);
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
                case TAG_UNDEFINED:
                    return Undefined.INSTANCE;
                case TAG_NULL:
                    return null;
                case TAG_HANDLE:
                    return handle();
                case TAG_FALSE:
                    return Boolean.FALSE;
                case TAG_TRUE:
                    return Boolean.TRUE;
                case TAG_INT32:
                    return in.getInt();
                case TAG_DOUBLE: {
                    double d = in.getDouble();
                    // Integral numbers beyond int32 come back as Long while they are exact, as DESIGN.md says.
                    if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER && !(d == 0 && 1 / d < 0)) {
                        return (long) d;
                    }
                    return d;
                }
                case TAG_STRING: {
                    int length = in.getInt(in.position());
                    String s = string(in);
                    return length >= SHARED_STRING_MIN ? number(s) : s;
                }
                case TAG_BIGINT:
                    return BigIntegers.read(in);
                case TAG_DATE: {
                    double time = in.getDouble();
                    return Double.isNaN(time) ? null : Instant.ofEpochMilli((long) time); // an invalid Date: null
                }
                case TAG_BYTES: {
                    byte[] bytes = new byte[in.getInt()];
                    in.get(bytes);
                    return number(bytes);
                }
                case TAG_REF: {
                    int n = in.getInt();
                    if (numbered == null || n < 0 || n >= numbered.size()) {
                        throw new IllegalStateException("reference to value " + n + " not sent yet by the native"
                                + " runtime");
                    }
                    return numbered.get(n);
                }
                case TAG_ARRAY: {
                    int count = in.getInt();
                    List<Object> list = number(new ArrayList<>(Math.min(count, 1024)));
                    for (int i = 0; i < count; i++) {
                        list.add(value());
                    }
                    return list;
                }
                case TAG_OBJECT: {
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
    static final class Writer {
        final ConversionLimits limits;
        AddonImpl owner; // whose handles may be sent
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
            u8(TAG_REF);
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

        void i64(long v) {
            room(8);
            buffer.putLong(v);
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
