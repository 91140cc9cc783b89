package dev.addons.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * Asynchrony (docs/async.md) on the bench addon, beside Node running the same exports of the same file
 * ({@link NodeCalls}):
 * <ul>
 * <li>{@link #roundTrip}: {@code addAsync(1, 2)} then {@code join()}: the call queues a work on the native pool, a
 * pool thread executes it, wakes Java (an upcall; the thread stays attached) and, the context being free, drains
 * it itself (its lock, the complete that resolves the promise) and completes the future the caller waits on: two
 * hand-offs, as Node's (docs/async.md, "Where a drain runs");
 * <li>{@link #manyWorks}: {@code addAsyncMany(1000)} then {@code join()}, per work: throughput of works, the
 * wake-ups of works finishing while a drain runs coalescing;
 * <li>{@link #settledPromise}: {@code addNow(1, 2)} then {@code join()}: a promise resolved within the call, so no
 * pool and no upcall from a foreign thread: the promise's crossing, the wake from the calling thread, deferred
 * until the call leaves the context, and the drain on the caller's thread. {@code roundTrip} minus this is the
 * pool's share;
 * <li>{@link #javaOneHop} and {@link #javaTwoHops}: no addon, the thread hand-offs alone, with executors made like
 * the runtime's: the caller hands a task to one thread which completes the future (as {@code settledPromise}
 * did: caller, loop thread, caller; {@code roundTrip} makes as many now), or to a thread that hands on to a second
 * one (as {@code roundTrip} did: caller, pool thread, loop thread, caller). What this machine charges for waking
 * threads, whoever wakes them.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class AsyncBenchmark {

    /** Works per {@code addAsyncMany} call, the same in Node's driver. */
    static final int MANY = 1000;

    private BenchRuntime bench;
    private AsyncBenchAddon async;
    private ExecutorService first;
    private ExecutorService second;
    private int a = 1;
    private int b = 2;

    @Setup
    public void setUp() {
        bench = new BenchRuntime("async-benchmark");
        async = bench.addon.bind(AsyncBenchAddon.class);
        BenchRuntime.check(Integer.valueOf(3).equals(async.addAsync(1, 2).join()), "addAsync(1, 2) is not 3");
        BenchRuntime.check(Integer.valueOf(MANY * (MANY + 1) / 2).equals(async.addAsyncMany(MANY).join()),
                "addAsyncMany does not sum");
        first = daemons();
        second = daemons();
    }

    /** As the runtime's LoopExecutor: as many daemon threads as cores, a blocking queue, idle ones time out. */
    private static ExecutorService daemons() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor e = new ThreadPoolExecutor(n, n, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "async-benchmark-hop");
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    @TearDown
    public void tearDown() {
        bench.close();
        first.shutdown();
        second.shutdown();
    }

    @Benchmark
    public Object roundTrip() {
        return async.addAsync(a, b).join();
    }

    @Benchmark
    @OperationsPerInvocation(MANY)
    public Object manyWorks() {
        return async.addAsyncMany(MANY).join();
    }

    @Benchmark
    public Object settledPromise() {
        return async.addNow(a, b).join();
    }

    @Benchmark
    public Object javaOneHop() {
        return CompletableFuture.supplyAsync(this::sum, first).join();
    }

    @Benchmark
    public Object javaTwoHops() {
        return CompletableFuture.supplyAsync(this::sum, first).thenApplyAsync(x -> x, second).join();
    }

    private Integer sum() {
        return a + b;
    }
}
