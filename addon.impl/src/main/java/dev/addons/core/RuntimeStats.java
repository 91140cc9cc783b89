package dev.addons.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Lifecycle counters of one runtime, as the console commands and the web console show them. */
public final class RuntimeStats {

    private static final int KEPT_FAILURES = 100;

    final AtomicLong contextsCreated = new AtomicLong();
    final AtomicLong contextsClosed = new AtomicLong();
    final AtomicLong modulesLoaded = new AtomicLong();
    final AtomicLong hooksRun = new AtomicLong();
    final AtomicLong finalizersRun = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    private final Deque<String> failures = new ArrayDeque<>();

    /** An immutable copy. */
    public record Snapshot(long contextsCreated, long contextsClosed, long modulesLoaded, long hooksRun,
            long finalizersRun, long calls, List<String> recentFailures) {
    }

    public Snapshot snapshot() {
        synchronized (failures) {
            return new Snapshot(contextsCreated.get(), contextsClosed.get(), modulesLoaded.get(), hooksRun.get(),
                    finalizersRun.get(), calls.get(), new ArrayList<>(failures));
        }
    }

    /** Remembers a failure message (the newest {@value #KEPT_FAILURES} are kept). */
    public void failure(String message) {
        synchronized (failures) {
            if (failures.size() == KEPT_FAILURES) {
                failures.removeFirst();
            }
            failures.addLast(message);
        }
    }
}
