package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.LifecycleCounters;
import dev.addons.api.AddonRuntime;
import dev.addons.api.ModuleSpec;

/**
 * The stress test's random lifecycle in one Felix framework, reusable by the time-bounded {@link StressTest} and
 * by the longer {@link Soak}: 8 threads randomly create, call and close contexts and start and stop addon bundles;
 * afterwards nothing may be left open or mapped.
 *
 * <p>Each thread is backed by a helper bundle of its own and uses that bundle's (bundle-scoped) AddonRuntime view.
 * The only exception an operation may end with is an {@link IllegalStateException} from a call into a context
 * that another thread closed (or whose bundle stopped) meanwhile; anything else is an unexpected outcome, and so
 * is any error the framework logs (an exception thrown by the runtime's listeners, for instance).
 *
 * <p>Runtime bugs this test found (fixed since) are listed in {@link Known}: a regression is recognised narrowly,
 * so that the failure says which bug is back.
 *
 * <p>Use: {@link #start}, then {@link #run} as often as wanted, then {@link #finish} (the checks), and close.
 */
final class RandomLifecycle implements AutoCloseable {

    static final int THREADS = 8;
    private static final int INSTANCE_DATA_COPIES = 3;
    /** Contexts shared between the threads at most; past it, creating one closes another. */
    private static final int MAX_LIVE = 48;
    /** The cleanup-hooks bundle prints four lines per stop: toggle it at most this often. */
    private static final long CLEANUP_TOGGLE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final String FIXTURE = "fixtures/linux_x86_64/libstatic_counter.so";

    /** What the threads do, with how many tickets each has in the draw. */
    enum Op {
        CREATE_MULTIPLE_LOAD(10), CREATE_STATIC_COUNTER(6), CREATE_ISOLATED(3), CALL_LIVE(40), CLOSE_LIVE(10),
        TOGGLE_BUNDLE(4), CALL_BUNDLE_SERVICE(25), RELEASE_RUNTIME(1);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    /** How a context's module keeps its state, which decides what its results must look like. */
    enum Kind {
        /** multiple_load: instance data per context, so increment counts this context's calls only. */
        INSTANCE_DATA,
        /** static_counter, shared mapping: its counter is a C static shared by every such context. */
        SHARED_STATIC,
        /** static_counter in an isolated copy: the C static is this context's own again. */
        ISOLATED_STATIC
    }

    /** Runtime bugs found by this test and fixed since, recognised narrowly: any occurrence fails the test. */
    enum Known {
        /**
         * ContextImpl.close(): {@code LibraryCache.release()} answers "still mapped" because another context uses
         * the file, then a separate {@code users(library) == 0} check runs after that other context closed and
         * unloaded it: a false "is still mapped after its last context closed (the dynamic loader kept it)" failure
         * and a false modulesLeftMapped count. Accepted only for files /proc/self/maps shows unmapped.
         */
        FALSE_LEFT_MAPPED,
        /**
         * ContextImpl.close(): a second closer reads state CLOSING, the first finishes (CLOSED), the second then
         * writes CLOSING and returns early (closer != null): close() returned but state() stays CLOSING for good.
         */
        CLOSE_LEAVES_CLOSING,
        /**
         * AddonExtender.modifiedBundle() looks at bundle.getState(), not the event type. Felix fires STOPPED after
         * releasing the bundle lock, so a late STOPPED of one stop, seen while the next stop is STOPPING, runs
         * deactivate() on the same activation concurrently: ConcurrentModificationException on its registrations.
         */
        EXTENDER_CONCURRENT_DEACTIVATE,
        /**
         * Same cause: a start that follows a stop before that stop's STOPPED event finds the bundle still tracked
         * with its closed activation; modifiedBundle() does nothing, so the bundle is ACTIVE without a context or
         * an Addon service until it is stopped again.
         */
        EXTENDER_LOST_ACTIVATION
    }

    /** A context the threads share: anyone may call or close it. */
    record Live(AddonContext context, Addon addon, Kind kind, AtomicInteger increments) {
    }

    private final Map<Op, LongAdder> done = new EnumMap<>(Op.class);
    private final Map<Known, LongAdder> known = new EnumMap<>(Known.class);
    private final LongAdder refused = new LongAdder(); // calls that met a closed context: IllegalStateException
    private final LongAdder serviceGone = new LongAdder(); // Addon service unregistered before getService
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong errorCount = new AtomicLong();
    private final Map<Long, Live> live = new ConcurrentHashMap<>();
    /** Contexts not known to be closed yet (closing one removes it; a released view's stay until the end). */
    private final Map<Long, AddonContext> unclosed = new ConcurrentHashMap<>();
    private final LongAdder created = new LongAdder();
    private final AtomicLong lastCleanupToggle = new AtomicLong(System.nanoTime());

    private BundleContext system;
    private List<Bundle> addonBundles;
    private Bundle cleanupHooks;
    private ModuleSpec staticCounter;
    private volatile ModuleSpec fallbackMultipleLoad;

    private final String storage;
    private final long seed;
    private final FrameworkLog log = new FrameworkLog();
    private final AtomicLong cleanupLoads = new AtomicLong();
    private final List<Bundle> helpers = new ArrayList<>();
    /** Each helper's AddonRuntime view, got once (use count 1) and kept from one run to the next. */
    private final Map<Integer, AddonRuntime> views = new ConcurrentHashMap<>();
    private Framework framework;
    private Path fixtureDir;
    private ServiceListener countCleanupLoads;
    private long secondsRun;

    private RandomLifecycle(String storage, long seed) {
        this.storage = storage;
        this.seed = seed;
        Arrays.stream(Op.values()).forEach(op -> done.put(op, new LongAdder()));
        Arrays.stream(Known.values()).forEach(k -> known.put(k, new LongAdder()));
    }

    /**
     * Launches Felix in {@code Frameworks.storage(storage)} with the runtime, the addon bundles (started) and one
     * helper bundle per thread. Close the result to stop the framework.
     */
    static RandomLifecycle start(String storage, long seed) throws Exception {
        RandomLifecycle lifecycle = new RandomLifecycle(storage, seed);
        try {
            lifecycle.setUp();
            return lifecycle;
        } catch (Exception | Error e) {
            lifecycle.close();
            throw e;
        }
    }

    private void setUp() throws Exception {
        framework = Frameworks.launch(Frameworks.FELIX, storage,
                Map.of(Constants.FRAMEWORK_BSNVERSION, Constants.FRAMEWORK_BSNVERSION_MULTIPLE,
                        "felix.log.logger", log, "felix.log.level", "2")); // 2: warnings and errors
        system = framework.getBundleContext();
        Frameworks.installRuntime(framework);
        fixtureDir = Frameworks.storage(storage + "-fixture");
        staticCounter = ModuleSpec.of("static_counter", extractFixture(fixtureDir));
        // Synchronous: every registration of a cleanup_hooks service is one module instance with 4 hooks.
        countCleanupLoads = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                cleanupLoads.incrementAndGet();
            }
        };
        system.addServiceListener(countCleanupLoads, "(" + AddonConstants.SERVICE_MODULE + "=cleanup_hooks)");
        addonBundles = new ArrayList<>();
        for (int i = 0; i < INSTANCE_DATA_COPIES; i++) {
            addonBundles.add(installCopy("stress:instancedata-" + i, "addon.demo.instancedata"));
        }
        cleanupHooks = installCopy("stress:cleanuphooks", "addon.demo.cleanuphooks");
        addonBundles.add(cleanupHooks);
        for (Bundle b : addonBundles) {
            b.start();
        }
        fallbackMultipleLoad = multipleLoadSpec(system, new Random(seed));
        assertNotNull(fallbackMultipleLoad, "no multiple_load service after starting the instance-data copies");
        for (int i = 0; i < THREADS; i++) {
            Bundle helper = system.installBundle("stress:helper-" + i,
                    new ByteArrayInputStream(helperBundle("stress.helper." + i)));
            helper.start();
            helpers.add(helper);
        }
    }

    /** The threads' random walk for {@code seconds}; returns when every thread has stopped. */
    void run(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            // A new seed per run and thread, derived from the one given: a run does not repeat the previous one.
            Worker worker = new Worker(i, helpers.get(i).getBundleContext(),
                    new Random(seed + secondsRun * 31 + i), deadline);
            Thread t = new Thread(worker, "stress-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(seconds + 30L));
            if (t.isAlive()) {
                fail(t.getName() + " still busy 30 s past the deadline: " + stackOf(t));
            }
        }
        secondsRun += seconds;
    }

    /** Operations done so far. */
    long operations() {
        return done.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Unexpected outcomes so far (wrong results, exceptions, framework errors logged). */
    long unexpected() {
        return errorCount.get();
    }

    /** The first unexpected outcomes, with their stack traces. */
    List<String> firstErrors() {
        return List.copyOf(errors);
    }

    /**
     * Quiet now: checks the activations, tears down everything the threads left (their contexts, their runtime
     * views, the addon bundles), checks the counters and mappings, restarts the addon bundles once, stops the
     * framework and checks the mappings again. Fails (AssertionError) on any unexpected outcome.
     */
    void finish() throws Exception {
        // Every addon bundle that is ACTIVE has its Addon service on an open context.
        checkActivations();

        for (AddonContext c : unclosed.values()) {
            closeAndCheck(c);
        }
        live.clear();
        for (Bundle helper : helpers) {
            helper.stop(); // releases the helper's AddonRuntime view
        }
        for (Bundle b : addonBundles) {
            b.stop();
        }
        system.removeServiceListener(countCleanupLoads);
        log.classify();

        String summary = summary();
        System.out.println(summary);
        if (errorCount.get() > 0) {
            fail(errorCount.get() + " unexpected outcomes; the first ones:\n" + String.join("\n", errors) + "\n"
                    + summary);
        }
        assertTrue(done.values().stream().allMatch(a -> a.sum() > 0), () -> "every operation ran: " + summary);

        AddonInspector inspector = Frameworks.service(system, AddonInspector.class, null);
        LifecycleCounters counters = inspector.counters();
        System.out.println("stress: runtime counters " + counters);
        assertEquals(List.of(), inspector.contexts(), "open contexts after the teardown");
        assertEquals(List.of(), inspector.modules(), "mapped modules after the teardown");
        assertEquals(counters.contextsCreated(), counters.contextsClosed(), "contexts created == closed");
        checkFailures(counters);
        assertEquals(4 * cleanupLoads.get(), counters.hooksRun(),
                "4 cleanup hooks per cleanup_hooks instance (" + cleanupLoads + " instances)");
        // Every module but cleanup_hooks sets instance data with a finalizer: one per module instance.
        assertEquals(counters.modulesLoaded() - cleanupLoads.get(), counters.finalizersRun(),
                "one instance-data finalizer per module instance");
        assertEquals(List.of(), leftMapped(), "module files still mapped");

        // The addon bundles work normally again, one at a time.
        for (Bundle b : addonBundles.subList(0, INSTANCE_DATA_COPIES)) {
            b.start();
            Addon addon = Frameworks.service(system, Addon.class, "(&(" + AddonConstants.SERVICE_MODULE
                    + "=multiple_load)(service.bundleid=" + b.getBundleId() + "))");
            assertEquals(1, addon.call("increment"), "fresh instance data after the storm in " + b);
        }

        Frameworks.stop(framework);
        assertEquals(List.of(), leftMapped(), "module files still mapped after the framework stopped");
        reportKnown();
    }

    /** Stops the framework if it still runs. */
    @Override
    public void close() {
        Frameworks.stopQuietly(framework);
    }

    /** One thread's random walk. */
    private final class Worker implements Runnable {
        private final BundleContext context;
        private final Random random;
        private final long deadline;
        private final int totalWeight;
        private final int index;
        private ServiceReference<AddonRuntime> runtimeReference;
        private AddonRuntime runtime;
        private int serial;

        Worker(int index, BundleContext context, Random random, long deadline) {
            this.index = index;
            this.context = context;
            this.random = random;
            this.deadline = deadline;
            this.totalWeight = Arrays.stream(Op.values()).mapToInt(o -> o.weight).sum();
        }

        @Override
        public void run() {
            runtimeReference = context.getServiceReference(AddonRuntime.class);
            // The helper's view is got once and kept across runs: getting it again per run would raise the use
            // count, and RELEASE_RUNTIME's unget would no longer release the view.
            runtime = views.computeIfAbsent(index, i -> context.getService(runtimeReference));
            while (System.nanoTime() < deadline) {
                Op op = draw();
                try {
                    perform(op);
                    done.get(op).increment();
                } catch (Throwable t) {
                    error(Thread.currentThread().getName() + " " + op, t);
                }
            }
        }

        private Op draw() {
            int ticket = random.nextInt(totalWeight);
            for (Op op : Op.values()) {
                ticket -= op.weight;
                if (ticket < 0) {
                    return op;
                }
            }
            throw new AssertionError();
        }

        private void perform(Op op) throws Exception {
            switch (op) {
                case CREATE_MULTIPLE_LOAD -> create(Kind.INSTANCE_DATA, multipleLoad());
                case CREATE_STATIC_COUNTER -> create(Kind.SHARED_STATIC, staticCounter);
                case CREATE_ISOLATED -> create(Kind.ISOLATED_STATIC, staticCounter.withIsolation(true));
                case CALL_LIVE -> callLive();
                case CLOSE_LIVE -> closeLive();
                case TOGGLE_BUNDLE -> toggleBundle();
                case CALL_BUNDLE_SERVICE -> callBundleService();
                case RELEASE_RUNTIME -> {
                    // The view closes every context this thread created, while other threads may be calling them.
                    context.ungetService(runtimeReference);
                    runtime = context.getService(runtimeReference);
                    views.put(index, runtime);
                }
            }
        }

        private ModuleSpec multipleLoad() {
            ModuleSpec spec = multipleLoadSpec(context, random);
            return spec != null ? spec : fallbackMultipleLoad;
        }

        /** A new context with one module, called once; closed at once, or shared with the other threads. */
        private void create(Kind kind, ModuleSpec spec) {
            AddonContext c = runtime.newContext(Thread.currentThread().getName() + "-" + serial++);
            created.increment();
            unclosed.put(c.id(), c);
            Addon addon = c.load(spec);
            Object first = addon.call("increment");
            if (kind == Kind.SHARED_STATIC) {
                check(first instanceof Integer i && i >= 1, "shared static counter: any value >= 1", first);
            } else {
                check(Integer.valueOf(1).equals(first), kind + ": a new context starts from fresh state", first);
            }
            if (random.nextInt(4) == 0) {
                closeAndCheck(c); // short-lived, closed by its creator
                return;
            }
            if (live.size() >= MAX_LIVE) {
                closeLive();
            }
            live.put(c.id(), new Live(c, addon, kind, new AtomicInteger(1)));
        }

        /** Closes a random shared context, usually one another thread created. */
        private void closeLive() {
            Live victim = pick();
            if (victim != null && live.remove(victim.context().id(), victim)) {
                closeAndCheck(victim.context());
            }
        }

        private void callLive() {
            Live target = pick();
            if (target == null) {
                return;
            }
            try {
                if (target.kind() == Kind.SHARED_STATIC && random.nextBoolean()) {
                    int a = random.nextInt(1000);
                    int b = random.nextInt(1000);
                    Object sum = target.addon().call("add", a, b);
                    check(Integer.valueOf(a + b).equals(sum), "add(" + a + ", " + b + ")", sum);
                    return;
                }
                target.increments().incrementAndGet();
                Object value = target.addon().call("increment");
                if (target.kind() == Kind.SHARED_STATIC) {
                    check(value instanceof Integer i && i >= 1, "shared static counter", value);
                } else {
                    // This context's state only: never more than the increments tried on it so far.
                    int tried = target.increments().get();
                    check(value instanceof Integer i && i >= 1 && i <= tried,
                            target.kind() + " counts this context's increments only (<= " + tried + ")", value);
                }
            } catch (IllegalStateException closedMeanwhile) {
                refusedBecauseClosed(target.context(), closedMeanwhile);
                live.remove(target.context().id(), target);
            }
        }

        private void toggleBundle() throws Exception {
            Bundle b = addonBundles.get(random.nextInt(addonBundles.size()));
            if (b.equals(cleanupHooks)) {
                long last = lastCleanupToggle.get();
                long now = System.nanoTime();
                if (now - last < CLEANUP_TOGGLE_INTERVAL_NANOS || !lastCleanupToggle.compareAndSet(last, now)) {
                    return;
                }
            }
            if ((b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                b.stop();
            } else {
                b.start();
            }
        }

        /** Calls a random instance-data bundle's Addon service, if one is registered right now. */
        private void callBundleService() throws Exception {
            Collection<ServiceReference<Addon>> refs = context.getServiceReferences(Addon.class,
                    "(" + AddonConstants.SERVICE_MODULE + "=multiple_load)");
            if (refs.isEmpty()) {
                serviceGone.increment();
                return;
            }
            List<ServiceReference<Addon>> list = new ArrayList<>(refs);
            ServiceReference<Addon> ref = list.get(random.nextInt(list.size()));
            Addon addon = context.getService(ref);
            if (addon == null) {
                serviceGone.increment(); // its bundle stopped between the lookup and getService
                return;
            }
            try {
                Object value = addon.call("increment");
                check(value instanceof Integer i && i >= 1, "increment of a bundle's Addon service", value);
            } catch (IllegalStateException stoppedMeanwhile) {
                refusedBecauseClosed(addon.context(), stoppedMeanwhile);
            } finally {
                context.ungetService(ref);
            }
        }

        private Live pick() {
            List<Live> all = new ArrayList<>(live.values());
            return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
        }
    }

    /** close() runs the whole teardown on the calling thread: when it returns, the context is CLOSED. */
    private void closeAndCheck(AddonContext c) {
        c.close();
        unclosed.remove(c.id());
        if (c.state() == AddonContext.State.CLOSING) {
            known(Known.CLOSE_LEAVES_CLOSING, "close() of " + c + " returned, state " + c.state());
        } else if (c.state() != AddonContext.State.CLOSED) {
            error("close()", new AssertionError("close() of " + c + " returned, state " + c.state()));
        }
    }

    /** A refused call is expected only if the context really is no longer open. */
    private void refusedBecauseClosed(AddonContext c, IllegalStateException e) {
        if (c.state() == AddonContext.State.OPEN) {
            throw new AssertionError("IllegalStateException from an open context " + c, e);
        }
        refused.increment();
        unclosed.remove(c.id());
    }

    /** Each addon bundle: ACTIVE with exactly one Addon service on an open context, or RESOLVED with none. */
    private void checkActivations() {
        for (Bundle b : addonBundles) {
            ServiceReference<?>[] registered = b.getRegisteredServices();
            int services = registered == null ? 0 : registered.length;
            if (b.getState() == Bundle.ACTIVE && services == 0) {
                known(Known.EXTENDER_LOST_ACTIVATION, b + " is ACTIVE without its Addon service");
            } else if (b.getState() == Bundle.ACTIVE) {
                assertEquals(1, services, b + " services");
                Addon addon = (Addon) system.getService(registered[0]);
                assertEquals(AddonContext.State.OPEN, addon.context().state(), "context of active " + b);
                system.ungetService(registered[0]);
            } else {
                assertEquals(Bundle.RESOLVED, b.getState(), b + " state");
                assertEquals(0, services, "services of stopped " + b);
            }
        }
    }

    /**
     * The runtime reports no failure, except known false "still mapped" reports for files that are unmapped.
     * Each of those counts one failure and one module left mapped, so the totals must match (recentFailures keeps
     * the newest 100 only); the /proc/self/maps check afterwards covers every extracted file.
     */
    private void checkFailures(LifecycleCounters counters) {
        Pattern falseLeftMapped = Pattern.compile(".*: (/\\S+) is still mapped after its last context closed "
                + "\\(the dynamic loader kept it\\)");
        List<String> unexpected = new ArrayList<>();
        for (String failure : counters.recentFailures()) {
            Matcher m = falseLeftMapped.matcher(failure);
            if (!m.matches() || Frameworks.isMapped(Paths.get(m.group(1)))) {
                unexpected.add(failure);
            }
        }
        assertEquals(List.of(), unexpected, "runtime failures");
        assertEquals(counters.failures(), counters.modulesLeftMapped(), "failures other than 'left mapped' reports");
        if (counters.modulesLeftMapped() > 0) {
            known.get(Known.FALSE_LEFT_MAPPED).add(counters.modulesLeftMapped());
        }
    }

    private void known(Known issue, String what) {
        if (known.get(issue).sum() == 0) {
            System.out.println("stress: known runtime bug " + issue + ": " + what);
        }
        known.get(issue).increment();
    }

    /** Fails if a bug this test once found is back. */
    private void reportKnown() {
        String seen = known.entrySet().stream().filter(e -> e.getValue().sum() > 0)
                .map(e -> e.getKey() + " x" + e.getValue().sum()).collect(Collectors.joining(", "));
        if (!seen.isEmpty()) {
            System.out.println("stress: KNOWN RUNTIME BUGS seen (see StressTest.Known): " + seen);
            throw new AssertionError("runtime bugs this test found before are back: " + seen);
        }
    }

    private static void check(boolean ok, String what, Object actual) {
        if (!ok) {
            throw new AssertionError(what + ": got " + actual);
        }
    }

    private void error(String where, Throwable t) {
        if (errorCount.incrementAndGet() <= 20) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            errors.add(where + ": " + trace);
        }
    }

    /**
     * Felix's log: errors of the framework itself and exceptions thrown by listeners (which Felix catches and logs,
     * so nothing else would notice them). Each is an unexpected outcome unless it is a known bug.
     */
    private final class FrameworkLog extends org.apache.felix.framework.Logger {
        private final Queue<String> messages = new ConcurrentLinkedQueue<>();
        private final Queue<Throwable> throwables = new ConcurrentLinkedQueue<>();

        @Override
        protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference sr, int level,
                String msg, Throwable throwable) {
            if (throwable != null && throwable instanceof java.util.ConcurrentModificationException
                    && Arrays.stream(throwable.getStackTrace()).anyMatch(f -> f.getClassName()
                            .equals("dev.addons.osgi.AddonExtender") && f.getMethodName().equals("deactivate"))) {
                known(Known.EXTENDER_CONCURRENT_DEACTIVATE, msg + " " + throwable);
                return;
            }
            messages.add((bundle == null ? "" : bundle + ": ") + msg);
            throwables.add(throwable == null ? new RuntimeException(msg) : throwable);
        }

        void classify() {
            for (String message : messages) {
                error("framework log: " + message, throwables.remove());
            }
        }
    }

    /** The spec of a random present multiple_load service, or null if none is present right now. */
    private static ModuleSpec multipleLoadSpec(BundleContext context, Random random) {
        try {
            List<ServiceReference<Addon>> refs = new ArrayList<>(context.getServiceReferences(Addon.class,
                    "(" + AddonConstants.SERVICE_MODULE + "=multiple_load)"));
            if (refs.isEmpty()) {
                return null;
            }
            ServiceReference<Addon> ref = refs.get(random.nextInt(refs.size()));
            Addon addon = context.getService(ref);
            if (addon == null) {
                return null;
            }
            try {
                return addon.spec();
            } finally {
                context.ungetService(ref);
            }
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private Bundle installCopy(String location, String artifactId) throws Exception {
        try (InputStream in = Files.newInputStream(Frameworks.bundle(artifactId))) {
            return system.installBundle(location, in);
        }
    }

    /** The static_counter fixture, from the fixtures jar on the class path, as a file dlopen can load. */
    private static Path extractFixture(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("libstatic_counter.so");
        try (InputStream in = RandomLifecycle.class.getClassLoader().getResourceAsStream(FIXTURE)) {
            assertNotNull(in, FIXTURE + " not on the class path (addon.fixtures test dependency)");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** A bundle with a manifest only, whose context a thread uses: its own AddonRuntime view. */
    private static byte[] helperBundle(String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.IMPORT_PACKAGE, "dev.addons.api");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, manifest).close(); // the manifest is all there is
        return bytes.toByteArray();
    }

    /**
     * Module files under the framework's storage (extracted modules, isolated copies) or the fixture directory
     * still mapped; the runtime's own JNI library is expected to stay (class loaders unload it, not the runtime).
     */
    private List<String> leftMapped() {
        String storageDir = Frameworks.storage(storage) + "/";
        String fixtures = fixtureDir + "/";
        return Frameworks.mapped(f -> (f.startsWith(storageDir) || f.startsWith(fixtures))
                && !Paths.get(f).getFileName().toString().startsWith("libaddonrt"));
    }

    /** One line: seconds run, seed, operations per kind, refused calls, unexpected outcomes. */
    String summary() {
        long total = done.values().stream().mapToLong(LongAdder::sum).sum();
        String perOp = done.entrySet().stream().map(e -> e.getKey().name().toLowerCase() + "=" + e.getValue().sum())
                .collect(Collectors.joining(", "));
        return String.format("stress: %d s, %d threads, seed %d: %d operations (%s); calls refused on closed "
                + "contexts=%d, services gone=%d, contexts created=%d; unexpected=%d", secondsRun, THREADS, seed,
                total, perOp, refused.sum(), serviceGone.sum(), created.sum(), errorCount.get());
    }

    private static String stackOf(Thread t) {
        return Arrays.stream(t.getStackTrace()).map(String::valueOf)
                .collect(Collectors.joining("\n\tat ", "\n\tat ", ""));
    }
}
