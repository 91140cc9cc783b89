package dev.addons.core;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.addons.core.NativeContract.HANDLE_EXTERNAL;
import static dev.addons.core.NativeContract.HANDLE_FUNCTION;
import static dev.addons.core.NativeContract.HANDLE_OBJECT;
import static dev.addons.core.NativeContract.HANDLE_SYMBOL;

/**
 * The Java side of one module instance's handles (C: handles.h): one handle object per id while Java reaches it,
 * and for each how many times the runtime sent its id, which is what that object gives back when it is released.
 *
 * <p>Releases are queued, by {@link JsHandleImpl#release} or by the {@link Cleaner} once a handle is unreachable
 * (never touching the env from the Cleaner's thread), and sent to the runtime by {@link #drain} under the
 * context's lock, at the next entry into the context. A handle collected while the same value is sent again gets
 * a new handle object with the same id; the queued release gives back only what the old object received, so the
 * value stays alive for the new one.
 */
final class HandleTable {

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "addon-handle-cleaner");
        t.setDaemon(true);
        return t;
    });

    /** What a handle object received, shared with its Cleaner action (which must not reach the handle). */
    static final class State implements Runnable {
        final long id;
        private final HandleTable table;
        int received; // guarded by table
        boolean released; // guarded by table

        State(HandleTable table, long id) {
            this.table = table;
            this.id = id;
        }

        /** The Cleaner's action, or an explicit release: queues the give-back once. */
        @Override
        public void run() {
            table.queueRelease(this);
        }
    }

    private final AddonImpl addon;
    private final Map<Long, WeakReference<JsHandleImpl>> live = new HashMap<>(); // guarded by this
    private List<long[]> queued = new ArrayList<>(); // (id, count) pairs, guarded by this
    private boolean closed; // guarded by this

    HandleTable(AddonImpl addon) {
        this.addon = addon;
    }

    /** A handle id read from an answer: the handle object Java has for it, or a new one. */
    synchronized JsHandleImpl received(long id, int kind, String text) {
        WeakReference<JsHandleImpl> ref = live.get(id);
        JsHandleImpl handle = ref == null ? null : ref.get();
        if (handle != null && !handle.state.released) {
            handle.state.received++;
            return handle;
        }
        State state = new State(this, id);
        state.received = 1;
        handle = make(kind, state, text);
        live.put(id, new WeakReference<>(handle));
        handle.cleanable = CLEANER.register(handle, state);
        if (closed) { // an answer decoded after the context closed: the runtime let go of everything already
            state.released = true;
        }
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

    private void queueRelease(State state) {
        synchronized (this) {
            if (state.released) {
                return;
            }
            state.released = true;
            WeakReference<JsHandleImpl> ref = live.get(state.id);
            JsHandleImpl current = ref == null ? null : ref.get();
            if (current == null || current.state == state) {
                live.remove(state.id); // only if no newer handle object took the id meanwhile
            }
            queued.add(new long[] {state.id, state.received});
        }
        addon.releasesQueued();
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
        for (WeakReference<JsHandleImpl> ref : live.values()) {
            JsHandleImpl handle = ref.get();
            if (handle != null) {
                handle.state.released = true;
            }
        }
        live.clear();
        queued.clear();
    }

    synchronized boolean isReleased(State state) {
        return state.released;
    }

    /** Handle objects Java holds now (tests). */
    synchronized int liveCount() {
        live.values().removeIf(ref -> ref.get() == null);
        return live.size();
    }
}
