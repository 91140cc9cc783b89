package dev.addons.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * A context's whole life: create, load the bench addon (its init runs), close (hooks, finalizers, unload). What
 * a Node Worker cycle is to Node, without the JavaScript engine.
 * <ul>
 * <li>{@link #sharedMapping}: another context keeps the module loaded, so this one shares its mapping (the
 * usual case: many workers, one library);
 * <li>{@link #firstMapping}: no other context has the module, so each cycle maps it ({@code dlopen}) and unmaps it
 * ({@code dlclose});
 * <li>{@link #isolated}: {@code withIsolation(true)}: each cycle copies the file, maps the copy, unmaps and
 * deletes it;
 * <li>{@link #sharedMappingBound}: as {@link #sharedMapping}, plus what a worker does with the module: bind the
 * {@link BenchAddon} interface (a new hidden class per binding) and call {@code add} once.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ContextBenchmark {

    /** A runtime with nothing loaded. */
    @State(Scope.Thread)
    public static class Empty {
        AddonRuntimeCore runtime;
        ModuleSpec spec;

        @Setup
        public void setUp() {
            runtime = new AddonRuntimeCore();
            spec = ModuleSpec.of(BenchRuntime.MODULE, BenchFiles.benchAddon());
        }

        @TearDown
        public void tearDown() {
            BenchRuntime.check(runtime.contexts().isEmpty(), "contexts left open");
            runtime.closeAll();
        }
    }

    /** A runtime where one long-lived context keeps the bench addon mapped. */
    @State(Scope.Thread)
    public static class Shared {
        BenchRuntime bench;
        AddonRuntimeCore runtime;
        ModuleSpec spec;

        @Setup
        public void setUp() {
            bench = new BenchRuntime("keeper");
            runtime = bench.runtime;
            spec = bench.spec;
        }

        @TearDown
        public void tearDown() {
            bench.close();
        }
    }

    static int cycle(AddonRuntimeCore runtime, ModuleSpec spec) {
        try (AddonContext context = runtime.newContext("cycle")) {
            return context.load(spec).exportNames().size();
        }
    }

    @Benchmark
    public int sharedMapping(Shared s) {
        return cycle(s.runtime, s.spec);
    }

    @Benchmark
    public int sharedMappingBound(Shared s) {
        try (AddonContext context = s.runtime.newContext("cycle")) {
            return context.load(s.spec).bind(BenchAddon.class).add(20, 22);
        }
    }

    @Benchmark
    public int firstMapping(Empty e) {
        return cycle(e.runtime, e.spec);
    }

    @Benchmark
    public int isolated(Empty e) {
        return cycle(e.runtime, e.spec.withIsolation(true));
    }
}
