package dev.addons.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
    final LongAdder calls = new LongAdder(); // on the call path: no shared cache line between contexts
    private final Deque<String> failures = new ArrayDeque<>();

    /** An immutable copy. */
    public AddonInspector.LifecycleCounters snapshot() {
        synchronized (failures) {
            return new AddonInspector.LifecycleCounters(contextsCreated.get(), contextsClosed.get(),
                    modulesLoaded.get(), modulesUnloaded.get(), modulesLeftMapped.get(), hooksRun.get(),
                    finalizersRun.get(), calls.sum(), failureCount.get(), List.copyOf(failures));
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
