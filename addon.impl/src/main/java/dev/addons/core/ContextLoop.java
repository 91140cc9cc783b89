package dev.addons.core;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java half of a context's event loop: no thread of its own. At most one drain of a context is scheduled or
 * running at a time, and a wake-up that arrives while it runs makes it go round once more (so none is lost). The
 * drain itself is {@link ContextImpl#drainLoops}: under the context's lock, serialized with every call.
 *
 * <p>Where a drain runs (docs/async.md, "Where a drain runs"): a wake-up from a pool thread that just finished a
 * work drains right there if the context's lock is free (one thread hand-off fewer: pool thread, then the caller);
 * a wake-up raised by the thread that holds the lock (a call settled a promise) waits until that thread leaves the
 * lock, then drains on it ({@link #afterCall}), so that the drain neither runs nested in the call nor parks on its
 * lock; anything else, or a lock that is busy, schedules the drain on the runtime's executor.
 */
final class ContextLoop {

    private static final int IDLE = 0;
    private static final int SCHEDULED = 1; // queued on the executor, or running
    private static final int AGAIN = 2;     // running, and woken again since it started

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final ContextImpl context;
    private final Executor executor;

    ContextLoop(ContextImpl context, Executor executor) {
        this.context = context;
        this.executor = executor;
    }

    /**
     * Tasks or settlements wait. {@code drainHere}: the caller holds nothing (a pool thread after its work), so the
     * drain may run on it if the context's lock is free.
     */
    void wake(boolean drainHere) {
        for (;;) {
            int s = state.get();
            if (s == AGAIN || s == SCHEDULED && state.compareAndSet(SCHEDULED, AGAIN)) {
                return;
            }
            if (s != IDLE) {
                continue;
            }
            if (context.deferWakeIfLockHeld()) {
                return; // a call of this thread woke it: afterCall drains once the lock is left
            }
            if (state.compareAndSet(IDLE, SCHEDULED)) {
                if (!drainHere || !drainOnThisThread()) {
                    schedule();
                }
                return;
            }
        }
    }

    /** The thread that deferred a wake-up left the context's lock: the drain runs on it if the lock is free. */
    void afterCall() {
        wake(true);
    }

    /**
     * One round of the drain on the calling thread; false if the lock was busy or it was woken again meanwhile
     * (the caller schedules the rest, state still SCHEDULED: a pool thread does not stay to drain a busy loop).
     */
    private boolean drainOnThisThread() {
        try {
            if (!context.tryDrainLoops()) {
                return false;
            }
        } catch (RuntimeException | Error e) {
            context.drainFailed(e);
        }
        return state.compareAndSet(SCHEDULED, IDLE);
    }

    private void schedule() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            state.set(IDLE); // the runtime closed: its contexts are closed or closing
        }
    }

    private void drain() {
        do {
            state.set(SCHEDULED);
            try {
                context.drainLoops();
            } catch (RuntimeException | Error e) {
                context.drainFailed(e);
            }
        } while (!state.compareAndSet(SCHEDULED, IDLE));
    }
}
