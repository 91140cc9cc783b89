package dev.addons.core;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that drain the event loops of one runtime's contexts (docs/async.md): daemon threads, as many as the
 * machine has cores at most, made when a drain is scheduled and ended after a few idle seconds, so that idle
 * contexts cost no thread. Stopped by the runtime's close.
 */
final class LoopExecutor implements Executor, AutoCloseable {

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private final ThreadPoolExecutor threads;

    LoopExecutor() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        String prefix = "addon-loop-" + RUNTIMES.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(n, n, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable drain) {
        threads.execute(drain);
    }

    @Override
    public void close() {
        threads.shutdown(); // drains already scheduled run (they find their contexts closed)
    }
}
