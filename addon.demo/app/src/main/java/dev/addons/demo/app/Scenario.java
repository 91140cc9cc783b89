package dev.addons.demo.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.LifecycleCounters;
import dev.addons.api.AddonRuntime;
import dev.addons.shell.cycle.BundleSource;
import dev.addons.shell.cycle.CycleReport;
import dev.addons.shell.cycle.CycleRunner;

/**
 * The reference page's scenario, end to end, printing what happens:
 * <ol>
 * <li>two contexts of the instance-data addon, "Main thread" (the bundle's own activation) and "Worker thread" (a
 * context this bundle creates through the {@link AddonRuntime} service), each driven by its own thread, do the
 * page's random walk concurrently and print the page's lines;</li>
 * <li>stopping the cleanup-hook bundle prints {@code cleanup(4)} .. {@code cleanup(1)};</li>
 * <li>N load/unload cycles of a copy of the instance-data bundle, with a progress bar on a terminal and the leak
 * checks of {@link CycleRunner};</li>
 * <li>the zlib-async bundle compresses a file on the async pool, printing its progress ({@link FileCompression}).</li>
 * </ol>
 */
final class Scenario {

    static final String INSTANCE_DATA_BSN = "addon.demo.instancedata";
    static final String CLEANUP_HOOKS_BSN = "addon.demo.cleanuphooks";
    static final String MODULE = "multiple_load";
    private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final BundleContext context;
    private final PrintStream out;
    private final boolean terminal;
    private final List<String> failures = new ArrayList<>();

    Scenario(BundleContext context, PrintStream out, boolean terminal) {
        this.context = context;
        this.out = out;
        this.terminal = terminal;
    }

    /** Plays the three parts; true if nothing went wrong. */
    boolean run(Options options) throws Exception {
        AddonInspector inspector = service(AddonInspector.class, null);
        instanceData(inspector, options.iterations());
        cleanupHooks(inspector);
        if (options.cycles() > 0) {
            cycles(options.cycles());
        }
        compressFile();
        out.println();
        if (failures.isEmpty()) {
            out.println("addon-demo: ok, nothing leaked");
        } else {
            out.println("addon-demo: FAILED: " + String.join("; ", failures));
        }
        return failures.isEmpty();
    }

    /** Part 1: the instance-data example of the page, "Main thread" and "Worker thread" concurrently. */
    private void instanceData(AddonInspector inspector, int iterations) throws Exception {
        Addon main = service(Addon.class, "(&(" + AddonConstants.SERVICE_MODULE + "=" + MODULE
                + ")(service.bundleid=" + bundle(INSTANCE_DATA_BSN).getBundleId() + "))");
        AddonRuntime runtime = service(AddonRuntime.class, null);
        out.println("== 1. Instance data: two contexts of " + MODULE + ", " + (iterations + 1)
                + " calls each, concurrently ==");
        LifecycleCounters before = inspector.counters();
        AddonContext workerContext = runtime.newContext("Worker thread");
        try {
            Addon worker = workerContext.load(main.spec());
            out.println("Main thread:   context " + main.context().id() + " (" + main.context().name()
                    + "), the bundle's own activation");
            out.println("Worker thread: context " + workerContext.id() + ", created by "
                    + context.getBundle().getSymbolicName() + " [" + context.getBundle().getBundleId()
                    + "] through the AddonRuntime service");
            out.println("Both map one file: " + main.spec().file());
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> error = new AtomicReference<>();
            int[] last = new int[2];
            Thread mainThread = walker(main, "Main thread", iterations, start, error, last, 0);
            Thread workerThread = walker(worker, "Worker thread", iterations, start, error, last, 1);
            mainThread.start();
            workerThread.start();
            start.countDown();
            mainThread.join();
            workerThread.join();
            if (error.get() != null) {
                failures.add("the random walk failed: " + error.get());
                out.println("the random walk failed: " + error.get());
            }
            out.println("Main thread: last value " + last[0] + ", Worker thread: last value " + last[1]);
        } finally {
            workerContext.close();
        }
        LifecycleCounters after = inspector.counters();
        long closed = after.contextsClosed() - before.contextsClosed();
        long finalizers = after.finalizersRun() - before.finalizersRun();
        out.println("Worker thread context closed: " + closed + " context closed, " + finalizers
                + " finalizer run (its instance data freed); Main thread's context lives on with its bundle");
        if (closed != 1 || finalizers != 1) {
            failures.add("closing the worker context closed " + closed + " contexts and ran " + finalizers
                    + " finalizers, expected 1 and 1");
        }
    }

    /** One thread of the page's {@code useAddon}: iterations down to 0 inclusive, a random step each time. */
    private Thread walker(Addon addon, String prefix, int iterations, CountDownLatch start,
            AtomicReference<Throwable> error, int[] last, int slot) {
        Thread thread = new Thread(() -> {
            try {
                start.await();
                for (int i = iterations; i >= 0; i--) {
                    if (ThreadLocalRandom.current().nextDouble() < 0.5) {
                        last[slot] = (Integer) addon.call("decrement");
                        out.println(prefix + ": new value (decremented): " + last[slot]);
                    } else {
                        last[slot] = (Integer) addon.call("increment");
                        out.println(prefix + ": new value (incremented): " + last[slot]);
                    }
                }
            } catch (Throwable t) {
                error.compareAndSet(null, t);
            }
        }, prefix);
        return thread;
    }

    /** Part 2: the cleanup-hook example: stopping its bundle closes the context, and the hooks print. */
    private void cleanupHooks(AddonInspector inspector) throws BundleException {
        Bundle bundle = bundle(CLEANUP_HOOKS_BSN);
        out.println();
        out.println("== 2. Cleanup hooks: stopping " + name(bundle) + " ==");
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        LifecycleCounters before = inspector.counters();
        out.flush(); // the hooks write to the same descriptor from C (printf + fflush)
        bundle.stop();
        LifecycleCounters after = inspector.counters();
        long hooks = after.hooksRun() - before.hooksRun();
        long closed = after.contextsClosed() - before.contextsClosed();
        out.println("stop() returned: " + closed + " context closed, " + hooks + " cleanup hooks run, newest first");
        if (hooks != 4 || closed != 1) {
            failures.add("stopping " + name(bundle) + " ran " + hooks + " hooks in " + closed
                    + " contexts, expected 4 in 1");
        }
    }

    /** Part 3: load/unload cycles of a copy of the instance-data bundle, with the leak checks. */
    private void cycles(int cycles) throws IOException {
        out.println();
        out.println("== 3. " + cycles + " cycles of install, start, call, stop, uninstall, refresh: "
                + INSTANCE_DATA_BSN + " ==");
        BundleSource source;
        try (InputStream in = context.getBundle().getEntry("bundles/instancedata.jar").openStream()) {
            source = BundleSource.of("the copy inside " + context.getBundle().getSymbolicName(),
                    "addon-demo:bundles/instancedata.jar", in);
        }
        ProgressBar bar = terminal ? new ProgressBar(out) : null;
        // A fresh context each cycle: increment returns 1; the instance data has one finalizer and no hook.
        CycleReport report = new CycleRunner(context).call("increment").expectResult(1).expectPerCycle(0, 1)
                .progress(bar == null ? (done, total) -> {
                } : bar::update).run(source, cycles);
        if (bar != null) {
            bar.done();
        }
        out.println(report.format());
        if (report.leaked()) {
            failures.add("the cycles leaked");
        } else if (!report.ok()) {
            failures.add("the cycles failed");
        }
    }

    /** Part 4: real asynchronous work, a file compressed on the async pool with progress lines. */
    private void compressFile() throws Exception {
        Addon zlib = service(Addon.class, "(" + AddonConstants.SERVICE_MODULE + "=" + FileCompression.MODULE + ")");
        out.println();
        out.println("== 4. Asynchronous work: " + FileCompression.MODULE + ".compressFile of a "
                + FileCompression.SIZE / 1024 + " KiB file, progress through a thread-safe function ==");
        String failure = new FileCompression(out).run(zlib);
        if (failure != null) {
            failures.add(failure);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                return b;
            }
        }
        throw new IllegalStateException("bundle " + symbolicName + " is not installed");
    }

    private <T> T service(Class<T> type, String filter) throws InvalidSyntaxException, InterruptedException {
        Filter f = FrameworkUtil.createFilter("(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter)
                + ")");
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, f, null);
        tracker.open();
        T service = tracker.waitForService(WAIT_MILLIS);
        if (service == null) {
            tracker.close();
            throw new IllegalStateException("no " + type.getSimpleName() + " service " + (filter == null ? "" : filter)
                    + " within " + WAIT_MILLIS / 1000 + " s");
        }
        // kept open: the services stay in use while the application runs (closed with the framework)
        return service;
    }

    static String name(Bundle bundle) {
        return bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
    }

    /** A one-line progress bar, redrawn in place (terminal only). */
    static final class ProgressBar {
        private static final int WIDTH = 40;
        private final PrintStream out;
        private int shown = -1;

        ProgressBar(PrintStream out) {
            this.out = out;
        }

        void update(int done, int total) {
            int percent = (int) (100L * done / total);
            if (percent == shown) {
                return;
            }
            shown = percent;
            int filled = WIDTH * done / total;
            out.print(String.format(Locale.ROOT, "\r  [%s%s] %3d%%  %d/%d cycles", "#".repeat(filled),
                    ".".repeat(WIDTH - filled), percent, done, total));
            out.flush();
        }

        void done() {
            out.println();
        }
    }
}
