package dev.addons.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.addons.api.AddonException;
import dev.addons.api.JavaFunction;

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
    private final IdentityHashMap<JavaFunction, Long> ids = new IdentityHashMap<>(); // guarded by the context lock
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
            List<?> all = (List<?>) ValueCodec.decode(ByteBuffer.wrap(thisAndArguments).order(ByteOrder.nativeOrder()));
            Object result = registered.function.apply(all.get(0), all.subList(1, all.size()).toArray());
            if (result == null) {
                return NULL_RESULT; // a callback's usual answer: no writer to make (the native side only reads it)
            }
            return ValueCodec.encodeResult(result, registered.owner.context.conversionLimits(), registered.owner);
        } catch (Throwable t) { // everything: the addon's stack must unwind through JavaScript, not past it
            return thrown(t);
        }
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
