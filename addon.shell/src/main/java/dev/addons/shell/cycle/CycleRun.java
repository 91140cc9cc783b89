package dev.addons.shell.cycle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.LifecycleCounters;

/** The state of one run of {@link CycleRunner}: the cycles, their checks, and the report they make. */
final class CycleRun {

    private final BundleContext context;
    private final AddonInspector inspector;
    private final BundleSource source;
    private final String bundleName;
    private final List<String> modules;
    private final int cycles;
    private final ModuleCaller caller;
    private final Refresher refresher;
    private final CycleRunner.Progress progress;
    private final boolean expectationsGiven;
    private final Problems problems = new Problems();
    private final MappedFileChecks maps = new MappedFileChecks(problems);
    private final Map<String, Integer> calls = new LinkedHashMap<>();
    private final long[] times;
    private int cyclesRun;
    private int instances;
    private int contextsLeftOpen;
    private int cyclesWithOtherHooks;
    private int cyclesWithOtherFinalizers;
    private Long hooksPerCycle;
    private Long finalizersPerCycle;

    CycleRun(BundleContext context, AddonInspector inspector, BundleSource source, String bundleName,
            List<String> modules, int cycles, ModuleCaller caller, Refresher refresher, CycleRunner.Progress progress,
            Long expectedHooks, Long expectedFinalizers) {
        this.context = context;
        this.inspector = inspector;
        this.source = source;
        this.bundleName = bundleName;
        this.modules = modules;
        this.cycles = cycles;
        this.caller = caller;
        this.refresher = refresher;
        this.progress = progress;
        this.expectationsGiven = expectedHooks != null;
        this.hooksPerCycle = expectedHooks;
        this.finalizersPerCycle = expectedFinalizers;
        this.times = new long[cycles];
    }

    CycleReport execute() {
        long rssBefore = Measures.settledResidentBytes();
        LifecycleCounters start = inspector.counters();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            LifecycleCounters before = inspector.counters();
            if (!cycle(cycle)) {
                break;
            }
            checkCounters(cycle, before, inspector.counters());
            cyclesRun++;
            progress.cycleDone(cycle, cycles);
        }
        LifecycleCounters end = inspector.counters();
        long rssAfter = Measures.settledResidentBytes();
        long created = end.contextsCreated() - start.contextsCreated();
        long closed = end.contextsClosed() - start.contextsClosed();
        long leftMapped = end.modulesLeftMapped() - start.modulesLeftMapped();
        if (created != closed) {
            problems.add(created + " contexts created but " + closed + " closed");
        }
        if (leftMapped > 0) {
            problems.add(leftMapped + " module files stayed mapped after their last context closed");
        }
        long failures = end.failures() - start.failures();
        if (failures > 0) {
            List<String> recent = end.recentFailures();
            List<String> newest = recent.subList(Math.max(0, recent.size() - (int) Math.min(failures, 5)),
                    recent.size());
            problems.add("the runtime reported " + failures + " failures or warnings, the last: " + newest);
        }
        long[] measured = Arrays.copyOf(times, cyclesRun);
        Arrays.sort(measured);
        long total = Arrays.stream(measured).sum();
        return new CycleReport(bundleName, source.description(), modules, cycles, cyclesRun, instances, created,
                closed, contextsLeftOpen, end.hooksRun() - start.hooksRun(),
                end.finalizersRun() - start.finalizersRun(), hooksPerCycle == null ? 0 : hooksPerCycle,
                finalizersPerCycle == null ? 0 : finalizersPerCycle, expectationsGiven, cyclesWithOtherHooks,
                cyclesWithOtherFinalizers, maps.mappedBeforeStart, maps.mappedWhileStarted, maps.mappedAfterStop,
                maps.mappedAfterRefresh, leftMapped, rssBefore, rssAfter, Measures.percentile(measured, 50),
                Measures.percentile(measured, 99), total, calls, problems.list());
    }

    /** The hooks and finalizers one cycle ran: as expected, or as many as in the first cycle. */
    private void checkCounters(int cycle, LifecycleCounters before, LifecycleCounters after) {
        long hooks = after.hooksRun() - before.hooksRun();
        long finalizers = after.finalizersRun() - before.finalizersRun();
        if (hooksPerCycle == null) {
            hooksPerCycle = hooks;
            finalizersPerCycle = finalizers;
        }
        if (hooks != hooksPerCycle) {
            cyclesWithOtherHooks++;
            problems.add("cycle " + cycle + ": " + hooks + " cleanup hooks ran, expected " + hooksPerCycle);
        }
        if (finalizers != finalizersPerCycle) {
            cyclesWithOtherFinalizers++;
            problems.add("cycle " + cycle + ": " + finalizers + " finalizers ran, expected " + finalizersPerCycle
                    + (finalizers < finalizersPerCycle ? " (a finalizer did not run)" : " (one ran twice)"));
        }
    }

    /** One cycle; false if it could not be completed (the problem is recorded). */
    private boolean cycle(int cycle) {
        maps.beforeStart();
        Bundle bundle = null;
        boolean uninstalled = false;
        long elapsed = 0;
        try {
            // Under a name of its own: the original may still be installed (see RenamedCopy).
            byte[] copyOfThisCycle = RenamedCopy.of(source.content(), cycle, source.description());
            long t0 = System.nanoTime();
            bundle = context.installBundle(source.location() + "#cycle-" + cycle,
                    new ByteArrayInputStream(copyOfThisCycle));
            bundle.start();
            CopyInstances copy = CopyInstances.callEach(context, bundle, caller);
            long t1 = System.nanoTime();
            elapsed += t1 - t0;
            instances += copy.files.size();
            if (copy.files.isEmpty() && !modules.isEmpty()) {
                problems.add("cycle " + cycle + ": " + bundleName + " [" + bundle.getBundleId() + "]"
                        + " registered no Addon service (its modules did not load: see the runtime's log)");
            }
            for (ModuleCaller.Outcome outcome : copy.outcomes) {
                calls.merge(outcome.description(), 1, Integer::sum);
                if (caller.checksResult() && !outcome.expected()) {
                    problems.add("cycle " + cycle + ": " + outcome.description() + ", " + caller.expectation());
                }
            }
            maps.whileStarted(cycle, copy.files);

            long t2 = System.nanoTime();
            bundle.stop();
            long t3 = System.nanoTime();
            elapsed += t3 - t2;
            maps.afterStop(cycle, copy.files);
            checkContextsClosed(cycle, bundle, copy.contextIds);

            long t4 = System.nanoTime();
            bundle.uninstall();
            uninstalled = true;
            boolean refreshed = refresher.refresh(bundle);
            long t5 = System.nanoTime();
            elapsed += t5 - t4;
            if (!refreshed) {
                problems.add("cycle " + cycle + ": the refresh did not finish within " + refresher.timeoutMillis()
                        + " ms");
                return false;
            }
            maps.afterRefresh(cycle, copy.files);
            times[cycle - 1] = elapsed;
            return true;
        } catch (BundleException | IOException | RuntimeException e) {
            boolean duplicate = e instanceof BundleException be
                    && be.getType() == BundleException.DUPLICATE_BUNDLE_ERROR;
            problems.add("cycle " + cycle + ": " + e + (duplicate ? " (the framework refuses a second bundle named "
                    + RenamedCopy.derivedName(bundleName.split(" ", 2)[0], cycle) + ": is a copy of an earlier "
                    + "addon:cycle run still installed?)" : ""));
            if (bundle != null && !uninstalled) {
                try {
                    bundle.uninstall();
                    refresher.refresh(bundle);
                } catch (BundleException | RuntimeException cleanup) {
                    problems.add("cycle " + cycle + ": cannot uninstall the copy: " + cleanup);
                }
            }
            return false;
        }
    }

    /** No context of the copy is open once its {@code stop()} returned. */
    private void checkContextsClosed(int cycle, Bundle bundle, List<Long> contextIds) {
        for (AddonInspector.ContextInfo info : inspector.contexts()) {
            if (contextIds.contains(info.id()) || info.ownerBundleId() == bundle.getBundleId()) {
                contextsLeftOpen++;
                problems.add("cycle " + cycle + ": context " + info.id() + " (" + info.name() + ") of "
                        + info.owner() + " is " + info.state() + " after stop()");
            }
        }
    }
}
