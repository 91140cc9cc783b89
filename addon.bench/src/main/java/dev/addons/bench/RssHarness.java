package dev.addons.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;
import dev.addons.api.proc.ProcSelf;

/**
 * Resident memory over many context cycles (create, load the bench addon, call {@code add}, close), with no other
 * context keeping the module: every cycle maps and unmaps the library. Not a timing benchmark: it prints VmRSS
 * (from /proc/self/status) after a warm-up and a GC, again after the cycles and a GC, the growth, the C heap in use
 * before and after (glibc {@code mallinfo2}: tells a native leak from the JVM's own growth), and whether the
 * library file is still mapped ({@code /proc/self/maps}).
 *
 * <p>{@link Report} runs it in its own JVM with a fixed, pre-touched heap ({@code -Xms=-Xmx},
 * {@code -XX:+AlwaysPreTouch}), so that heap sizing decisions do not show up as growth and what grows is native
 * memory, metaspace and code. Usage: {@code RssHarness [cycles [warmup [label-suffix [variants]]]]}, variants a
 * comma-separated subset of {@code call,shared,bind}; the figures are printed as {@code RSS-RESULT key=value ...}
 * lines.
 *
 * <p>Measured on JDK 17 (2026-11): with the default tiered JIT, VmRSS grows by several MiB over the cycles while
 * the C heap in use stays flat and the C heap held from the system grows by as much: memory the C2 compiler
 * malloc'ed and freed while compiling during the cycles, which glibc keeps (malloc_trim(0) gives it back). With
 * {@code -Xint} or {@code -XX:TieredStopAtLevel=1} the same 10,000 cycles grow VmRSS by under 0.1 MiB. So the
 * report also runs the {@code call} variant with C1 only.
 */
public final class RssHarness {

    /** What one run measured. */
    public record Result(String variant, int warmup, int cycles, long rssBefore, long rssAfter, long mallocBefore,
            long mallocAfter, long heldBefore, long heldAfter, boolean mapped, int contextsLeft, int librariesLeft,
            double microsPerCycle) {

        public double growthMiB() {
            return (rssAfter - rssBefore) / (1024.0 * 1024.0);
        }

        /** Growth of the C heap in use (malloc'ed, not freed), in bytes per cycle. */
        public double mallocBytesPerCycle() {
            return (mallocAfter - mallocBefore) / (double) Math.max(1, cycles);
        }

        String line() {
            return String.format(Locale.ROOT,
                    "RSS-RESULT variant=%s warmup=%d cycles=%d rssBefore=%d rssAfter=%d mallocBefore=%d mallocAfter=%d "
                            + "heldBefore=%d heldAfter=%d growthMiB=%.3f mapped=%s contextsLeft=%d librariesLeft=%d "
                            + "usPerCycle=%.1f",
                    variant, warmup, cycles, rssBefore, rssAfter, mallocBefore, mallocAfter, heldBefore, heldAfter,
                    growthMiB(), mapped, contextsLeft, librariesLeft, microsPerCycle);
        }
    }

    private RssHarness() {
    }

    public static void main(String[] args) throws InterruptedException {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        String suffix = args.length > 2 && !args[2].equals("-") ? args[2] : "";
        List<String> variants = List.of((args.length > 3 ? args[3] : "call,shared,bind").split(","));
        for (String v : variants) {
            Result r = run(v + suffix, cycles, warmup, v.equals("bind"), v.equals("shared"));
            System.out.println(r.line());
        }
    }

    /**
     * Runs {@code warmup + cycles} cycles in a fresh runtime. With {@code bind}, each cycle also binds the
     * {@link BenchAddon} interface (a hidden class per binding) and calls through it. With {@code keeper}, another
     * context holds the module during the cycles (so they share its mapping: no dlopen/dlclose per cycle); it is
     * closed before the mapping is checked.
     */
    public static Result run(String variant, int cycles, int warmup, boolean bind, boolean keeper)
            throws InterruptedException {
        RawJni.load();
        AddonRuntimeCore runtime = new AddonRuntimeCore();
        Path file = BenchFiles.benchAddon();
        ModuleSpec spec = ModuleSpec.of(BenchRuntime.MODULE, file);
        AddonContext keeping = null;
        if (keeper) {
            keeping = runtime.newContext("keeper");
            keeping.load(spec);
        }
        cycles(runtime, spec, warmup, bind);
        settle();
        long before = ProcSelf.residentBytes();
        long mallocBefore = RawJni.mallocInUse();
        long heldBefore = RawJni.mallocHeld();
        long start = System.nanoTime();
        cycles(runtime, spec, cycles, bind);
        double micros = (System.nanoTime() - start) / 1e3 / Math.max(1, cycles);
        settle();
        long after = ProcSelf.residentBytes();
        long mallocAfter = RawJni.mallocInUse();
        long heldAfter = RawJni.mallocHeld();
        if (keeping != null) {
            keeping.close();
        }
        return new Result(variant, warmup, cycles, before, after, mallocBefore, mallocAfter, heldBefore, heldAfter,
                ProcSelf.isMapped(file), runtime.contexts().size(), runtime.libraries().size(), micros);
    }

    private static void cycles(AddonRuntimeCore runtime, ModuleSpec spec, int n, boolean bind) {
        for (int i = 0; i < n; i++) {
            try (AddonContext context = runtime.newContext("rss-" + i)) {
                Addon addon = context.load(spec);
                int sum = bind ? addon.bind(BenchAddon.class).add(i, 1) : (Integer) addon.call("add", i, 1);
                if (sum != i + 1) {
                    throw new IllegalStateException("add(" + i + ", 1) answered " + sum);
                }
            }
        }
    }

    /**
     * Three full GCs, then a pause longer than the JVM's arena chunk pool cleaner interval (5 s): memory the JIT
     * compilers borrowed meanwhile is malloc'ed "Arena Chunk" memory that the JVM gives back only then.
     */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Thread.sleep(Long.getLong("rss.settle.ms", 6_000));
    }
}
