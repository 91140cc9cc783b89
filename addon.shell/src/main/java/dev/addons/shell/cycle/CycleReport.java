package dev.addons.shell.cycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link CycleRunner} saw. Counts of module instances ({@code instances}) are cycles times the modules the
 * bundle declares.
 *
 * @param bundle symbolic name and version of the bundle cycled
 * @param source where its bytes came from
 * @param modules the modules its {@code Addon-Module} header declares
 * @param cyclesRequested how many cycles were asked for
 * @param cyclesRun how many ran to the end (fewer if one failed)
 * @param instances module instances seen (an {@code Addon} service registered by a started copy)
 * @param contextsCreated contexts the runtime created during the cycles (inspector counters)
 * @param contextsClosed contexts the runtime closed during the cycles
 * @param contextsLeftOpen contexts of a copy still open after its {@code stop()} returned
 * @param hooksRun cleanup hooks run during the cycles
 * @param finalizersRun finalizers (instance data, wrapped and external values) run during the cycles
 * @param hooksPerCycle the expected hooks per cycle: given to the runner, or else those of the first cycle
 * @param finalizersPerCycle the expected finalizers per cycle, likewise
 * @param expectationsGiven whether the two values above were given (true) or taken from the first cycle (false)
 * @param cyclesWithOtherHooks cycles whose hook count differed from {@code hooksPerCycle}
 * @param cyclesWithOtherFinalizers cycles whose finalizer count differed from {@code finalizersPerCycle} (a
 *        finalizer not run, or run twice)
 * @param mappedBeforeStart instances whose file was in {@code /proc/self/maps} before the copy started
 * @param mappedWhileStarted instances whose file was mapped while the copy was active
 * @param mappedAfterStop instances whose file was still mapped after {@code stop()} returned
 * @param mappedAfterRefresh instances whose file was still mapped after uninstall and refresh
 * @param modulesLeftMapped modules the dynamic loader refused to unload (inspector counter)
 * @param rssBefore resident set size before the first cycle, bytes (-1 if unknown)
 * @param rssAfter resident set size after the last cycle, bytes (-1 if unknown)
 * @param medianNanos median time of one cycle (install to refresh, the checks excluded)
 * @param p99Nanos 99th percentile (nearest rank) of the cycle times
 * @param totalNanos sum of the cycle times
 * @param calls what each call returned (or threw), with how many cycles saw it, in order of first appearance
 * @param problems what went wrong, one line each; empty when the run is clean
 */
public record CycleReport(String bundle, String source, List<String> modules, int cyclesRequested, int cyclesRun,
        int instances, long contextsCreated, long contextsClosed, int contextsLeftOpen, long hooksRun,
        long finalizersRun, long hooksPerCycle, long finalizersPerCycle, boolean expectationsGiven,
        int cyclesWithOtherHooks, int cyclesWithOtherFinalizers, int mappedBeforeStart, int mappedWhileStarted,
        int mappedAfterStop, int mappedAfterRefresh, long modulesLeftMapped, long rssBefore, long rssAfter,
        long medianNanos, long p99Nanos, long totalNanos, Map<String, Integer> calls, List<String> problems) {

    public CycleReport {
        modules = List.copyOf(modules);
        calls = Collections.unmodifiableMap(new LinkedHashMap<>(calls));
        problems = List.copyOf(problems);
    }

    /**
     * True if something was left behind: a context left open, a file left mapped, a finalizer not run or run
     * twice, a hook count that changed between cycles, or fewer contexts closed than created.
     */
    public boolean leaked() {
        return contextsLeftOpen > 0 || contextsCreated != contextsClosed || mappedAfterStop > 0
                || mappedAfterRefresh > 0 || cyclesWithOtherHooks > 0 || cyclesWithOtherFinalizers > 0
                || modulesLeftMapped > 0;
    }

    /** True if every cycle ran and nothing went wrong. */
    public boolean ok() {
        return problems.isEmpty() && cyclesRun == cyclesRequested;
    }

    /** The summary, one figure a line, ending with the verdict. */
    public String format() {
        List<String> lines = new ArrayList<>();
        lines.add("Cycles of " + bundle + " (module" + (modules.size() == 1 ? " " : "s ") + String.join(", ", modules)
                + ", from " + source + "): " + cyclesRun + " of " + cyclesRequested);
        lines.add(row("each cycle", "install, start, call, stop, uninstall, refresh"));
        for (Map.Entry<String, Integer> call : calls.entrySet()) {
            lines.add(row("call", call.getKey() + " (" + call.getValue() + " of " + cyclesRun + " cycles)"));
        }
        lines.add(row("contexts created / closed / left open",
                contextsCreated + " / " + contextsClosed + " / " + contextsLeftOpen));
        lines.add(row("cleanup hooks run", hooksRun + " (" + perCycle(hooksPerCycle, cyclesWithOtherHooks) + ")"));
        lines.add(row("finalizers run",
                finalizersRun + " (" + perCycle(finalizersPerCycle, cyclesWithOtherFinalizers) + ")"));
        lines.add(row("module file mapped (/proc/self/maps)",
                "before start " + mappedBeforeStart + "/" + instances + ", while started " + mappedWhileStarted
                        + "/" + instances + ", after stop " + mappedAfterStop + "/" + instances
                        + ", after refresh " + mappedAfterRefresh + "/" + instances));
        lines.add(row("modules the loader kept mapped", Long.toString(modulesLeftMapped)));
        lines.add(row("RSS (VmRSS)", "before " + mib(rssBefore) + ", after " + mib(rssAfter) + " ("
                + (rssBefore < 0 || rssAfter < 0 ? "?" : signedMib(rssAfter - rssBefore)) + ")"));
        lines.add(row("cycle time", "median " + millis(medianNanos) + ", p99 " + millis(p99Nanos) + ", total "
                + String.format(Locale.ROOT, "%.2f s", totalNanos / 1e9)));
        for (String problem : problems.subList(0, Math.min(problems.size(), 20))) {
            lines.add("  problem: " + problem);
        }
        if (problems.size() > 20) {
            lines.add("  ... and " + (problems.size() - 20) + " more problems");
        }
        lines.add(row("verdict", leaked() ? "LEAK" : ok() ? "no leak" : "FAILED (no leak seen, but see the problems)"));
        return String.join(System.lineSeparator(), lines);
    }

    private String perCycle(long expected, int otherCycles) {
        String base = expected + " per cycle " + (expectationsGiven ? "expected" : "as in the first cycle");
        return otherCycles == 0 ? base + ", every cycle" : base + ", " + otherCycles + " cycles differ";
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-38s %s", label + ":", value);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String signedMib(long bytes) {
        return String.format(Locale.ROOT, "%+.1f MiB", bytes / 1048576.0);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
