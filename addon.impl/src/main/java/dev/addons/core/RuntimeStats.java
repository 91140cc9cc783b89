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

    final AtomicLong contextsCreated = new AtomicLong();
    final AtomicLong contextsClosed = new AtomicLong();
    final AtomicLong modulesLoaded = new AtomicLong();
    final AtomicLong modulesUnloaded = new AtomicLong();
    final AtomicLong modulesLeftMapped = new AtomicLong();
    final AtomicLong failureCount = new AtomicLong();
    final AtomicLong hooksRun = new AtomicLong();
    final AtomicLong finalizersRun = new AtomicLong();
    /*
     * Calls are counted by each context under its own lock (no atomic operation on the call path); the runtime
     * adds those of open contexts to this sum of the closed ones when asked.
     */
    final AtomicLong callsOfClosedContexts = new AtomicLong();
    private final Deque<String> failures = new ArrayDeque<>();

    private final LongSupplier callsOfOpenContexts;

    /** {@code callsOfOpenContexts}: what the open contexts have counted so far. */
    RuntimeStats(LongSupplier callsOfOpenContexts) {
        this.callsOfOpenContexts = callsOfOpenContexts;
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
