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

/**
 * One call of the same addition three ways, in the same run: a plain static JNI method (the baseline), the bench
 * addon's {@code add} through a bound interface (primitive fast path), and through {@code Addon.call} (boxed,
 * arguments and result encoded to bytes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class CallBenchmark {

    private BenchRuntime bench;
    private BenchAddon bound;
    private dev.addons.api.Addon addon;
    // Fields, not constants: the JIT must not fold the arguments (it cannot fold a native call anyway).
    private int a = 20;
    private int b = 22;

    @Setup
    public void setUp() {
        RawJni.load();
        bench = new BenchRuntime("call-benchmark");
        bound = bench.bound;
        addon = bench.addon;
    }

    @TearDown
    public void tearDown() {
        bench.close();
    }

    @Benchmark
    public int rawJni() {
        return RawJni.add(a, b);
    }

    @Benchmark
    public int bound() {
        return bound.add(a, b);
    }

    @Benchmark
    public Object call() {
        return addon.call("add", a, b);
    }
}
