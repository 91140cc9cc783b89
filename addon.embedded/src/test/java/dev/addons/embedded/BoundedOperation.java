package dev.addons.embedded;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs a bundle operation (stop, uninstall) on a thread of its own and waits for it at most a bound: an operation
 * still running then is recorded as an overrun, with the stack of the thread running it, and then waited for to
 * its end (a few minutes at most: a hang fails the test instead of hanging the build).
 */
final class BoundedOperation implements AutoCloseable {

    /** An operation that may throw what the OSGi calls do. */
    interface Call {
        void run() throws Exception;
    }

    private static final long HANG_MINUTES = 3;

    private final long boundMillis;
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bounded-operation");
        t.setDaemon(true);
        return t;
    });
    private final Queue<String> overruns = new ConcurrentLinkedQueue<>();

    BoundedOperation(long boundMillis) {
        this.boundMillis = boundMillis;
    }

    /** Runs {@code call}; rethrows what it threw. */
    void run(String what, Call call) throws Exception {
        AtomicReference<Thread> runner = new AtomicReference<>();
        Future<?> done = runners.submit(() -> {
            runner.set(Thread.currentThread());
            call.run();
            return null;
        });
        try {
            try {
                done.get(boundMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException late) {
                Thread t = runner.get();
                overruns.add(what + " did not return within " + boundMillis + " ms; its thread:"
                        + (t == null ? " not started" : stackOf(t)));
                done.get(HANG_MINUTES, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new AssertionError(what + " failed", e.getCause());
        } catch (TimeoutException hung) {
            throw new AssertionError(what + " did not return within " + HANG_MINUTES + " minutes: "
                    + stackOf(runner.get()));
        }
    }

    /** The operations that took longer than the bound, each with the stack it was in at the bound. */
    Queue<String> overruns() {
        return overruns;
    }

    @Override
    public void close() {
        runners.shutdownNow();
    }

    private static String stackOf(Thread t) {
        return Arrays.stream(t.getStackTrace()).map(String::valueOf)
                .collect(Collectors.joining("\n\tat ", "\n\tat ", ""));
    }
}
