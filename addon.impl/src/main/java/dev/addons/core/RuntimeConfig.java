package dev.addons.core;

import java.nio.file.Path;

/**
 * Settings of a runtime.
 *
 * @param asyncWaitMillis how long closing a context waits for each started async cleanup hook to call
 *        {@code napi_remove_async_cleanup_hook}; past it, teardown logs and goes on rather than hang the
 *        stopping thread (Node waits forever)
 * @param workDirectory the runtime's data area (docs/storage.md): locked while the runtime runs, extracted modules
 *        in {@code modules/}, private copies of isolated modules in {@code isolated/}, emptied at start; null: no
 *        extraction, isolated copies in a temporary directory created when first needed
 */
public record RuntimeConfig(long asyncWaitMillis, Path workDirectory) {

    /** System or framework property overriding {@link #asyncWaitMillis()}. */
    public static final String ASYNC_WAIT_PROPERTY = "addon.async.cleanup.timeout.ms";

    public static final long DEFAULT_ASYNC_WAIT_MILLIS = 5_000;

    public RuntimeConfig {
        if (asyncWaitMillis < 0) {
            throw new IllegalArgumentException(ASYNC_WAIT_PROPERTY + " must be >= 0, was " + asyncWaitMillis);
        }
    }

    public static RuntimeConfig defaults() {
        return new RuntimeConfig(DEFAULT_ASYNC_WAIT_MILLIS, null);
    }

    public RuntimeConfig withWorkDirectory(Path directory) {
        return new RuntimeConfig(asyncWaitMillis, directory);
    }

    /** Reads the wait from a property value (null: the default); a bad value is an error naming the property. */
    public static RuntimeConfig fromProperty(String value) {
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            return new RuntimeConfig(Long.parseLong(value.trim()), null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ASYNC_WAIT_PROPERTY + " must be a number of milliseconds, was '"
                    + value + "'", e);
        }
    }
}
