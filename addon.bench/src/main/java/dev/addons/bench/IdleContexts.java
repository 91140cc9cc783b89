package dev.addons.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * What an idle context costs (docs/async.md, "Cost and limits"): N contexts are opened, each loading the bench addon,
 * and kept open doing nothing; the Java heap in use (after full GCs), the C heap in use (glibc {@code mallinfo2}) and
 * the process's threads ({@code /proc/self/status}) are read before and after. Two populations: contexts whose module
 * never used async work, and contexts whose module ran one async work ({@code addLater}, awaited), so that the
 * context's event loop exists. Not a timing benchmark. Usage: {@code IdleContexts [contexts]}; the figures are printed
 * as {@code IDLE-RESULT key=value ...} lines.
 */
public final class IdleContexts {

    /** What one population cost. */
    public record Result(String population, int contexts, long heapBytes, long mallocBytes, int threadsBefore,
            int threadsAfter) {

        public double heapPerContext() {
            return heapBytes / (double) contexts;
        }

        public double mallocPerContext() {
            return mallocBytes / (double) contexts;
        }

        /** Java heap and C heap together, per context. */
        public double bytesPerContext() {
            return heapPerContext() + mallocPerContext();
        }

        public String line() {
            return String.format(Locale.ROOT,
                    "IDLE-RESULT population=%s contexts=%d heapPerContext=%.0f mallocPerContext=%.0f "
                            + "bytesPerContext=%.0f threadsBefore=%d threadsAfter=%d",
                    population, contexts, heapPerContext(), mallocPerContext(), bytesPerContext(), threadsBefore,
                    threadsAfter);
        }
    }

    private static final int WARMUP = 200;

    private IdleContexts() {
    }

    public static void main(String[] args) {
        int contexts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (AddonRuntimeCore runtime = new AddonRuntimeCore()) {
            System.out.println(measure(runtime, contexts, false).line());
            System.out.println(measure(runtime, contexts, true).line());
        }
    }

    /**
     * Opens {@code contexts} contexts in {@code runtime}, each with the bench addon loaded (and, with
     * {@code usedAsync}, one async work run and awaited), measures, and closes them. A warm-up round of the same
     * kind runs first, so that classes, the async pool and the loop executor exist before the "before" figures.
     */
    public static Result measure(AddonRuntimeCore runtime, int contexts, boolean usedAsync) {
        RawJni.load();
        ModuleSpec spec = ModuleSpec.of(BenchRuntime.MODULE, BenchFiles.benchAddon());
        closeAll(open(runtime, spec, WARMUP, usedAsync));
        settle();
        long heapBefore = heapUsed();
        long mallocBefore = RawJni.mallocInUse();
        int threadsBefore = threads();
        List<AddonContext> open = open(runtime, spec, contexts, usedAsync);
        try {
            settle();
            long heap = heapUsed() - heapBefore;
            long malloc = RawJni.mallocInUse() - mallocBefore;
            return new Result(usedAsync ? "used-async-once" : "never-used-async", contexts, heap, malloc,
                    threadsBefore, threads());
        } finally {
            closeAll(open);
        }
    }

    private static List<AddonContext> open(AddonRuntimeCore runtime, ModuleSpec spec, int n, boolean usedAsync) {
        List<AddonContext> open = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AddonContext context = runtime.newContext("idle-" + i);
            open.add(context);
            Addon addon = context.load(spec);
            if (usedAsync) {
                Object sum = await(addon.call("addLater", i, 1));
                if (!Integer.valueOf(i + 1).equals(sum)) {
                    throw new IllegalStateException("addLater(" + i + ", 1) answered " + sum);
                }
            }
        }
        return open;
    }

    private static Object await(Object promise) {
        if (!(promise instanceof CompletableFuture<?> future)) {
            throw new IllegalStateException("addLater answered " + promise + ", not a promise");
        }
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting addLater", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("addLater did not complete: " + e, e);
        }
    }

    private static void closeAll(List<AddonContext> contexts) {
        contexts.forEach(AddonContext::close);
    }

    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Every thread of the process, Java's and native ones (the async pool's), from /proc/self/status. */
    public static int threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
            throw new IllegalStateException("/proc/self/status has no Threads: line");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
