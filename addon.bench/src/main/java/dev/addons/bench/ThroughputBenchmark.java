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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.addons.api.AddonContext;
import dev.addons.core.AddonRuntimeCore;

/**
 * Calls per second (all threads together) of {@code add}, bound and through {@code Addon.call}: one thread on one context, and two threads
 * each on its own context of the same runtime (sharing the module's mapping). Contexts share no lock on the call
 * path, so two threads should get close to twice the calls on two cores. The raw JNI pair shows what this
 * machine gives two threads at all (its own ceiling for the ratio).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ThroughputBenchmark {

    /** One runtime per trial; every thread's context is created in it. */
    @State(Scope.Benchmark)
    public static class Runtime {
        AddonRuntimeCore runtime;

        @Setup
        public void setUp() {
            runtime = new AddonRuntimeCore();
        }

        @TearDown
        public void tearDown() {
            runtime.closeAll();
        }
    }

    /** Each benchmark thread's own context with the bench addon bound. */
    @State(Scope.Thread)
    public static class PerThread {
        AddonContext context;
        BenchAddon bound;
        dev.addons.api.Addon addon;
        int a = 20;
        int b = 22;

        @Setup
        public void setUp(Runtime r) {
            RawJni.load();
            BenchRuntime bench = new BenchRuntime(r.runtime, Thread.currentThread().getName());
            context = bench.context;
            bound = bench.bound;
            addon = bench.addon;
        }
    }

    @Benchmark
    @Threads(1)
    public int boundOneThread(PerThread t) {
        return t.bound.add(t.a, t.b);
    }

    @Benchmark
    @Threads(2)
    public int boundTwoThreads(PerThread t) {
        return t.bound.add(t.a, t.b);
    }

    @Benchmark
    @Threads(1)
    public Object callOneThread(PerThread t) {
        return t.addon.call("add", t.a, t.b);
    }

    @Benchmark
    @Threads(2)
    public Object callTwoThreads(PerThread t) {
        return t.addon.call("add", t.a, t.b);
    }

    @Benchmark
    @Threads(1)
    public int rawJniOneThread(PerThread t) {
        return RawJni.add(t.a, t.b);
    }

    @Benchmark
    @Threads(2)
    public int rawJniTwoThreads(PerThread t) {
        return RawJni.add(t.a, t.b);
    }
}
