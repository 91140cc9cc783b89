package dev.addons.core;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.addons.core.NativeContract.HANDLE_EXTERNAL;
import static dev.addons.core.NativeContract.HANDLE_FUNCTION;
import static dev.addons.core.NativeContract.HANDLE_OBJECT;
import static dev.addons.core.NativeContract.HANDLE_SYMBOL;

/**
 * The Java side of one module instance's handles (C: handles.h): one handle object per id while Java reaches it,
 * and for each how many times the runtime sent its id, which is what that object gives back when it is released.
 *
 * <p>Releases are queued, by {@link JsHandleImpl#release} or once the garbage collector finds a handle unreachable,
 * and sent to the runtime under the context's lock at the next entry into the context. A handle collected while
 * the same value is sent again gets a new handle object with the same id; the queued release gives back only what
 * the old object received, so the value stays alive for the new one.
 *
 * <p>Collection is noticed through the context's {@link ReferenceQueue}, polled by the context at each entry,
 * rather than by a {@link java.lang.ref.Cleaner}: a Cleaner's thread would capture the creating code's access
 * control context (Java 17), whose protection domains keep the runtime bundle's class loader reachable after a
 * refresh (docs/runtime-refresh.md). The release happens at the same moment either way, the next entry, and no
 * thread but the caller's ever touches the env or this table's queue of give-backs unsynchronized.
 */
final class HandleTable {

    /** What one handle object received; the handle holds it, and so does its {@link Collected} reference. */
    static final class State {
        final long id;
        int received; // guarded by the table
        boolean released; // guarded by the table
        Collected collected; // guarded by the table; null once released

        State(long id) {
            this.id = id;
        }
    }

    /** Enqueued by the garbage collector once its handle is unreachable. Kept reachable by the table until then. */
    static final class Collected extends PhantomReference<JsHandleImpl> {
        final HandleTable table;
        final State state;

        Collected(JsHandleImpl handle, HandleTable table, ReferenceQueue<Object> queue) {
            super(handle, queue);
            this.table = table;
            this.state = handle.state;
        }
    }

    private final AddonImpl addon;
    private final ReferenceQueue<Object> collectedHandles;
    private final Map<Long, WeakReference<JsHandleImpl>> live = new HashMap<>(); // guarded by this
    /** The references of handles not released yet: a reference must stay reachable to be enqueued. */
    private final Set<Collected> watched = new HashSet<>(); // guarded by this (identity: Reference keeps equals)
    private List<long[]> queued = new ArrayList<>(); // (id, count) pairs, guarded by this
    private boolean closed; // guarded by this

    HandleTable(AddonImpl addon, ReferenceQueue<Object> collectedHandles) {
        this.addon = addon;
        this.collectedHandles = collectedHandles;
    }

    /** A handle id read from an answer: the handle object Java has for it, or a new one. */
    synchronized JsHandleImpl received(long id, int kind, String text) {
        WeakReference<JsHandleImpl> ref = live.get(id);
        JsHandleImpl handle = ref == null ? null : ref.get();
        if (handle != null && !handle.state.released) {
            handle.state.received++;
            return handle;
        }
        State state = new State(id);
        state.received = 1;
        handle = make(kind, state, text);
        if (closed) { // an answer decoded after the context closed: the runtime let go of everything already
            state.released = true;
            return handle;
        }
        live.put(id, new WeakReference<>(handle));
        state.collected = new Collected(handle, this, collectedHandles);
        watched.add(state.collected);
        return handle;
    }

    private JsHandleImpl make(int kind, State state, String text) {
        switch (kind) {
            case HANDLE_OBJECT:
                return new JsObjectImpl(addon, state);
            case HANDLE_FUNCTION:
                return new JsFunctionImpl(addon, state, text);
            case HANDLE_SYMBOL:
                return new JsSymbolImpl(addon, state, text);
            case HANDLE_EXTERNAL:
                return new JsExternalImpl(addon, state);
            default:
                throw new IllegalStateException("unknown handle kind " + kind + " from the native runtime");
        }
    }

    /**
     * Queues the give-back of what {@code state}'s handle received, once: an explicit release, or its handle was
     * collected. Answers false if it was released already.
     */
    synchronized boolean queueRelease(State state) {
        if (state.released) {
            return false;
        }
        state.released = true;
        if (state.collected != null) {
            state.collected.clear(); // an explicit release: the collector need not enqueue it any more
            watched.remove(state.collected);
            state.collected = null;
        }
        WeakReference<JsHandleImpl> ref = live.get(state.id);
        JsHandleImpl current = ref == null ? null : ref.get();
        if (current == null || current.state == state) {
            live.remove(state.id); // only if no newer handle object took the id meanwhile
        }
        queued.add(new long[] {state.id, state.received});
        return true;
    }

    /** The queued give-backs, taken (an empty list if none). Called under the context's lock. */
    synchronized List<long[]> takeQueued() {
        if (queued.isEmpty()) {
            return List.of();
        }
        List<long[]> taken = queued;
        queued = new ArrayList<>();
        return taken;
    }

    /** The context closed: the runtime let go of every value; every handle is released, nothing is queued. */
    synchronized void close() {
        closed = true;
        for (Collected reference : watched) {
            reference.state.released = true;
            reference.state.collected = null;
            reference.clear();
        }
        watched.clear();
        live.clear();
        queued.clear();
    }

    synchronized boolean isReleased(State state) {
        return state.released;
    }
}
