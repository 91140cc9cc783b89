package dev.addons.shell.cycle;

import java.io.IOException;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import dev.addons.api.Addon;
import dev.addons.api.AddonInspector;

/**
 * Runs N cycles of install, start, call, stop, uninstall, refresh of an addon bundle and checks that each cycle
 * leaves nothing behind. Used by the {@code addon:cycle} command and by the demo application.
 *
 * <p>What is checked, per cycle, with the runtime's {@link AddonInspector} and {@code /proc/self/maps}:
 * <ul>
 * <li>each module's file (the {@code addon.file} property of the copy's {@link Addon} service) is not mapped
 * before the copy starts, is mapped while it is active, and is gone from the map when {@code stop()} returns and
 * after uninstall and refresh ({@code MappedFileChecks});</li>
 * <li>no context owned by the copy is open once {@code stop()} has returned;</li>
 * <li>the cleanup hooks and finalizers run in the cycle (inspector counters, before and after) equal the
 * expected numbers ({@link #expectPerCycle}), or else those of the first cycle: a finalizer not run or run twice
 * shows as a cycle that differs;</li>
 * <li>over the run, as many contexts closed as were created, and the loader kept no module mapped;</li>
 * <li>the runtime reported no failure during the run.</li>
 * </ul>
 * The counters are the runtime's, for every context: run the cycles while nothing else opens or closes contexts.
 *
 * <p>Copies are installed from bytes with the location {@code <source location>#cycle-<n>} and the symbolic name
 * {@code <symbolic name>.cycle.<n>}, so that frameworks that refuse two bundles of one name and version (Equinox,
 * Karaf, {@code org.osgi.framework.bsnversion=single}) install a copy of a bundle that is still installed.
 */
public final class CycleRunner {

    /** Told after each cycle. */
    @FunctionalInterface
    public interface Progress {
        void cycleDone(int done, int total);
    }

    private static final long REFRESH_TIMEOUT_MILLIS = 60_000;

    private final BundleContext context;
    private String function;
    private Object[] arguments = new Object[0];
    private Long expectedHooks;
    private Long expectedFinalizers;
    private Object expectedResult;
    private boolean checkResult;
    private Progress progress = (done, total) -> {
    };

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
    public CycleReport run(BundleSource source, int cycles) throws IOException {
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles must be at least 1, not " + cycles);
        }
        String bundleName = source.bundleName();
        List<String> modules = source.moduleNames();
        ServiceReference<AddonInspector> inspectorRef = context.getServiceReference(AddonInspector.class);
        AddonInspector inspector = inspectorRef == null ? null : context.getService(inspectorRef);
        if (inspector == null) {
            throw new IllegalStateException("no AddonInspector service: is the addon runtime (addon.impl) started?");
        }
        try {
            ModuleCaller caller = new ModuleCaller(function, arguments, checkResult, expectedResult);
            return new CycleRun(context, inspector, source, bundleName, modules, cycles, caller,
                    new Refresher(context, REFRESH_TIMEOUT_MILLIS), progress, expectedHooks, expectedFinalizers)
                    .execute();
        } finally {
            context.ungetService(inspectorRef);
        }
    }
}
