package dev.addons.bench;

import java.util.concurrent.TimeUnit;

import dev.addons.api.JavaFunction;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread-safe functions (docs/async.md) on the bench addon, beside Node running the same exports of the same file
 * ({@link NodeCalls}): one native thread makes {@link #CALLS} blocking calls to a thread-safe function and
 * releases it; the invocation ends when the function's finalizer resolved the promise on the context's loop, so
 * the score is nanoseconds per call <em>delivered</em> (the thread's start is spread over the calls, in Node too).
 * <ul>
 * <li>{@link #javaFunction}: call_js calls a Java function with the call's number (the Java function upcall on a
 * loop thread, per call);
 * <li>{@link #nativeOnly}: call_js only counts in C: the queue, the wake of the loop and its drains.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class TsfnBenchmark {

    /** Calls per invocation, the same in Node's driver. */
    static final int CALLS = 10_000;

    private BenchRuntime bench;
    private TsfnBenchAddon tsfn;
    /** Sum of the numbers the Java function saw: written on loop threads, one at a time (the context's lock). */
    private long seen;
    private final JavaFunction count = (self, args) -> {
        seen += (Integer) args[0];
        return null;
    };

    @Setup
    public void setUp() {
        bench = new BenchRuntime("tsfn-benchmark");
        tsfn = bench.addon.bind(TsfnBenchAddon.class);
        long before = seen;
        BenchRuntime.check(Integer.valueOf(CALLS).equals(javaFunction()), "tsfnCalls did not deliver every call");
        BenchRuntime.check(seen - before == (long) CALLS * (CALLS + 1) / 2,
                "the Java function did not see each call once");
        BenchRuntime.check(Integer.valueOf(CALLS).equals(nativeOnly()), "tsfnCallsNative did not deliver every call");
    }

    @TearDown
    public void tearDown() {
        bench.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object javaFunction() {
        return tsfn.tsfnCalls(CALLS, count).join();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object nativeOnly() {
        return tsfn.tsfnCallsNative(CALLS).join();
    }
}
