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
 * work drains right there if the context's lock is free (one thread hand-off fewer); if the lock is held, or the
 * wake-up came from the thread holding it (a call settled a promise), the drain is owed to the holder, which runs
 * it once it has left the lock ({@link ContextImpl}'s unlock), so that the drain neither runs nested in a call nor
 * parks on its lock; any other wake-up schedules the drain on the runtime's executor.
 */
final class ContextLoop {

    private static final int IDLE = 0;
    private static final int SCHEDULED = 1; // scheduled, owed to the lock's holder, or running
    private static final int AGAIN = 2;     // running, and woken again since it started

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final ContextImpl context;
    private final Executor executor;

    ContextLoop(ContextImpl context, Executor executor) {
        this.context = context;
        this.executor = executor;
    }

    /**
     * Tasks or settlements wait. {@code fromPool}: the caller is a pool thread that holds nothing, so the drain may
     * run on it; other threads (a native thread calling a thread-safe function, whose call_js must not run inside
     * that call) schedule it.
     */
    void wake(boolean fromPool) {
        for (;;) {
            int s = state.get();
            if (s == AGAIN || s == SCHEDULED && state.compareAndSet(SCHEDULED, AGAIN)) {
                return;
            }
            if (s == IDLE && state.compareAndSet(IDLE, SCHEDULED)) {
                if (context.isLockedByCurrentThread()) {
                    context.oweDrain(); // a call of this thread woke it: it drains once it has left the lock
                } else if (fromPool) {
                    drainHereOrOwe();
                } else {
                    schedule();
                }
                return;
            }
        }
    }

    /**
     * Runs the drain (state SCHEDULED) on this thread, which holds no lock of the context: now if the lock is free;
     * else it is owed to the thread holding it, whose unlock takes it over. If the holder let go before it could see
     * the debt, the debt is taken back and the drain scheduled: it is run exactly once.
     */
    void drainHereOrOwe() {
        try {
            if (context.tryDrainLoops()) {
                endRound();
                return;
            }
        } catch (RuntimeException | Error e) {
            context.drainFailed(e);
            endRound();
            return;
        }
        context.oweDrain();
        if (!context.isLocked() && context.takeOwedDrain()) {
            schedule();
        }
    }

    /** One round done on a borrowed thread: woken again meanwhile, the next rounds go to the executor. */
    private void endRound() {
        if (!state.compareAndSet(SCHEDULED, IDLE)) {
            schedule();
        }
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
