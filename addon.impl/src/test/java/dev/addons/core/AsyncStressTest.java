package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.Addon;
import dev.addons.api.AddonException;
import dev.addons.api.AddonInspector.LifecycleCounters;

/**
 * Async work under churn (docs/async.md): caller threads queue works on many contexts of the "async" fixture while a
 * closer thread closes contexts and opens new ones at random. Every future must complete (its value, the fixture's
 * rejection, or "context closed"), no drain may run while a call runs (the fixture's per-env flag), every queued
 * work's {@code complete} must run exactly once (the fixture logs each one: a work or job never completed would be
 * native memory never freed), and at the end no context, library or runtime thread may be left.
 *
 * <p>The normal build runs a few seconds; {@code -Dasync.stress.rounds=N} (calls per caller thread, default 2000; the
 * closer closes and reopens contexts until the callers are done) makes it longer, and then the test also waits for
 * the loop executor's idle timeout before the runtime closes:
 * <pre>
 * mvn -B -ntp -o -pl addon.impl -am verify -Dtest=AsyncStressTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dasync.stress.rounds=20000
 * </pre>
 */
class AsyncStressTest {

    private static final int REJECT = 2;
    private static final int NO_PROMISE = 4;
    private static final int SLOTS = 8;
    private static final int CALLERS = 4;
    private static final int DEFAULT_ROUNDS = 2000;

    @TempDir
    Path temp;

    /** A future with what it may complete with: the sum of 1..n, or the fixture's rejection. */
    private record Expected(CompletableFuture<Object> future, long n, boolean reject) {
    }

    @Test
    void everyFutureCompletesWhileContextsCloseAndReopen() throws Exception {
        int rounds = Integer.getInteger("async.stress.rounds", DEFAULT_ROUNDS);
        boolean longRun = rounds > DEFAULT_ROUNDS;
        long seed = Long.getLong("async.stress.seed", System.nanoTime());
        int addonThreadsBefore = addonThreads();
        boolean othersOpen = EventLoops.runtimes() > 0; // their pool threads stay: /proc is compared only without
        AddonRuntimeCore runtime = new AddonRuntimeCore(RuntimeConfig.defaults());
        AtomicReferenceArray<Addon> slots = new AtomicReferenceArray<>(SLOTS);
        AtomicInteger opened = new AtomicInteger();
        Queue<Expected> futures = new ConcurrentLinkedQueue<>();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger queued = new AtomicInteger();     // queue calls that returned: each work must complete once
        AtomicInteger refused = new AtomicInteger();    // calls on a context closing or closed
        AtomicInteger closes = new AtomicInteger();
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, open(runtime, opened.incrementAndGet()));
        }
        CountDownLatch callersDone = new CountDownLatch(CALLERS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CALLERS; t++) {
            Random random = new Random(seed + t);
            threads.add(new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        Addon addon = slots.get(random.nextInt(SLOTS));
                        callOnce(addon, random, futures, problems, queued, refused);
                    }
                } catch (RuntimeException | Error e) {
                    problems.add("caller: " + e);
                } finally {
                    callersDone.countDown();
                }
            }, "async-stress-caller-" + t));
        }
        Random chaos = new Random(seed - 1);
        threads.add(new Thread(() -> {
            try {
                while (callersDone.getCount() > 0) {
                    int slot = chaos.nextInt(SLOTS);
                    Addon old = slots.get(slot);
                    Object violations = old.call("violations"); // only this thread closes: still open
                    if (!Integer.valueOf(0).equals(violations)) {
                        problems.add(old.context().name() + ": a drain overlapped a call " + violations + " times");
                    }
                    old.context().close();
                    closes.incrementAndGet();
                    slots.set(slot, open(runtime, opened.incrementAndGet()));
                    for (int i = 0; i < 5; i++) { // some calls of its own between closes
                        callOnce(slots.get(chaos.nextInt(SLOTS)), chaos, futures, problems, queued, refused);
                    }
                }
            } catch (RuntimeException | Error e) {
                problems.add("closer: " + e);
            }
        }, "async-stress-closer"));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(10));
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }

        int values = 0;
        int rejected = 0;
        int closedBeforeSettled = 0;
        for (Expected e : futures) {
            try {
                Object v = e.future().get(30, TimeUnit.SECONDS);
                if (e.reject() || ((Number) v).longValue() != e.n() * (e.n() + 1) / 2) {
                    problems.add("future of queue(n=" + e.n() + ", reject=" + e.reject() + ") completed with " + v);
                }
                values++;
            } catch (TimeoutException x) {
                problems.add("future of queue(n=" + e.n() + ") did not complete in 30 s");
            } catch (ExecutionException x) {
                AddonException a = x.getCause() instanceof AddonException ae ? ae : null;
                if (a != null && "ERR_CONTEXT_CLOSED".equals(a.code())
                        && a.getMessage().contains("closed before the promise was settled")) {
                    closedBeforeSettled++;
                } else if (a != null && e.reject() && "E_ASYNC".equals(a.code())) {
                    rejected++;
                } else {
                    problems.add("future of queue(n=" + e.n() + ", reject=" + e.reject() + ") failed: " + x.getCause());
                }
            }
        }
        for (int i = 0; i < SLOTS; i++) {
            Addon addon = slots.get(i);
            assertEquals(0, addon.call("violations"), addon.context().name() + ": a drain overlapped a call");
            addon.context().close();
        }
        long completes = 0;
        for (int c = 1; c <= opened.get(); c++) {
            List<String> log = Files.readAllLines(logOf(c));
            completes += log.stream().filter(l -> l.startsWith("complete ")).count();
            int end = log.size();
            if (end < 2 || !log.subList(end - 2, end).equals(List.of("cleanup hook", "instance finalizer"))) {
                problems.add("context " + c + " did not end with its cleanup hook and instance finalizer: " + log);
            }
        }
        String summary = String.format(Locale.ROOT, "async stress (seed %d): %d contexts opened, %d closed at random, "
                + "%d works queued, %d completes logged, %d calls refused on closed contexts; futures: %d values, "
                + "%d rejected, %d context closed", seed, opened.get(), closes.get(), queued.get(), completes,
                refused.get(), values, rejected, closedBeforeSettled);
        System.out.println(summary);
        assertTrue(problems.isEmpty(), summary + "\n" + String.join("\n", problems));
        assertEquals(queued.get(), completes, "every queued work's complete runs exactly once: " + summary);
        assertTrue(closes.get() > 0 && values > 0, "the run closed contexts and settled promises: " + summary);

        LifecycleCounters counters = runtime.inspector().counters();
        assertEquals(counters.contextsCreated(), counters.contextsClosed(), counters.toString());
        assertEquals(0, counters.modulesLeftMapped(), counters.toString());
        assertEquals(0, counters.failures(), counters.toString());
        assertTrue(runtime.contexts().isEmpty() && runtime.libraries().isEmpty(), "nothing left open");
        if (longRun) {
            // Idle contexts cost no thread: the loop threads end by their idle timeout, the runtime still open.
            joinAll(loopThreads(), "loop threads past the executor's idle timeout, runtime open");
        }
        runtime.close();
        joinAll(loopThreads(), "loop threads after the runtime closed");
        awaitNoPoolThreads();
        // A pool thread leaves the count before its OS thread is gone: wait (bounded) for /proc to agree.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int left = othersOpen ? 0 : addonThreads();
        while (left > addonThreadsBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
            left = othersOpen ? 0 : addonThreads();
        }
        assertTrue(left <= addonThreadsBefore, "runtime threads left (/proc/self/task): " + left
                + ", before the test " + addonThreadsBefore);
    }

    private Addon open(AddonRuntimeCore runtime, int n) {
        Addon addon = runtime.newContext("stress" + n).load(Fixtures.spec("async"));
        addon.call("setLog", logOf(n).toString());
        return addon;
    }

    private Path logOf(int context) {
        return temp.resolve("context-" + context + ".log");
    }

    /** One call of a random kind into addon, which may be closing or closed. */
    private static void callOnce(Addon addon, Random random, Queue<Expected> futures, Queue<String> problems,
            AtomicInteger queued, AtomicInteger refused) {
        int kind = random.nextInt(10);
        long n = random.nextInt(100);
        // Some works still running when their context closes; few, so that the shared pool keeps up with the callers.
        int delay = random.nextInt(50) == 0 ? 1 : 0;
        try {
            if (kind == 0) {
                Object v = addon.call("violations");
                if (!Integer.valueOf(0).equals(v)) {
                    problems.add(addon.context().name() + ": a drain overlapped a call " + v + " times");
                }
                return;
            }
            int flags = kind == 1 ? REJECT : kind == 2 ? NO_PROMISE : 0;
            Object answer = addon.call("queue", "s", n, delay, flags);
            queued.incrementAndGet();
            if (flags != NO_PROMISE) {
                @SuppressWarnings("unchecked")
                CompletableFuture<Object> future = (CompletableFuture<Object>) answer;
                futures.add(new Expected(future, n, flags == REJECT));
            }
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("no more calls into its addons")) {
                throw e;
            }
            refused.incrementAndGet();
        }
    }

    private static List<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("addon-loop-"))
                .toList();
    }

    private static void joinAll(List<Thread> threads, String what) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), what + ": " + t.getName() + " still alive");
        }
    }

    /**
     * The native pool is process-wide: its threads end once the last runtime of the JVM closed (they are not Java
     * threads: no join). While another test's runtime is still open they stay, idle, at most the pool's size.
     */
    private static void awaitNoPoolThreads() throws InterruptedException {
        if (EventLoops.runtimes() > 0) {
            assertTrue(EventLoops.poolThreads() <= RuntimeConfig.defaults().asyncThreads(), "native pool threads "
                    + EventLoops.poolThreads() + " beyond the pool's size; other runtimes open: "
                    + EventLoops.runtimes());
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (EventLoops.poolThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, EventLoops.poolThreads(), "native pool threads after the last runtime closed");
    }

    /** Threads of this process whose name starts with "addon-" (pool and loop threads), from /proc/self/task. */
    private static int addonThreads() throws IOException {
        int n = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("addon-")) {
                        n++;
                    }
                } catch (IOException gone) {
                    // the thread ended while listing
                }
            }
        }
        return n;
    }
}
