package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.LifecycleCounters;

/**
 * Stops and uninstalls addon bundles while their async work and thread-safe functions are in flight: 4 threads
 * install, start, call, stop, uninstall and refresh 6 copies of a bundle holding the "inflight" fixture at random,
 * for a bounded number of rounds, in one Felix framework. A call queues short and long works, starts native
 * producer threads calling a thread-safe function with a small queue (blocking calls: some wait in backpressure
 * when the bundle stops), asks for promises settled later or never, or cancels what is still queued.
 *
 * <p>Then: every stop and uninstall returned within the teardown's bound (async wait plus an allowance); no context
 * is open and no module loaded (the runtime's inspector); no module file of the framework is mapped; no producer
 * thread exists (by name, in /proc/self/task); each context's ledger shows every work completed, every function
 * finalized and every producer joined; every future completed (with its value, "cancelled" or "context closed");
 * nothing was logged as a runtime failure or framework error; and once the framework stopped, the pool's threads
 * end (if no other framework's copy of the runtime library is mapped, whose pool the works may have run on).
 *
 * <p>{@code -Dinflight.rounds=N} (per thread, default {@value #DEFAULT_ROUNDS}) runs it longer;
 * {@code -Dinflight.seed} picks the seed.
 */
class InflightBundlesTest {

    private static final int THREADS = 4;
    private static final int SLOTS = 6;
    private static final int DEFAULT_ROUNDS = 150;
    /** Calls a CALL round makes at most, back to back, into one bundle. */
    private static final int MAX_BURST = 6;
    private static final String STORAGE = "inflight";
    private static final String PRODUCER_THREAD = "inflight-prod"; // the fixture's name for its threads
    private static final String POOL_THREAD = "addon-async"; // the runtime's name for its pool's threads
    private static final int RUNTIME_POOL_SIZE = 4; // addon.async.threads' default
    /** addon.async.cleanup.timeout.ms for this framework. */
    private static final long ASYNC_WAIT_MILLIS = 2_000;
    /** A stop's work besides that wait (hooks joining threads, finalizers, unmapping) on a machine shared 8 ways. */
    private static final long STOP_ALLOWANCE_MILLIS = 8_000;

    /** What a round does, with its tickets in the draw. */
    enum Op {
        START(4), CALL(14), STOP(3), UNINSTALL(2), REFRESH(1);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    /** One bundle location: installed or not, its operations one at a time. */
    static final class Slot {
        final int index;
        final ReentrantLock lock = new ReentrantLock();
        volatile Bundle bundle; // null when not installed

        Slot(int index) {
            this.index = index;
        }
    }

    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong errorCount = new AtomicLong();
    private final List<CompletableFuture<?>> futures = new CopyOnWriteArrayList<>();
    private final AtomicLong refusedCalls = new AtomicLong();
    private final AtomicLong operations = new AtomicLong();
    private final List<Slot> slots = new ArrayList<>();
    /** What Felix logged as errors (no field of a Felix type: JUnit reflects on fields where Felix is absent). */
    private Queue<String> frameworkErrors;
    private BundleContext system;
    private byte[][] jars;
    private Path ledgers;

    @Test
    void stopAndUninstallWithWorkAndThreadsInFlightLeaveNothingBehind() throws Exception {
        Frameworks.assertNativeAccessFlag();
        Frameworks.factory(Frameworks.FELIX); // skipped without Felix (the equinox execution): it logs to Felix's log
        FelixErrorLog felixLog = new FelixErrorLog();
        frameworkErrors = felixLog.messages();
        int rounds = Math.max(1, Integer.getInteger("inflight.rounds", DEFAULT_ROUNDS));
        long seed = Long.getLong("inflight.seed", System.nanoTime());
        ledgers = Frameworks.storage(STORAGE + "-ledgers");
        deleteTree(ledgers);
        Files.createDirectories(ledgers);
        // Another framework's copy of the runtime library still mapped may be the one whose pool runs the works
        // (docs/async.md): its idle threads do not end with this framework's runtime.
        boolean onlyRuntimeCopy = Frameworks.mappedRuntimeLibraries().isEmpty();
        byte[] library = InflightBundle.library();
        jars = new byte[SLOTS][];
        for (int i = 0; i < SLOTS; i++) {
            slots.add(new Slot(i));
            jars[i] = InflightBundle.jar("inflight.slot." + i, library);
        }
        Framework framework = Frameworks.launch(Frameworks.FELIX, STORAGE, Map.of(
                "addon.async.cleanup.timeout.ms", Long.toString(ASYNC_WAIT_MILLIS),
                "felix.log.logger", felixLog, "felix.log.level", "1"));
        try (BoundedOperation bounded = new BoundedOperation(ASYNC_WAIT_MILLIS + STOP_ALLOWANCE_MILLIS)) {
            system = framework.getBundleContext();
            Frameworks.installRuntime(framework);
            runThreads(rounds, seed, bounded);
            for (Slot slot : slots) { // whatever the threads left installed
                Bundle b = slot.bundle;
                if (b != null) {
                    bounded.run("uninstall of " + b, b::uninstall);
                }
            }
            refreshPending();
            String summary = String.format("inflight: %d threads x %d rounds, seed %d: %d operations, %d futures, "
                    + "%d calls refused on closed contexts, %d unexpected", THREADS, rounds, seed, operations.get(),
                    futures.size(), refusedCalls.get(), errorCount.get());
            System.out.println(summary);
            assertEquals(List.of(), List.copyOf(bounded.overruns()), "stops and uninstalls past the bound");
            if (errorCount.get() > 0) {
                fail(errorCount.get() + " unexpected outcomes; the first ones:\n" + String.join("\n", errors));
            }
            checkRuntimeIsEmpty();
            assertEquals(List.of(), leftMapped(), "module files still mapped after every bundle went");
            assertEquals(0, NamedThreads.count(PRODUCER_THREAD), "producer threads left");
            checkLedgers();
            checkFutures();
        } finally {
            Frameworks.stopQuietly(framework);
        }
        assertEquals(List.of(), List.copyOf(frameworkErrors), "errors the framework logged");
        assertEquals(List.of(), leftMapped(), "module files still mapped after the framework stopped");
        if (onlyRuntimeCopy) { // the last runtime stopped: the pool's idle threads end, a busy one would not
            NamedThreads.awaitNone(POOL_THREAD, 30);
        } else {
            assertTrue(NamedThreads.count(POOL_THREAD) <= RUNTIME_POOL_SIZE, "pool threads beyond the pool's size");
        }
    }

    private void runThreads(int rounds, long seed, BoundedOperation bounded) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Random random = new Random(seed + i);
            Thread t = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        round(random, bounded);
                    }
                } catch (Throwable e) {
                    error("thread " + Thread.currentThread().getName(), e);
                } finally {
                    finished.countDown();
                }
            }, "inflight-" + i);
            threads.add(t);
            t.start();
        }
        if (!finished.await(rounds * 30L + 60, TimeUnit.SECONDS)) { // far beyond any bounded stop
            fail("the threads did not finish their rounds: " + threads);
        }
    }

    private void round(Random random, BoundedOperation bounded) throws Exception {
        Op op = draw(random);
        operations.incrementAndGet();
        if (op == Op.CALL) {
            List<Slot> active = slots.stream().filter(s -> isActive(s.bundle)).toList();
            if (!active.isEmpty()) {
                Slot slot = active.get(random.nextInt(active.size()));
                for (int i = 1 + random.nextInt(MAX_BURST); i > 0; i--) {
                    call(slot, random); // not under the slot's lock: calls race with stops
                }
            }
            return;
        }
        Slot slot = slots.get(random.nextInt(SLOTS));
        if (op == Op.REFRESH) {
            refreshPending();
            return;
        }
        if (!slot.lock.tryLock()) {
            return; // another thread is changing this slot
        }
        try {
            Bundle b = slot.bundle;
            switch (op) {
                case START -> { // installs first if the slot is empty
                    if (b == null) {
                        b = system.installBundle("inflight:slot-" + slot.index,
                                new ByteArrayInputStream(jars[slot.index]));
                        slot.bundle = b;
                    }
                    if (!isActive(b)) {
                        b.start();
                    }
                }
                case STOP -> {
                    if (isActive(b)) {
                        Bundle stopping = b;
                        bounded.run("stop of " + b, stopping::stop);
                    }
                }
                case UNINSTALL -> {
                    if (b != null) {
                        Bundle uninstalling = b;
                        bounded.run("uninstall of " + b, uninstalling::uninstall); // stops it first if active
                        slot.bundle = null;
                    }
                }
                default -> throw new AssertionError(op);
            }
        } finally {
            slot.lock.unlock();
        }
    }

    /** One call of the slot's Addon service, if it has one now: work, producers, promises or a cancel. */
    private void call(Slot slot, Random random) {
        Bundle b = slot.bundle;
        if (b == null) {
            return;
        }
        ServiceReference<Addon> ref = addonReference(b);
        Addon addon = ref == null ? null : system.getService(ref);
        if (addon == null) {
            return; // not started, or stopped meanwhile
        }
        try {
            addon.call("ledger", ledgers.resolve("slot-" + slot.index + ".txt").toString());
            switch (random.nextInt(7)) {
                case 0, 1 -> addon.call("works", random.nextInt(200), random.nextInt(4), random.nextInt(40));
                case 2 -> futures.add(future(addon.call("work", random.nextInt(40))));
                case 3 -> futures.add(future(addon.call("pending")));
                case 4, 5 -> addon.call("producers", 1 + random.nextInt(3), 1 + random.nextInt(2),
                        random.nextBoolean() ? 0 : random.nextInt(500)); // 0: until the bundle stops
                default -> addon.call("cancelQueued");
            }
        } catch (IllegalStateException closedMeanwhile) {
            if (addon.context().state() == AddonContext.State.OPEN) {
                error("call into an open context refused", closedMeanwhile);
            }
            refusedCalls.incrementAndGet();
        } catch (RuntimeException e) {
            error("call of " + b, e);
        } finally {
            try {
                system.ungetService(ref);
            } catch (IllegalStateException systemStopped) {
                // not here: the framework runs until the end
            }
        }
    }

    private static boolean isActive(Bundle b) {
        return b != null && b.getState() == Bundle.ACTIVE;
    }

    private static CompletableFuture<?> future(Object result) {
        if (result instanceof CompletableFuture<?> f) {
            return f;
        }
        throw new AssertionError("a promise should cross as a CompletableFuture: " + result);
    }

    private ServiceReference<Addon> addonReference(Bundle b) {
        try {
            Collection<ServiceReference<Addon>> refs = system.getServiceReferences(Addon.class,
                    "(&(" + AddonConstants.SERVICE_MODULE + "=" + InflightBundle.MODULE + ")(service.bundleid="
                            + b.getBundleId() + "))");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Op draw(Random random) {
        int total = Stream.of(Op.values()).mapToInt(o -> o.weight).sum();
        int ticket = random.nextInt(total);
        for (Op op : Op.values()) {
            ticket -= op.weight;
            if (ticket < 0) {
                return op;
            }
        }
        throw new AssertionError();
    }

    /** Refreshes the bundles uninstalled but still wired (removal pending); waits for the refresh. */
    private void refreshPending() throws InterruptedException {
        FrameworkWiring wiring = system.getBundle().adapt(FrameworkWiring.class);
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            } else if (event.getType() == FrameworkEvent.ERROR) {
                error("refresh", event.getThrowable());
            }
        });
        assertTrue(refreshed.await(60, TimeUnit.SECONDS), "no PACKAGES_REFRESHED within 60 s");
    }

    private void checkRuntimeIsEmpty() {
        AddonInspector inspector = Frameworks.service(system, AddonInspector.class, null);
        LifecycleCounters counters = inspector.counters();
        System.out.println("inflight: runtime counters " + counters);
        assertEquals(List.of(), inspector.contexts(), "open contexts");
        assertEquals(List.of(), inspector.modules(), "loaded modules");
        assertEquals(counters.contextsCreated(), counters.contextsClosed(), "contexts created == closed");
        assertEquals(counters.modulesLoaded(), counters.modulesUnloaded(), "modules loaded == unloaded");
        assertEquals(List.of(), counters.recentFailures(), "runtime failures");
        assertEquals(0, counters.failures(), "runtime failures");
        assertTrue(counters.contextsCreated() > 0, "the bundles started at least once");
    }

    private void checkLedgers() throws IOException {
        List<InflightLedger.Entry> all = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            InflightLedger ledger = InflightLedger.read(ledgers.resolve("slot-" + i + ".txt"));
            ledger.assertNothingLeaked();
            all.addAll(ledger.entries());
        }
        InflightLedger total = new InflightLedger(all);
        System.out.printf("inflight: %d contexts called: works %d (ok %d, cancelled %d), thread-safe functions %d, "
                + "producer threads %d%n", all.size(), total.total(InflightLedger.Entry::works),
                total.total(InflightLedger.Entry::ok), total.total(InflightLedger.Entry::cancelled),
                total.total(InflightLedger.Entry::tsfns), total.total(InflightLedger.Entry::threads));
        assertTrue(total.total(InflightLedger.Entry::works) > 0, "works were queued");
        assertTrue(total.total(InflightLedger.Entry::threads) > 0, "producer threads were started");
    }

    /** Every future is done (the closes ended them): with a value, E_CANCELLED or ERR_CONTEXT_CLOSED. */
    private void checkFutures() {
        List<String> wrong = new ArrayList<>();
        for (CompletableFuture<?> f : futures) {
            if (!f.isDone()) {
                wrong.add("still pending: " + f);
                continue;
            }
            try {
                Object value = f.join();
                if (!(value instanceof Number)) {
                    wrong.add("value " + value);
                }
            } catch (java.util.concurrent.CompletionException e) {
                if (!(e.getCause() instanceof AddonException a)
                        || !(("E_CANCELLED".equals(a.code()) || "ERR_CONTEXT_CLOSED".equals(a.code())))) {
                    wrong.add("failed with " + e.getCause());
                }
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " futures wrong");
    }

    /** Module files under the framework's storage still mapped; the runtime's own library may stay. */
    private static List<String> leftMapped() {
        String storageDir = Frameworks.storage(STORAGE) + "/";
        return Frameworks.mapped(f -> f.startsWith(storageDir)
                && !Path.of(f).getFileName().toString().startsWith("libaddonrt"));
    }

    private void error(String where, Throwable t) {
        if (errorCount.incrementAndGet() <= 10) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            errors.add(where + ": " + trace);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
