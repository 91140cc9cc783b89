package dev.addons.bench;

import java.nio.file.Path;
import java.util.Locale;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;
import dev.addons.core.MappedFiles;

/**
 * Resident memory over many context cycles (create, load the bench addon, call {@code add}, close), with no other
 * context keeping the module: every cycle maps and unmaps the library. Not a timing benchmark: it prints VmRSS
 * (from /proc/self/status) after a warm-up and a GC, again after the cycles and a GC, the growth, and whether the
 * library file is still mapped ({@code /proc/self/maps}).
 *
 * <p>{@link Report} runs it in its own JVM with a fixed, pre-touched heap ({@code -Xms=-Xmx},
 * {@code -XX:+AlwaysPreTouch}), so that heap sizing decisions do not show up as growth and what grows is native
 * memory, metaspace and code. Usage: {@code RssHarness [cycles [warmup]]}; the figures are printed as
 * {@code RSS-RESULT key=value ...} lines.
 */
public final class RssHarness {

    /** What one run measured. */
    public record Result(String variant, int warmup, int cycles, long rssBefore, long rssAfter, boolean mapped,
            int contextsLeft, int librariesLeft, double microsPerCycle) {

        public double growthMiB() {
            return (rssAfter - rssBefore) / (1024.0 * 1024.0);
        }

        String line() {
            return String.format(Locale.ROOT,
                    "RSS-RESULT variant=%s warmup=%d cycles=%d rssBefore=%d rssAfter=%d growthMiB=%.3f mapped=%s "
                            + "contextsLeft=%d librariesLeft=%d usPerCycle=%.1f",
                    variant, warmup, cycles, rssBefore, rssAfter, growthMiB(), mapped, contextsLeft, librariesLeft,
                    microsPerCycle);
        }
    }

    private RssHarness() {
    }

    public static void main(String[] args) throws InterruptedException {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        System.out.println(run("call", cycles, warmup, false).line());
        System.out.println(run("bind", cycles, warmup, true).line());
    }

    /**
     * Runs {@code warmup + cycles} cycles in a fresh runtime. With {@code bind}, each cycle also binds the
     * {@link BenchAddon} interface (a hidden class per binding) and calls through it.
     */
    public static Result run(String variant, int cycles, int warmup, boolean bind) throws InterruptedException {
        AddonRuntimeCore runtime = new AddonRuntimeCore();
        Path file = BenchFiles.benchAddon();
        ModuleSpec spec = ModuleSpec.of(BenchRuntime.MODULE, file);
        cycles(runtime, spec, warmup, bind);
        settle();
        long before = MappedFiles.residentBytes();
        long start = System.nanoTime();
        cycles(runtime, spec, cycles, bind);
        double micros = (System.nanoTime() - start) / 1e3 / Math.max(1, cycles);
        settle();
        long after = MappedFiles.residentBytes();
        return new Result(variant, warmup, cycles, before, after, MappedFiles.isMapped(file),
                runtime.contexts().size(), runtime.libraries().size(), micros);
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

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
