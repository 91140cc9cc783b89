package dev.addons.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.addons.api.AddonInspector;

/** Lifecycle counters of one runtime, as the console commands and the web console show them. */
public final class RuntimeStats {

    private static final int KEPT_FAILURES = 100;

    private final AtomicLong contextsCreated = new AtomicLong();
    private final AtomicLong contextsClosed = new AtomicLong();
    private final AtomicLong modulesLoaded = new AtomicLong();
    private final AtomicLong modulesUnloaded = new AtomicLong();
    private final AtomicLong modulesLeftMapped = new AtomicLong();
    private final AtomicLong failureCount = new AtomicLong();
    private final AtomicLong hooksRun = new AtomicLong();
    private final AtomicLong finalizersRun = new AtomicLong();
    /*
     * Calls are counted by each context under its own lock (no atomic operation on the call path); the runtime
     * adds those of open contexts to this sum of the closed ones when asked.
     */
    private final AtomicLong callsOfClosedContexts = new AtomicLong();
    private final Deque<String> failures = new ArrayDeque<>();

    private final LongSupplier callsOfOpenContexts;

    /** {@code callsOfOpenContexts}: what the open contexts have counted so far. */
    RuntimeStats(LongSupplier callsOfOpenContexts) {
        this.callsOfOpenContexts = callsOfOpenContexts;
    }

    void contextCreated() {
        contextsCreated.incrementAndGet();
    }

    /** A context closed after {@code calls} calls: they stay in the total. */
    void contextClosed(long calls) {
        callsOfClosedContexts.addAndGet(calls);
        contextsClosed.incrementAndGet();
    }

    void moduleLoaded() {
        modulesLoaded.incrementAndGet();
    }

    /** A module instance was torn down: what it ran, and what became of its library. */
    void moduleTornDown(long hooks, long finalizers, LibraryCache.Release release) {
        hooksRun.addAndGet(hooks);
        finalizersRun.addAndGet(finalizers);
        if (release == LibraryCache.Release.UNLOADED) {
            modulesUnloaded.incrementAndGet();
        } else if (release == LibraryCache.Release.LEFT_MAPPED) {
            modulesLeftMapped.incrementAndGet();
        }
    }

    /** An immutable copy. */
    public AddonInspector.LifecycleCounters snapshot() {
        long callsOfOpen = callsOfOpenContexts.getAsLong();
        synchronized (failures) {
            return new AddonInspector.LifecycleCounters(contextsCreated.get(), contextsClosed.get(),
                    modulesLoaded.get(), modulesUnloaded.get(), modulesLeftMapped.get(), hooksRun.get(),
                    finalizersRun.get(), callsOfClosedContexts.get() + callsOfOpen, failureCount.get(), List.copyOf(failures));
        }
    }

    /** Remembers a failure message (the newest {@value #KEPT_FAILURES} are kept). */
    public void failure(String message) {
        failureCount.incrementAndGet();
        synchronized (failures) {
            if (failures.size() == KEPT_FAILURES) {
                failures.removeFirst();
            }
            failures.addLast(message);
        }
    }
}
