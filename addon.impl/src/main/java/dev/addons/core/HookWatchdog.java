package dev.addons.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Says what a context's close is stuck in. Closing is synchronous (hooks and finalizers must have run when
 * {@code close()}, {@code Bundle.stop()} or JVM shutdown returns), so a cleanup hook that never returns hangs it; after
 * the configured time this logs, and logs again at the same interval, the context, the module, the hook or finalizer
 * running (address and symbol, from the native runtime) and the closing thread's stack.
 *
 * <p>Each runtime has one; its daemon thread serves every context of that runtime: it is created when a close
 * first needs it, ends after a while without work, and ends at once when the runtime closes everything
 * ({@link #stop}), so that a stopped runtime bundle leaves no thread that would keep its class loader. A close that
 * ends in time costs one scheduled task and its cancellation.
 */
final class HookWatchdog {

    private static final System.Logger LOG = RuntimeLog.logger();

    /** No watching: for closes that must not be watched and for a watchdog turned off. */
    static final Watch NONE = new Watch(null, 0, null, null);

    private ScheduledThreadPoolExecutor executor; // guarded by this; made on first use, again after stop()

    private synchronized ScheduledThreadPoolExecutor executor() {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "addon cleanup watchdog");
                thread.setDaemon(true);
                thread.setContextClassLoader(null); // keeps no class loader of a caller alive
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true); // a close that ends in time leaves nothing queued
            executor.setKeepAliveTime(30, TimeUnit.SECONDS);
            executor.allowCoreThreadTimeOut(true);
        }
        return executor;
    }

    /** Ends the thread now (closes already over are not watched any more); a later close starts a new one. */
    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /**
     * Starts watching a close that {@code closer} runs now.
     *
     * @param millis the delay before the first warning and between warnings; 0 watches nothing
     * @param context names the context in the warning
     * @param reported called with the first warning of this close (e.g. to count it as a failure)
     */
    Watch watch(long millis, String context, Thread closer, Consumer<String> reported) {
        if (millis <= 0) {
            return NONE;
        }
        Watch watch = new Watch(context, millis, closer, reported);
        watch.future = executor().scheduleAtFixedRate(watch::tick, millis, millis, TimeUnit.MILLISECONDS);
        return watch;
    }

    /**
     * One watched close. The module being torn down is set around its native teardown; the native question
     * "what runs now" is asked only under this object's lock and only while it is set, so never after the
     * module's env is freed.
     */
    static final class Watch implements AutoCloseable {
        private final String context;
        private final long millis;
        private final Thread closer;
        private final Consumer<String> reported;
        private final long started = System.nanoTime();
        private volatile ScheduledFuture<?> future;
        private String module; // guarded by this
        private long env; // guarded by this
        private boolean warned; // only on the watchdog thread

        private Watch(String context, long millis, Thread closer, Consumer<String> reported) {
            this.context = context;
            this.millis = millis;
            this.closer = closer;
            this.reported = reported;
        }

        /** The module whose env is being torn down now. */
        synchronized void enter(String module, long env) {
            this.module = module;
            this.env = env;
        }

        /** Called before the env is freed; waits for a question in progress. */
        synchronized void leave() {
            this.module = null;
            this.env = 0;
        }

        private void tick() {
            try {
                warn();
            } catch (RuntimeException | Error e) { // a periodic task that throws is never run again: say so
                LOG.log(Level.ERROR, "the cleanup watchdog of " + context + " failed", e);
                throw e;
            }
        }

        private void warn() {
            String where;
            synchronized (this) {
                if (module == null) {
                    where = "it is between modules (in Java, see the stack)";
                } else {
                    String running = NativeBridge.runningCode(env);
                    where = "module '" + module + "' is in "
                            + (running != null ? running : "no hook or finalizer now (e.g. waiting for async hooks)");
                }
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String summary = context + " has been closing for " + elapsed + " ms: " + where
                    + ". Close waits for it (cleanup hooks are synchronous); this repeats every " + millis + " ms ("
                    + RuntimeConfig.HOOK_WATCHDOG_PROPERTY + ").";
            StringBuilder text = new StringBuilder(summary).append(" The closing thread '").append(closer.getName())
                    .append("' is at:");
            for (StackTraceElement frame : closer.getStackTrace()) {
                text.append("\n\tat ").append(frame);
            }
            if (!warned) { // before the log line: whoever sees the warning sees it counted
                warned = true;
                reported.accept(summary); // once per close, without the stack: the failure list stays readable
            }
            LOG.log(Level.WARNING, text.toString());
        }

        /** Stops watching: the close is over. */
        @Override
        public void close() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
