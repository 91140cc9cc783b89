package dev.addons.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.LifecycleCounters;
import dev.addons.shell.internal.Values;

/**
 * Runs N cycles of install, start, call, stop, uninstall, refresh of an addon bundle and checks that each cycle
 * leaves nothing behind. Used by the {@code addon:cycle} command and by the demo application.
 *
 * <p>What is checked, per cycle, with the runtime's {@link AddonInspector} and {@code /proc/self/maps}:
 * <ul>
 * <li>each module's file (the {@code addon.file} property of the copy's {@link Addon} service) is not mapped
 * before the copy starts, is mapped while it is active, and is gone from the map when {@code stop()} returns and
 * after uninstall and refresh;</li>
 * <li>no context owned by the copy is open once {@code stop()} has returned;</li>
 * <li>the cleanup hooks and finalizers run in the cycle (inspector counters, before and after) equal the
 * expected numbers ({@link #expectPerCycle}), or else those of the first cycle: a finalizer not run or run twice
 * shows as a cycle that differs;</li>
 * <li>over the run, as many contexts closed as were created, and the loader kept no module mapped;</li>
 * <li>the runtime reported no failure during the run.</li>
 * </ul>
 * The counters are the runtime's, for every context: run the cycles while nothing else opens or closes contexts.
 *
 * <p>Copies are installed from bytes with the location {@code <source location>#cycle-<n>}. A copy of a bundle
 * that is still installed has the same symbolic name and version: the framework must allow that
 * ({@code org.osgi.framework.bsnversion=multiple}), as the demo application does.
 */
public final class CycleRunner {

    /** The bytes the cycles install, where they came from, and what their manifest declares. */
    public record Source(String description, String location, byte[] content) {

        public Source {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        /** Reads the bundle at {@code location} (a URL) once. */
        public static Source ofLocation(String location) throws IOException {
            try (InputStream in = new URL(location).openStream()) {
                return new Source(location, location, in.readAllBytes());
            }
        }

        /** Reads {@code in} (a bundle jar) once. */
        public static Source of(String description, String location, InputStream in) throws IOException {
            return new Source(description, location, in.readAllBytes());
        }

        /**
         * A copy of an installed bundle: its own entries (not those of attached fragments) in a new jar, manifest
         * first.
         */
        public static Source ofBundle(Bundle bundle) throws IOException {
            URL manifestEntry = bundle.getEntry("META-INF/MANIFEST.MF");
            if (manifestEntry == null) {
                throw new IOException("bundle " + name(bundle) + " has no META-INF/MANIFEST.MF entry");
            }
            Manifest manifest;
            try (InputStream in = manifestEntry.openStream()) {
                manifest = new Manifest(in);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
                copyEntries(bundle, "/", jar);
            }
            return new Source("a copy of bundle " + name(bundle), bundle.getLocation(), bytes.toByteArray());
        }

        private static void copyEntries(Bundle bundle, String dir, JarOutputStream jar) throws IOException {
            Enumeration<String> paths = bundle.getEntryPaths(dir);
            if (paths == null) {
                return;
            }
            List<String> sorted = new ArrayList<>();
            paths.asIterator().forEachRemaining(sorted::add);
            sorted.sort(null);
            for (String path : sorted) {
                String name = path.startsWith("/") ? path.substring(1) : path;
                if (name.isEmpty() || name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    URL entry = bundle.getEntry(name);
                    try (InputStream in = entry.openStream()) {
                        in.transferTo(jar);
                    }
                }
                jar.closeEntry();
                if (name.endsWith("/")) {
                    copyEntries(bundle, name, jar);
                }
            }
        }

        /** The manifest of the bytes. */
        public Manifest manifest() throws IOException {
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        return new Manifest(zip);
                    }
                }
            }
            throw new IOException(description + " is not a bundle: no META-INF/MANIFEST.MF");
        }

        /** The module names of the {@code Addon-Module} header, in order; empty if there is none. */
        public List<String> moduleNames() throws IOException {
            String header = manifest().getMainAttributes().getValue(AddonConstants.ADDON_MODULE_HEADER);
            Set<String> names = new LinkedHashSet<>();
            if (header != null) {
                boolean quoted = false;
                StringBuilder clause = new StringBuilder();
                for (char c : (header + ",").toCharArray()) {
                    if (c == '"') {
                        quoted = !quoted;
                    }
                    if (c == ',' && !quoted) {
                        String name = clause.toString().split(";", 2)[0].trim();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                        clause.setLength(0);
                    } else {
                        clause.append(c);
                    }
                }
            }
            return List.copyOf(names);
        }
    }

    /** Told after each cycle. */
    @FunctionalInterface
    public interface Progress {
        void cycleDone(int done, int total);
    }

    /** Problems kept in a report; past that they are only counted. */
    private static final int MAX_PROBLEMS = 200;

    private final BundleContext context;
    private String function;
    private Object[] arguments = new Object[0];
    private Long expectedHooks;
    private Long expectedFinalizers;
    private Object expectedResult;
    private boolean checkResult;
    private Progress progress = (done, total) -> {
    };
    private long refreshTimeoutMillis = 60_000;

    public CycleRunner(BundleContext context) {
        this.context = context;
    }

    /**
     * The function each cycle calls in every module of the copy, with these arguments. Without it, each module's
     * first exported function is called without arguments (an addon error it throws is reported, not a leak).
     */
    public CycleRunner call(String function, Object... arguments) {
        this.function = function;
        this.arguments = arguments.clone();
        return this;
    }

    /** The value every call must return (for a fresh context: proves the instance data is new each time). */
    public CycleRunner expectResult(Object result) {
        this.expectedResult = result;
        this.checkResult = true;
        return this;
    }

    /** How many cleanup hooks and finalizers one cycle must run; without it, the first cycle sets the figures. */
    public CycleRunner expectPerCycle(long hooks, long finalizers) {
        this.expectedHooks = hooks;
        this.expectedFinalizers = finalizers;
        return this;
    }

    public CycleRunner progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** Runs {@code cycles} cycles of {@code source}. Stops at the first cycle that cannot install or start. */
    public CycleReport run(Source source, int cycles) throws IOException {
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be at least 1, not " + cycles);
        }
        Manifest manifest = source.manifest();
        String bsn = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        String bundleName = (bsn == null ? "?" : bsn.split(";", 2)[0].trim()) + (version == null ? "" : " " + version);
        List<String> modules = source.moduleNames();
        ServiceReference<AddonInspector> inspectorRef = context.getServiceReference(AddonInspector.class);
        AddonInspector inspector = inspectorRef == null ? null : context.getService(inspectorRef);
        if (inspector == null) {
            throw new IllegalStateException("no AddonInspector service: is the addon runtime (addon.impl) started?");
        }
        try {
            return new Run(inspector, source, bundleName, modules, cycles).execute();
        } finally {
            context.ungetService(inspectorRef);
        }
    }

    /** The state of one run. */
    private final class Run {
        final AddonInspector inspector;
        final Source source;
        final String bundleName;
        final List<String> modules;
        final int cycles;
        final List<String> problems = new ArrayList<>();
        final Map<String, Integer> calls = new LinkedHashMap<>();
        final Map<String, String> firstFunction = new HashMap<>();
        final long[] times;
        final ProcSelf beforeStart = new ProcSelf();
        final ProcSelf now = new ProcSelf();
        int cyclesRun;
        int unlisted;
        int instances;
        int contextsLeftOpen;
        int mappedBeforeStart;
        int mappedWhileStarted;
        int mappedAfterStop;
        int mappedAfterRefresh;
        int cyclesWithOtherHooks;
        int cyclesWithOtherFinalizers;
        Long hooksPerCycle = expectedHooks;
        Long finalizersPerCycle = expectedFinalizers;

        Run(AddonInspector inspector, Source source, String bundleName, List<String> modules, int cycles) {
            this.inspector = inspector;
            this.source = source;
            this.bundleName = bundleName;
            this.modules = modules;
            this.cycles = cycles;
            this.times = new long[cycles];
        }

        CycleReport execute() {
            FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
            long rssBefore = settledResidentBytes();
            LifecycleCounters start = inspector.counters();
            for (int cycle = 1; cycle <= cycles; cycle++) {
                LifecycleCounters before = inspector.counters();
                if (!cycle(cycle, wiring)) {
                    break;
                }
                LifecycleCounters after = inspector.counters();
                long hooks = after.hooksRun() - before.hooksRun();
                long finalizers = after.finalizersRun() - before.finalizersRun();
                if (hooksPerCycle == null) {
                    hooksPerCycle = hooks;
                    finalizersPerCycle = finalizers;
                }
                if (hooks != hooksPerCycle) {
                    cyclesWithOtherHooks++;
                    problem("cycle " + cycle + ": " + hooks + " cleanup hooks ran, expected " + hooksPerCycle);
                }
                if (finalizers != finalizersPerCycle) {
                    cyclesWithOtherFinalizers++;
                    problem("cycle " + cycle + ": " + finalizers + " finalizers ran, expected " + finalizersPerCycle
                            + (finalizers < finalizersPerCycle ? " (a finalizer did not run)" : " (one ran twice)"));
                }
                cyclesRun++;
                progress.cycleDone(cycle, cycles);
            }
            LifecycleCounters end = inspector.counters();
            long rssAfter = settledResidentBytes();
            long created = end.contextsCreated() - start.contextsCreated();
            long closed = end.contextsClosed() - start.contextsClosed();
            long leftMapped = end.modulesLeftMapped() - start.modulesLeftMapped();
            if (created != closed) {
                problem(created + " contexts created but " + closed + " closed");
            }
            if (leftMapped > 0) {
                problem(leftMapped + " module files stayed mapped after their last context closed");
            }
            long failures = end.failures() - start.failures();
            if (failures > 0) {
                List<String> recent = end.recentFailures();
                List<String> newest = recent.subList(Math.max(0, recent.size() - (int) Math.min(failures, 5)),
                        recent.size());
                problem("the runtime reported " + failures + " failures or warnings, the last: " + newest);
            }
            if (unlisted > 0) {
                problems.add("... and " + unlisted + " more problems, not listed");
            }
            long[] measured = Arrays.copyOf(times, cyclesRun);
            Arrays.sort(measured);
            long total = Arrays.stream(measured).sum();
            return new CycleReport(bundleName, source.description(), modules, cycles, cyclesRun, instances, created,
                    closed, contextsLeftOpen, end.hooksRun() - start.hooksRun(),
                    end.finalizersRun() - start.finalizersRun(), hooksPerCycle == null ? 0 : hooksPerCycle,
                    finalizersPerCycle == null ? 0 : finalizersPerCycle, expectedHooks != null,
                    cyclesWithOtherHooks, cyclesWithOtherFinalizers, mappedBeforeStart, mappedWhileStarted,
                    mappedAfterStop, mappedAfterRefresh, leftMapped, rssBefore, rssAfter, percentile(measured, 50),
                    percentile(measured, 99), total, calls, problems);
        }

        /** One cycle; false if it could not be completed (the problem is recorded). */
        boolean cycle(int cycle, FrameworkWiring wiring) {
            beforeStart.snapshot();
            Bundle bundle = null;
            boolean uninstalled = false;
            long elapsed = 0;
            try {
                long t0 = System.nanoTime();
                bundle = context.installBundle(source.location() + "#cycle-" + cycle,
                        new ByteArrayInputStream(source.content));
                bundle.start();
                String owner = " [" + bundle.getBundleId() + "]";
                List<String> files = new ArrayList<>();
                List<Long> contextIds = new ArrayList<>();
                List<Object[]> results = new ArrayList<>();
                ServiceReference<?>[] registered = bundle.getRegisteredServices();
                for (ServiceReference<?> ref : registered == null ? new ServiceReference<?>[0] : registered) {
                    if (!Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS)).contains(
                            Addon.class.getName())) {
                        continue;
                    }
                    instances++;
                    files.add(String.valueOf(ref.getProperty(AddonConstants.SERVICE_FILE)));
                    Object id = ref.getProperty(AddonConstants.SERVICE_CONTEXT_ID);
                    if (id instanceof Number n) {
                        contextIds.add(n.longValue());
                    }
                    Addon addon = (Addon) context.getService(ref);
                    if (addon != null) {
                        try {
                            results.add(callOnce(addon));
                        } finally {
                            context.ungetService(ref);
                        }
                    }
                }
                long t1 = System.nanoTime();
                elapsed += t1 - t0;
                if (files.isEmpty() && !modules.isEmpty()) {
                    problem("cycle " + cycle + ": " + bundleName + owner + " registered no Addon service"
                            + " (its modules did not load: see the runtime's log)");
                }
                for (Object[] result : results) {
                    String key = (String) result[0];
                    calls.merge(key, 1, Integer::sum);
                    if (checkResult && !Boolean.TRUE.equals(result[1])) {
                        problem("cycle " + cycle + ": " + key + ", expected " + Values.format(expectedResult));
                    }
                }
                now.snapshot();
                for (String file : files) {
                    if (beforeStart.maps(file)) {
                        mappedBeforeStart++;
                        problem("cycle " + cycle + ": " + file + " was mapped before the bundle started");
                    }
                    if (now.maps(file)) {
                        mappedWhileStarted++;
                    } else {
                        problem("cycle " + cycle + ": " + file + " is not mapped while the bundle is active");
                    }
                }

                long t2 = System.nanoTime();
                bundle.stop();
                long t3 = System.nanoTime();
                elapsed += t3 - t2;
                now.snapshot();
                for (String file : files) {
                    if (now.maps(file)) {
                        mappedAfterStop++;
                        problem("cycle " + cycle + ": " + file + " is still mapped after stop()");
                    }
                }
                for (AddonInspector.ContextInfo info : inspector.contexts()) {
                    if (contextIds.contains(info.id()) || info.owner().endsWith(owner)) {
                        contextsLeftOpen++;
                        problem("cycle " + cycle + ": context " + info.id() + " (" + info.name() + ") of "
                                + info.owner() + " is " + info.state() + " after stop()");
                    }
                }

                long t4 = System.nanoTime();
                bundle.uninstall();
                uninstalled = true;
                boolean refreshed = refresh(wiring, bundle);
                long t5 = System.nanoTime();
                elapsed += t5 - t4;
                if (!refreshed) {
                    problem("cycle " + cycle + ": the refresh did not finish within " + refreshTimeoutMillis + " ms");
                    return false;
                }
                now.snapshot();
                for (String file : files) {
                    if (now.maps(file)) {
                        mappedAfterRefresh++;
                        problem("cycle " + cycle + ": " + file + " is still mapped after uninstall and refresh");
                    }
                }
                times[cycle - 1] = elapsed;
                return true;
            } catch (BundleException | RuntimeException e) {
                boolean duplicate = e instanceof BundleException be
                        && be.getType() == BundleException.DUPLICATE_BUNDLE_ERROR;
                problem("cycle " + cycle + ": " + e + (duplicate ? " (the framework refuses a second " + bundleName
                        + ": run it with org.osgi.framework.bsnversion=multiple, or cycle a location whose bundle is"
                        + " not installed)" : ""));
                if (bundle != null && !uninstalled) {
                    try {
                        bundle.uninstall();
                        refresh(wiring, bundle);
                    } catch (BundleException | RuntimeException cleanup) {
                        problem("cycle " + cycle + ": cannot uninstall the copy: " + cleanup);
                    }
                }
                return false;
            }
        }

        /** Calls the function once: {description, whether it matched the expected result}. */
        private Object[] callOnce(Addon addon) {
            String module = addon.moduleName();
            String fn = function != null ? function : firstFunction.computeIfAbsent(module, m -> firstFunction(addon));
            if (fn.isEmpty()) {
                return new Object[] {module + ": no exported function to call", !checkResult};
            }
            String call = module + "." + fn + "(" + Values.formatArguments(arguments) + ")";
            try {
                Object result = addon.call(fn, arguments);
                boolean expected = !checkResult || Values.format(expectedResult).equals(Values.format(result));
                return new Object[] {call + " -> " + Values.format(result), expected};
            } catch (RuntimeException e) {
                return new Object[] {call + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), false};
            }
        }

        private String firstFunction(Addon addon) {
            for (String name : addon.exportNames()) {
                Object value = addon.get(name);
                if (value instanceof String s && s.startsWith("[Function")) {
                    return name;
                }
            }
            return "";
        }

        private boolean refresh(FrameworkWiring wiring, Bundle bundle) {
            CountDownLatch done = new CountDownLatch(1);
            wiring.refreshBundles(List.of(bundle), event -> {
                if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                    done.countDown();
                }
            });
            try {
                return done.await(refreshTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void problem(String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(message);
            } else {
                unlisted++;
            }
        }
    }

    /**
     * The resident set size once the garbage is collected and the collector has given the freed heap back to the
     * system (G1 does that in the background after a full collection): what is still in use, not garbage that
     * happens not to be collected yet. At most about 2 s.
     */
    static long settledResidentBytes() {
        System.gc();
        long rss = ProcSelf.residentBytes();
        for (int i = 0; i < 20; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long next = ProcSelf.residentBytes();
            if (next >= rss) {
                return next;
            }
            rss = next;
        }
        return rss;
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    static String name(Bundle bundle) {
        return bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
    }
}
