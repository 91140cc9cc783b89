package dev.addons.core;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Settings of a runtime. Each is read from a system or framework property named below.
 *
 * @param asyncWaitMillis how long closing a context waits for each started async cleanup hook to call
 *        {@code napi_remove_async_cleanup_hook}; past it, teardown logs and goes on rather than hang the
 *        stopping thread (Node waits forever)
 * @param workDirectory the runtime's data area (docs/storage.md): locked while the runtime runs, extracted modules
 *        in {@code modules/}, private copies of isolated modules in {@code isolated/}, emptied at start; null: no
 *        extraction, isolated copies in a temporary directory created when first needed
 * @param hookWatchdogMillis how long a close may run before the runtime logs a warning naming the cleanup hook or
 *        finalizer it is in and the closing thread's stack, repeated at the same interval while it lasts; the close
 *        itself still waits (a hook's contract is synchronous); 0 turns the watchdog off
 * @param conversion bounds on converting a call's arguments and result; null: {@link ConversionLimits#defaults()}
 * @param asyncThreads threads of the process-wide pool that runs async work's {@code execute} (docs/async.md); the
 *        pool is shared by every runtime in the JVM and takes the size of the newest; started on demand
 */
public record RuntimeConfig(long asyncWaitMillis, Path workDirectory, long hookWatchdogMillis,
        ConversionLimits conversion, int asyncThreads) {

    /** System or framework property overriding {@link #asyncThreads()}. */
    public static final String ASYNC_THREADS_PROPERTY = "addon.async.threads";

    public static final int DEFAULT_ASYNC_THREADS = 4;

    /** System or framework property overriding {@link #asyncWaitMillis()}. */
    public static final String ASYNC_WAIT_PROPERTY = "addon.async.cleanup.timeout.ms";

    /** System or framework property overriding {@link #hookWatchdogMillis()}. */
    public static final String HOOK_WATCHDOG_PROPERTY = "addon.cleanup.watchdog.ms";

    public static final long DEFAULT_ASYNC_WAIT_MILLIS = 5_000;

    public static final long DEFAULT_HOOK_WATCHDOG_MILLIS = 10_000;

    public RuntimeConfig {
        if (asyncWaitMillis < 0) {
            throw new IllegalArgumentException(ASYNC_WAIT_PROPERTY + " must be >= 0, was " + asyncWaitMillis);
        }
        if (hookWatchdogMillis < 0) {
            throw new IllegalArgumentException(HOOK_WATCHDOG_PROPERTY + " must be >= 0, was " + hookWatchdogMillis);
        }
        if (conversion == null) {
            conversion = ConversionLimits.defaults();
        }
        if (asyncThreads < 1 || asyncThreads > 256) {
            throw new IllegalArgumentException(ASYNC_THREADS_PROPERTY + " must be 1 to 256, was " + asyncThreads);
        }
    }

    public RuntimeConfig(long asyncWaitMillis, Path workDirectory, long hookWatchdogMillis,
            ConversionLimits conversion) {
        this(asyncWaitMillis, workDirectory, hookWatchdogMillis, conversion, DEFAULT_ASYNC_THREADS);
    }

    public RuntimeConfig(long asyncWaitMillis, Path workDirectory) {
        this(asyncWaitMillis, workDirectory, DEFAULT_HOOK_WATCHDOG_MILLIS, null);
    }

    public static RuntimeConfig defaults() {
        return new RuntimeConfig(DEFAULT_ASYNC_WAIT_MILLIS, null);
    }

    public RuntimeConfig withWorkDirectory(Path directory) {
        return new RuntimeConfig(asyncWaitMillis, directory, hookWatchdogMillis, conversion, asyncThreads);
    }

    public RuntimeConfig withHookWatchdogMillis(long millis) {
        return new RuntimeConfig(asyncWaitMillis, workDirectory, millis, conversion, asyncThreads);
    }

    public RuntimeConfig withConversion(ConversionLimits limits) {
        return new RuntimeConfig(asyncWaitMillis, workDirectory, hookWatchdogMillis, limits, asyncThreads);
    }

    public RuntimeConfig withAsyncThreads(int threads) {
        return new RuntimeConfig(asyncWaitMillis, workDirectory, hookWatchdogMillis, conversion, threads);
    }

    /** Reads the wait from a property value (null: the default); a bad value is an error naming the property. */
    public static RuntimeConfig fromProperty(String value) {
        return fromProperties(name -> ASYNC_WAIT_PROPERTY.equals(name) ? value : null);
    }

    /**
     * Reads every setting through {@code properties} (e.g. {@code BundleContext::getProperty}); a property that is
     * absent or blank keeps its default, a bad value is an error naming the property.
     */
    public static RuntimeConfig fromProperties(UnaryOperator<String> properties) {
        return new RuntimeConfig(millis(properties, ASYNC_WAIT_PROPERTY, DEFAULT_ASYNC_WAIT_MILLIS), null,
                millis(properties, HOOK_WATCHDOG_PROPERTY, DEFAULT_HOOK_WATCHDOG_MILLIS),
                ConversionLimits.fromProperties(properties),
                (int) Math.min(Integer.MAX_VALUE, millis(properties, ASYNC_THREADS_PROPERTY, DEFAULT_ASYNC_THREADS)));
    }

    private static long millis(UnaryOperator<String> properties, String name, long defaultValue) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds, was '" + value + "'", e);
        }
    }
}
