package dev.addons.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

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
 * Where a bound call's time goes, by removing pieces (compare with {@link CallBenchmark} in the same run):
 * <ul>
 * <li>{@link #lockAndRawJni}: the Java side of the fast path as {@code ContextImpl.callPrimitive} does it (state
 * check, per-context {@link ReentrantLock}, call counters) around the raw JNI call instead of the runtime's;
 * <li>{@link #boundNoop}: a bound call to an export that does no Node-API work: method handle, lock, JNI crossing
 * and the bridge's own work, without argument values or result conversion;
 * <li>{@link #napiOnly}: the Node-API work of one {@code add} call (two numbers made, the call, the callback's
 * get_cb_info and two get_value_int32, create_int32, reading the result, the handle scope), measured from C in a
 * loop of 1,000 inside one bound call: no JNI crossing, no lock. The report sets it beside Node running the very
 * same C loop ({@link NodeCalls}).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class BreakdownBenchmark {

    static final int LOOP = 1000;

    private BenchRuntime bench;
    private BenchAddon bound;
    private int a = 20;
    private int b = 22;

    // A copy of what ContextImpl.callPrimitive does around the native call.
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder allCalls = new LongAdder();
    private volatile boolean open = true;
    private long calls;

    @Setup
    public void setUp() {
        RawJni.load();
        bench = new BenchRuntime("breakdown-benchmark");
        bound = bench.bound;
    }

    @TearDown
    public void tearDown() {
        bench.close();
    }

    @Benchmark
    public int lockAndRawJni() {
        if (!open) {
            throw new IllegalStateException("closed");
        }
        lock.lock();
        try {
            if (!open) {
                throw new IllegalStateException("closed");
            }
            calls++;
            allCalls.increment();
            return RawJni.add(a, b);
        } finally {
            lock.unlock();
        }
    }

    @Benchmark
    public void boundNoop() {
        bound.noop();
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public int napiOnly() {
        return bound.addLoop(LOOP);
    }
}
