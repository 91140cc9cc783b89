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
import dev.addons.api.TypedArray;
import dev.addons.api.JavaFunction;
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
import static dev.addons.core.NativeContract.TAG_JAVA_FUNCTION;
import static dev.addons.core.NativeContract.TAG_NULL;
import static dev.addons.core.NativeContract.TAG_OBJECT;
import static dev.addons.core.NativeContract.TAG_PROMISE;
import static dev.addons.core.NativeContract.PROMISE_FULFILLED;
import static dev.addons.core.NativeContract.PROMISE_REJECTED;
import static dev.addons.core.NativeContract.TAG_REF;
import static dev.addons.core.NativeContract.TAG_STRING;
import static dev.addons.core.NativeContract.TAG_TRUE;
import static dev.addons.core.NativeContract.TAG_TYPED_ARRAY;
import static dev.addons.core.NativeContract.TAG_UNDEFINED;

/**
 * Converts Java values to the wire format of the native side and back (the format is described in
 * {@code addon.native/src/main/c/codec.h}; its numbers are {@link NativeContract}'s, shared with the C code).
 */
final class ValueCodec {

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** ECMAScript's time values: at most 100,000,000 days either side of the epoch. */
    private static final long MAX_TIME_VALUE = 8_640_000_000_000_000L;
    /** The arguments of one call are one Java byte array: each binary value must leave room for the rest. */
    private static final long MAX_BINARY_BYTES = Integer.MAX_VALUE - 1024;

    private ValueCodec() {
    }

    /**
     * Encodes call arguments: a u32 count, then each value. A List, Map, array or byte[] passed more than once
     * (anywhere in the arguments) is sent once and arrives as one napi_value; one containing itself is refused.
     * A {@link JavaFunction} gets its id when the context's lock is held ({@link Arguments#resolve}). Handles are
     * refused: they are sent by the calls that know their owner (the other overloads).
     */
    static Arguments encodeArguments(Object[] args, ConversionLimits limits, String module, String function) {
        Writer w = new Writer(limits, null);
        encodeArguments(w, args, module, function);
        return new Arguments(w.toArray(), w.functions, w.functionAt);
    }

    /**
     * Encodes the arguments of an operation on a handle, under the context's lock: Java functions get their ids from
     * {@code registry} at once; a handle ({@link JsHandleImpl}) must belong to {@code owner} and be live, and
     * arrives as its value.
     */
    static byte[] encodeArguments(Object[] args, ConversionLimits limits, String module, String function,
            AddonImpl owner, JavaFunctions registry) {
        Writer w = new Writer(limits, registry);
        w.owner = owner;
        encodeArguments(w, args, module, function);
        return w.toArray();
    }

    /**
     * The same into {@code w} (a call's transport, reset for this call under the context's lock, with the registry
     * that gives Java functions their ids at once).
     */
    static void encodeArguments(Writer w, Object[] args, String module, String function) {
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
    }

    /**
     * Encoded arguments, and where the ids of their Java functions go. The ids are given under the context's lock,
     * in the same hold as the call: a function value the addon frees meanwhile (on another thread's call) would
     * otherwise take an id with it that these bytes still name.
     */
    static final class Arguments {
        private final byte[] bytes;
        private final List<JavaFunction> functions; // null: none
        private final int[] functionAt;

        private Arguments(byte[] bytes, List<JavaFunction> functions, int[] functionAt) {
            this.bytes = bytes;
            this.functions = functions;
            this.functionAt = functionAt;
        }

        /** The bytes with each Java function's id in place; call with the context's lock held. */
        byte[] resolve(JavaFunctions registry) {
            if (functions != null) {
                ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
                for (int i = 0; i < functions.size(); i++) {
                    b.putLong(functionAt[i], registry.idOf(functions.get(i)));
                }
            }
            return bytes;
        }
    }

    /**
     * The answer of a Java function to the addon (what bridge.c's decode_java_answer reads): {@code OUTCOME_OK}
     * and the result converted as arguments are, or, if it cannot be, an error thrown in the addon.
     */
    static byte[] encodeResult(Object result, ConversionLimits limits, JavaFunctions registry) {
        Writer w = new Writer(limits, registry);
        w.u8((byte) OUTCOME_OK);
        try {
            encode(w, result, 0);
        } catch (Misfit m) {
            return encodeThrown("Error", "a Java function returned a value that cannot be converted: result" + m.where
                    + " " + m.problem, null);
        }
        return w.toArray();
    }

    /**
     * A number the native side sent as {@link NativeContract#TAG_DOUBLE}: integral numbers beyond int32 come back
     * as Long while they are exact, as DESIGN.md says; the rest (fractions, -0, NaN, infinities) as Double.
     */
    static Object fromDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER && !(d == 0 && 1 / d < 0)) {
            return (long) d;
        }
        return d;
    }

    /** {@code OUTCOME_THROWN}, then name, message and code (or undefined): a JavaScript error to throw. */
    static byte[] encodeThrown(String name, String message, String code) {
        Writer w = new Writer(ConversionLimits.defaults(), null);
        w.u8((byte) OUTCOME_THROWN);
        w.string(name);
        w.string(message);
        if (code == null) {
            w.u8(TAG_UNDEFINED);
        } else {
            w.string(code);
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
            // A Date holds whole milliseconds: the sub-millisecond part is dropped (floor, as toEpochMilli does).
            long seconds = instant.getEpochSecond();
            long millis = Math.abs(seconds) > MAX_TIME_VALUE ? seconds : seconds * 1000 + instant.getNano() / 1_000_000;
            if (Math.abs(millis) > MAX_TIME_VALUE) {
                throw new Misfit("(" + instant + ") is outside the range of a JavaScript Date (100,000,000 days"
                        + " either side of 1970-01-01)");
            }
            w.u8(TAG_DATE);
            w.f64((double) millis);
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
        } else if (value instanceof TypedArray typed) {
            if (!w.sentBefore(value)) {
                w.numberDone(value);
                TypedArrays.write(w, typed);
            }
        } else if (TypedArrays.kindOfArray(value) != null) {
            if (!w.sentBefore(value)) {
                TypedArray.Kind kind = TypedArrays.kindOfArray(value);
                long bytes = (long) TypedArrays.length(value) * kind.bytesPerElement();
                if (bytes > MAX_BINARY_BYTES) {
                    throw new Misfit("(" + bytes + " bytes as a " + kind.jsName() + ") is too large to pass");
                }
                w.numberDone(value);
                TypedArrays.writeArray(w, value, kind);
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
        } else if (value instanceof JavaFunction function) {
            w.u8(TAG_JAVA_FUNCTION);
            w.javaFunction(function);
        } else {
            throw new Misfit("has type " + value.getClass().getName()
                    + ", which has no Node-API counterpart (use null, Undefined, Boolean, Integer, Long, Double,"
                    + " String, BigInteger, Instant, byte[], ByteBuffer, int[], double[], float[], short[], char[],"
                    + " long[],"
                    + " TypedArray, List, Map, JavaFunction or a JsObject of the same module instance)");
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
        return decodeAnswer(answer, module, member, warnings, null, null);
    }

    /**
     * As above; a promise in the value becomes the future {@code promises} claims for its ticket, handles are
     * {@code handles}' (null: an answer that cannot hold any).
     */
    static Object decodeAnswer(byte[] answer, String module, String member,
            java.util.function.Consumer<String> warnings, PromiseFutures promises, HandleTable handles) {
        ByteBuffer in = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
        return decodeAnswer(in, new Reader(), module, member, warnings, promises, handles);
    }

    /** The same from {@code in} (native order, positioned at the outcome) with a reader that can be reused. */
    static Object decodeAnswer(ByteBuffer in, Reader reader, String module, String member,
            java.util.function.Consumer<String> warnings, PromiseFutures promises, HandleTable handles) {
        int first = in.get() & 0xFF;
        int outcome = first & ~OUTCOME_WARNINGS;
        Object value = null;
        RuntimeException failure = null;
        if (outcome == OUTCOME_OK) {
            value = reader.start(in, promises, handles).value();
        } else {
            failure = failure(in, outcome, member == null ? module : module + "." + member, promises, handles);
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
        return failure(in, in.get() & 0xFF & ~OUTCOME_WARNINGS, null, null, null); // C sent no handle (bridge.c)
    }

    /**
     * {@code what} prefixes a runtime failure's message, if not null. A thrown value is read with {@code promises}
     * and {@code handles} as a result would be (null where the runtime sends none).
     */
    private static RuntimeException failure(ByteBuffer in, int outcome, String what, PromiseFutures promises,
            HandleTable handles) {
        switch (outcome) {
            case OUTCOME_THROWN: {
                String name = (String) decode(in);
                String message = (String) decode(in);
                Object code = decode(in);
                String codeText = code instanceof String text ? text : null;
                if (in.get() == 0) { // the value could not be converted: the exception crosses without it
                    return new AddonException(message, codeText, name, null);
                }
                Object value = new Reader().start(in, promises, handles).value();
                return new AddonException(message, codeText, name, null, value);
            }
            case OUTCOME_FAILED:
                return new AddonException(what == null ? (String) decode(in) : what + ": " + decode(in));
            default:
                return new IllegalStateException("unknown outcome " + outcome + " from the native runtime");
        }
    }

    static Object decode(ByteBuffer in) {
        return new Reader().start(in, null, null).value();
    }

    /** An encoded array (a Java function's receiver and arguments) as an Object[], with no List in between. */
    static Object[] decodeArray(ByteBuffer in) {
        return new Reader().start(in, null, null).array();
    }

    /**
     * A drain's answer (NativeBridge.drainLoop): the settlements of promises, each claimed from {@code promises}
     * and added to {@code completions} as the action that completes its future (run outside the context's lock);
     * the warnings go to {@code warnings}.
     */
    static void decodeSettlements(byte[] answer, String module, java.util.function.Consumer<String> warnings,
            PromiseFutures promises, HandleTable handles, List<Runnable> completions) {
        ByteBuffer in = ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder());
        int first = in.get() & 0xFF;
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            java.util.concurrent.CompletableFuture<Object> future = promises.claim(in.getLong());
            int state = in.get();
            if (state == PROMISE_FULFILLED) {
                Object value = new Reader().start(in, promises, handles).value();
                completions.add(() -> future.complete(value));
            } else {
                RuntimeException e = state == PROMISE_REJECTED ? failure(in, OUTCOME_THROWN, null, promises, handles)
                        : new AddonException(module + ": a promise was fulfilled with " + decode(in));
                completions.add(() -> future.completeExceptionally(e));
            }
        }
        if ((first & OUTCOME_WARNINGS) != 0) {
            warnings.accept((String) decode(in));
        }
    }

    /**
     * Reads values from one answer, remembering the numbered ones so that a reference yields the same object. A
     * call's transport keeps one and {@link #start}s it for each answer, so that a call makes no reader.
     */
    static final class Reader {
        private static final int SCRATCH_KEPT = 64 * 1024;
        private ByteBuffer in;
        private PromiseFutures promises; // null: no promise may come (arguments, exceptions)
        private HandleTable handles; // null: no handle may come
        private List<Object> numbered; // made at the first numbered value
        private byte[] scratch = new byte[0]; // a direct buffer's string bytes on their way to a String

        /** Ready to read a new answer from {@code in}: no numbered value of a previous one is reachable. */
        /** Lets go of the last answer: its buffer, tables and values (a reader kept between calls pins nothing). */
        void forget() {
            in = null;
            promises = null;
            handles = null;
            if (numbered != null) {
                numbered.clear();
            }
        }

        Reader start(ByteBuffer in, PromiseFutures promises, HandleTable handles) {
            this.in = in;
            this.promises = promises;
            this.handles = handles;
            if (numbered != null) {
                if (numbered.size() > 256) {
                    numbered = null; // a large answer's list is not kept
                } else {
                    numbered.clear();
                }
            }
            if (scratch.length > SCRATCH_KEPT) {
                scratch = new byte[0];
            }
            return this;
        }

        /**
         * Hides the outer {@link ValueCodec#string}: a direct buffer has no array, so its bytes are copied into a
         * scratch array kept by this reader (a String made from it copies them once more, but makes no array of
         * its own beyond that).
         */
        private String string(ByteBuffer in) {
            if (in.hasArray()) {
                return ValueCodec.string(in);
            }
            int length = in.getInt();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, 64)];
            }
            in.get(scratch, 0, length);
            return new String(scratch, 0, length, StandardCharsets.UTF_8);
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

        /** An array value as an Object[]: numbered as {@link #value} numbers a List, so references still match. */
        Object[] array() {
            byte tag = in.get();
            int count = in.getInt();
            if (tag != TAG_ARRAY || count < 0 || count > in.remaining()) {
                throw new IllegalStateException("an array expected from the native runtime, got tag " + tag);
            }
            Object[] values = number(new Object[count]);
            for (int i = 0; i < count; i++) {
                values[i] = value();
            }
            return values;
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
                case TAG_DOUBLE:
                    return fromDouble(in.getDouble());
                case TAG_STRING: {
                    int length = in.getInt(in.position());
                    String s = string(in);
                    return length >= SHARED_STRING_MIN ? number(s) : s;
                }
                case TAG_JAVA_FUNCTION:
                    return JavaFunctions.lookup(in.getLong());
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
                case TAG_TYPED_ARRAY:
                    return number(TypedArrays.read(in));
                case TAG_PROMISE: {
                    long ticket = in.getLong();
                    if (promises == null || ticket == 0) {
                        return java.util.concurrent.CompletableFuture.failedFuture(new AddonException(
                                ticket == 0 ? "out of memory while a promise crossed" : "a promise cannot cross here"));
                    }
                    return promises.claim(ticket);
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
        ConversionLimits limits;
        AddonImpl owner; // whose handles may be sent
        long values;
        private ByteBuffer buffer;
        /*
         * The values sent in full so far, by identity, to their number (see codec.h); ~number while a container's
         * contents are being written, so that meeting it then is a cycle. Made at the first numbered value.
         */
        private IdentityHashMap<Object, Integer> numbers;
        private int nextNumber;
        /** Gives Java functions their ids now; null: later, see {@link Arguments#resolve}. */
        private JavaFunctions registry;
        List<JavaFunction> functions; // the Java functions whose id is still to be written, made at the first one
        int[] functionAt;

        Writer(ConversionLimits limits, JavaFunctions registry) {
            this.limits = limits;
            this.registry = registry;
            this.buffer = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        }

        /** A writer into {@code buffer} (direct or not: it grows into one of the same kind), see {@link #reset}. */
        Writer(ByteBuffer buffer) {
            this.buffer = buffer.order(ByteOrder.nativeOrder());
        }

        /**
         * Ready for a new call's arguments, written from the start of the buffer. The numbering of shared values
         * starts again; its table is kept unless a large call made it large.
         */
        /** Lets go of the call's owner and registry (a transport kept between calls must not pin a module). */
        void forget() {
            owner = null;
            registry = null;
        }

        void reset(ConversionLimits limits, JavaFunctions registry) {
            this.limits = limits;
            this.registry = registry;
            values = 0;
            nextNumber = 0;
            if (numbers != null) {
                if (numbers.size() > 256) {
                    numbers = null;
                } else {
                    numbers.clear();
                }
            }
            buffer.clear();
        }

        /** The buffer written into: a new, larger one after {@link #room} outgrew the first. */
        ByteBuffer buffer() {
            return buffer;
        }

        /** Makes the buffer {@code buffer} (from the start, empty), e.g. after a large call. */
        void use(ByteBuffer buffer) {
            this.buffer = buffer.order(ByteOrder.nativeOrder());
        }

        int position() {
            return buffer.position();
        }

        /**
         * Writes an export's name as UTF-8 with no length or tag (what C compares with the exports' keys); answers
         * its length in bytes. ASCII, the usual case, is written as it is read, without an array.
         */
        int name(String name) {
            int start = buffer.position();
            int n = name.length();
            room(n);
            for (int i = 0; i < n; i++) {
                char c = name.charAt(i);
                if (c == 0 || c >= 0x80) {
                    buffer.position(start);
                    return utf8Name(name);
                }
                buffer.put((byte) c);
            }
            return n;
        }

        /** A name that is not ASCII: UTF-8, with NUL as C0 80 (as JNI's modified UTF-8): it ends no C string. */
        private int utf8Name(String name) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            int nuls = 0;
            for (byte b : utf8) {
                nuls += b == 0 ? 1 : 0;
            }
            room(utf8.length + nuls);
            for (byte b : utf8) {
                if (b == 0) {
                    buffer.put((byte) 0xC0).put((byte) 0x80);
                } else {
                    buffer.put(b);
                }
            }
            return utf8.length + nuls;
        }

        /** A Java function's id: written now, or a place kept for it. Not numbered: its id is its identity. */
        void javaFunction(JavaFunction function) {
            if (registry != null) {
                i64(registry.idOf(function));
                return;
            }
            if (functions == null) {
                functions = new ArrayList<>();
                functionAt = new int[4];
            } else if (functions.size() == functionAt.length) {
                functionAt = Arrays.copyOf(functionAt, functionAt.length * 2);
            }
            room(8);
            functionAt[functions.size()] = buffer.position();
            functions.add(function);
            buffer.putLong(0);
        }

        void string(String s) {
            u8(TAG_STRING);
            bytes(s.getBytes(StandardCharsets.UTF_8));
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
                int capacity = Math.max(buffer.capacity() * 2, buffer.position() + n);
                ByteBuffer bigger = (buffer.isDirect() ? ByteBuffer.allocateDirect(capacity)
                        : ByteBuffer.allocate(capacity)).order(ByteOrder.nativeOrder());
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

        /**
         * Writes the tag, kind and byte length of a typed array and makes room for its bytes: the region returned
         * (in native order) is where they go.
         */
        ByteBuffer typedArray(byte kind, int byteLength) {
            u8(TAG_TYPED_ARRAY);
            u8(kind);
            u32(byteLength);
            room(byteLength);
            ByteBuffer region = buffer.slice(buffer.position(), byteLength).order(ByteOrder.nativeOrder());
            buffer.position(buffer.position() + byteLength);
            return region;
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
