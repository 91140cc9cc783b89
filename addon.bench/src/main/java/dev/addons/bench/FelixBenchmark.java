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
 * install → start → call → stop → uninstall → refresh of an addon bundle vs. the same cycle of a plain JNI bundle
 * (see {@link FelixHost}); one embedded Felix per trial, in its own JVM (JMH forks one per benchmark).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class FelixBenchmark {

    private FelixHost host;

    @Setup
    public void setUp() {
        host = new FelixHost();
    }

    @TearDown
    public void tearDown() throws Exception {
        host.close();
    }

    @Benchmark
    public int addonBundleCycle() throws Exception {
        int result = host.addonBundleCycle();
        if (result != 1) {
            throw new IllegalStateException("increment answered " + result + ": not a fresh context");
        }
        return result;
    }

    @Benchmark
    public int jniBundleCycle() throws Exception {
        int result = host.jniBundleCycle();
        if (result != 42) {
            throw new IllegalStateException("the JNI bundle answered " + result);
        }
        return result;
    }
}
