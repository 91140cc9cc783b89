package dev.addons.core;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java half of a context's event loop: no thread of its own. A wake-up schedules one drain on the runtime's
 * shared executor; at most one drain of a context is scheduled or running at a time, and a wake-up that arrives while
 * it runs makes it go round once more (so none is lost). The drain itself is {@link ContextImpl#drainLoops}: under
 * the context's lock, serialized with every call.
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

    void wake() {
        for (;;) {
            int s = state.get();
            if (s == AGAIN || s == SCHEDULED && state.compareAndSet(SCHEDULED, AGAIN)) {
                return;
            }
            if (s == IDLE && state.compareAndSet(IDLE, SCHEDULED)) {
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    state.set(IDLE); // the runtime closed: its contexts are closed or closing
                }
                return;
            }
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
