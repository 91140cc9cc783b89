package dev.addons.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.addons.api.AddonException;
import dev.addons.api.JavaFunction;
import dev.addons.api.Undefined;

/**
 * The Java functions one module instance holds as JavaScript functions, by id (the payload of
 * {@link NativeContract#TAG_JAVA_FUNCTION}), and the two methods the native side calls: {@link #invoke} from a
 * function's trampoline, {@link #released} from its finalizer (bridge.c; see docs/callbacks.md).
 *
 * <p>An object keeps its id while the addon holds its function value, so passing it again gives the addon the same
 * function. The native side says when the value is freed; the context's close lets go of the rest. Every use is
 * on a thread holding the context's lock (a call, or the close), so the per-module map needs no lock of its own;
 * the map of all ids is concurrent because modules of different contexts register in parallel.
 */
final class JavaFunctions {

    /** Ids are unique in the JVM, so that one native upcall finds its function without naming the module. */
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final ConcurrentHashMap<Long, Registered> ALL = new ConcurrentHashMap<>();

    private record Registered(JavaFunction function, JavaFunctions owner) {
    }

    private final ContextImpl context;
    private final String module;
    // Guarded by the context lock. Small at first: most modules are passed few Java functions, or none, and the
    // default capacity (64 slots) would be kept by every idle context.
    private final IdentityHashMap<JavaFunction, Long> ids = new IdentityHashMap<>(4);
    /** Freed by the addon, still to be found by the answer being decoded: see {@link #purgeReleased}. */
    private final List<Long> released = new ArrayList<>(); // guarded by the context lock

    JavaFunctions(ContextImpl context, String module) {
        this.context = context;
        this.module = module;
    }

    /** The function's id, given now if it has none. */
    long idOf(JavaFunction function) {
        Long id = ids.get(function);
        if (id == null) {
            id = NEXT_ID.getAndIncrement();
            ids.put(function, id);
            ALL.put(id, new Registered(function, this));
        }
        return id;
    }

    /** How many Java functions the module holds now. */
    int size() {
        return ids.size();
    }

    /** The context closed: lets go of every function (the native side does not report each one then). */
    void clear() {
        for (Long id : ids.values()) {
            ALL.remove(id);
        }
        ids.clear();
        purgeReleased();
    }

    /**
     * Lets go of the functions the addon freed. Called after the answer of a call was decoded, with the context's
     * lock still held: a function in a result may be freed when the call's handles are released, before Java reads
     * the answer, and must still be found then.
     */
    void purgeReleased() {
        for (Long id : released) {
            ALL.remove(id);
        }
        released.clear();
    }

    /** The Java object behind an id the native side sent back, or a description if it was let go of already. */
    static Object lookup(long id) {
        Registered registered = ALL.get(id);
        return registered != null ? registered.function : "[Function: ]";
    }

    /** {@code null} returned, encoded: shared, never written to (bridge.c copies it out). */
    private static final byte[] NULL_RESULT = {(byte) NativeContract.OUTCOME_OK, NativeContract.TAG_NULL};

    /**
     * Called by a Java function's trampoline (bridge.c, call_java) inside a call into the module, on its thread:
     * {@code thisAndArguments} is the array {@code [this, ...args]} encoded as results are. Answers the result
     * encoded as arguments are, or the error to throw in the addon. Never throws.
     */
    static byte[] invoke(long id, byte[] thisAndArguments) {
        Registered registered = ALL.get(id);
        if (registered == null) {
            return ValueCodec.encodeThrown("Error", "this Java function was let go of (its context closed)", null);
        }
        try {
            Object[] all = ValueCodec.decodeArray(ByteBuffer.wrap(thisAndArguments).order(ByteOrder.nativeOrder()));
            Object result = registered.function.apply(all[0], Arrays.copyOfRange(all, 1, all.length));
            if (result == null) {
                return NULL_RESULT; // a callback's usual answer: no writer to make (the native side only reads it)
            }
            return ValueCodec.encodeResult(result, registered.owner.context.conversionLimits(), registered.owner);
        } catch (Throwable t) { // everything: the addon's stack must unwind through JavaScript, not past it
            return thrown(t);
        }
    }

    /** The answer of the last {@link #invokeScalar} on this thread that did not fit a long, until taken. */
    private static final ThreadLocal<byte[]> ANSWER_IN_BYTES = new ThreadLocal<>();
    private static final Object[] NO_ARGUMENTS = {};

    /**
     * Called by a Java function's trampoline (bridge.c, call_java) instead of {@link #invoke} when the receiver and
     * the arguments (at most {@link NativeContract#SCALAR_MAX_ARGS}) are all undefined, null, booleans or numbers:
     * they come as primitive parameters, no bytes and no codec. {@code shape} holds the argument count and each
     * slot's kind ({@link NativeContract#SCALAR_COUNT_BITS}); a slot holds an int32 or a double's bits. Answers
     * the result as a long ({@link #scalarAnswer}); anything else (an object, a string, a thrown error) is encoded
     * as by {@link #invoke} and left for {@link #takeAnswer}, which the native side calls next, before any other
     * Java code runs on this thread (so a nested call cannot overwrite it). Never throws.
     */
    static long invokeScalar(long id, int shape, long self, long a0, long a1, long a2) {
        Registered registered = ALL.get(id);
        if (registered == null) {
            return inBytes(ValueCodec.encodeThrown("Error", "this Java function was let go of (its context closed)",
                    null));
        }
        try {
            int count = shape & ((1 << NativeContract.SCALAR_COUNT_BITS) - 1);
            Object[] args = count == 0 ? NO_ARGUMENTS : new Object[count];
            if (count > 0) {
                args[0] = scalar(shape, 1, a0);
            }
            if (count > 1) {
                args[1] = scalar(shape, 2, a1);
            }
            if (count > 2) {
                args[2] = scalar(shape, 3, a2);
            }
            Object result = registered.function.apply(scalar(shape, 0, self), args);
            return scalarAnswer(result, registered.owner);
        } catch (Throwable t) { // everything: the addon's stack must unwind through JavaScript, not past it
            return inBytes(thrown(t));
        }
    }

    /** Slot {@code slot} (0 the receiver) of a scalar call, as the codec would have decoded it. */
    private static Object scalar(int shape, int slot, long bits) {
        int bitsPerKind = NativeContract.SCALAR_KIND_BITS;
        int kind = (shape >>> (NativeContract.SCALAR_COUNT_BITS + slot * bitsPerKind)) & ((1 << bitsPerKind) - 1);
        switch (kind) {
            case NativeContract.TAG_UNDEFINED:
                return Undefined.INSTANCE;
            case NativeContract.TAG_NULL:
                return null;
            case NativeContract.TAG_FALSE:
                return Boolean.FALSE;
            case NativeContract.TAG_TRUE:
                return Boolean.TRUE;
            case NativeContract.TAG_INT32:
                return (int) bits;
            case NativeContract.TAG_DOUBLE:
                return ValueCodec.fromDouble(Double.longBitsToDouble(bits));
            default:
                throw new IllegalStateException("scalar kind " + kind + " from the native runtime");
        }
    }

    /**
     * The result of a scalar call as a long: a Double as its bits, null, undefined, a Boolean or an Integer tagged
     * ({@link NativeContract#SCALAR_TAGGED}); anything else encoded as {@link #invoke} does, to be taken.
     */
    private static long scalarAnswer(Object result, JavaFunctions owner) {
        if (result == null) {
            return tagged(NativeContract.TAG_NULL, 0);
        } else if (result instanceof Double d) {
            return Double.doubleToLongBits(d); // every NaN as the canonical one: never mistaken for a tagged answer
        } else if (result instanceof Integer i) {
            return tagged(NativeContract.TAG_INT32, i);
        } else if (result instanceof Boolean b) {
            return tagged(b ? NativeContract.TAG_TRUE : NativeContract.TAG_FALSE, 0);
        } else if (result == Undefined.INSTANCE) {
            return tagged(NativeContract.TAG_UNDEFINED, 0);
        }
        return inBytes(ValueCodec.encodeResult(result, owner.context.conversionLimits(), owner));
    }

    private static long tagged(int tag, int value) {
        return NativeContract.SCALAR_TAGGED | (long) tag << 32 | (value & 0xFFFF_FFFFL);
    }

    private static long inBytes(byte[] answer) {
        ANSWER_IN_BYTES.set(answer);
        return tagged(NativeContract.SCALAR_IN_BYTES, 0);
    }

    /** The answer {@link #invokeScalar} left in bytes on this thread (bridge.c calls it right after); never null. */
    static byte[] takeAnswer() {
        byte[] answer = ANSWER_IN_BYTES.get();
        ANSWER_IN_BYTES.remove();
        return answer != null ? answer
                : ValueCodec.encodeThrown("Error", "a Java function's answer was lost (taken twice)", null);
    }

    /** A Java exception as a JavaScript error: "Error" and its message; an AddonException keeps name and code. */
    private static byte[] thrown(Throwable t) {
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        if (t instanceof AddonException a) {
            String name = a.errorName() == null || a.errorName().isEmpty() ? "Error" : a.errorName();
            return ValueCodec.encodeThrown(name, message, a.code());
        }
        return ValueCodec.encodeThrown("Error", message, null);
    }

    /**
     * Called by a Java function's finalizer (bridge.c, java_released): the addon freed the function value. Passed
     * again, the object gets a new id (and the addon a new function); the old id goes at {@link #purgeReleased}.
     */
    static void released(long id) {
        Registered registered = ALL.get(id);
        if (registered == null) {
            return;
        }
        // Compared by value: IdentityHashMap.remove(key, value) compares values by identity since JDK 20, and this
        // boxed id is not the instance the map holds.
        Long current = registered.owner.ids.get(registered.function);
        if (current != null && current == id) {
            registered.owner.ids.remove(registered.function);
            registered.owner.released.add(id);
        }
    }

    @Override
    public String toString() {
        return "JavaFunctions[" + module + ", " + ids.size() + "]";
    }
}
