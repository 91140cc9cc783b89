package dev.addons.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the native runtime's wake-ups land (docs/async.md): {@link #wake} is called by {@code bridge.c} from any
 * thread (a pool thread that finished an async work, or a call that settled a promise Java holds a future of) with
 * the env that has work waiting; it hands it to that env's {@link ContextLoop}, which drains there or schedules the
 * drain (docs/async.md, "Where a drain runs"). Also counts the runtimes of this class loader, which share the
 * process-wide native pool of async work threads.
 */
final class EventLoops {

    /** The context of each live env: registered before the module's init runs, removed when the env is freed. */
    private static final ConcurrentHashMap<Long, ContextImpl> CONTEXTS = new ConcurrentHashMap<>();
    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private EventLoops() {
    }

    static void register(long env, ContextImpl context) {
        CONTEXTS.put(env, context);
    }

    static void unregister(long env) {
        CONTEXTS.remove(env);
    }

    /**
     * Called by the native runtime; must not throw, and blocks on nothing (a drain it runs takes the context's lock
     * only if it is free). An env freed already is ignored. {@code fromPool}: the caller is a pool thread that just
     * finished a work and holds nothing, so the drain may run right here (see {@link ContextLoop#wake}).
     */
    static void wake(long env, boolean fromPool) {
        ContextImpl context = CONTEXTS.get(env);
        if (context != null) {
            context.loop().wake(fromPool);
        }
    }

    /** A runtime starts: the pool takes its size (the latest runtime's setting wins; threads start on demand). */
    static void runtimeStarted(int poolThreads) {
        RUNTIMES.incrementAndGet();
        NativeBridge.configurePool(poolThreads);
    }

    /** A runtime closed; the last one lets the pool's threads end. */
    static void runtimeClosed() {
        if (RUNTIMES.decrementAndGet() == 0) {
            NativeBridge.stopPool();
        }
    }

    /** Runtimes of this class loader not closed yet: while any is, the pool keeps its idle threads (tests). */
    static int runtimes() {
        return RUNTIMES.get();
    }

    /** Native pool threads alive now (diagnostics and tests). */
    static int poolThreads() {
        return NativeBridge.poolThreads();
    }
}
