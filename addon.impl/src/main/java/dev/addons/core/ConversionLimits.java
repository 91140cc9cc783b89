package dev.addons.core;

import java.util.function.Function;

/**
 * Bounds on converting one value between Java and an addon, in either direction: a result or argument list past
 * them is refused with an error naming the function, the path and the limit, instead of exhausting memory.
 *
 * @param maxDepth levels of nesting below the top value (a value at depth {@code maxDepth} is allowed); at most
 *        {@link #DEPTH_CEILING}, because conversion recurses on the calling thread's stack
 * @param maxValues values in one result or one argument list, counting every number, string, array, object and
 *        reference to an already converted value
 */
public record ConversionLimits(int maxDepth, long maxValues) {

    /** System or framework property overriding {@link #maxDepth()}. */
    public static final String MAX_DEPTH_PROPERTY = "addon.convert.maxDepth";
    /** System or framework property overriding {@link #maxValues()}. */
    public static final String MAX_VALUES_PROPERTY = "addon.convert.maxValues";

    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final long DEFAULT_MAX_VALUES = 1_000_000;
    /** The deepest conversion the native side allows (its RT_DEPTH_CEILING is this constant). */
    public static final int DEPTH_CEILING = NativeContract.DEPTH_CEILING;

    public ConversionLimits {
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException(MAX_DEPTH_PROPERTY + " must be between 1 and " + DEPTH_CEILING
                    + ", was " + maxDepth);
        }
        if (maxValues < 1) {
            throw new IllegalArgumentException(MAX_VALUES_PROPERTY + " must be at least 1, was " + maxValues);
        }
    }

    public static ConversionLimits defaults() {
        return new ConversionLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES);
    }

    /**
     * Reads both limits through {@code properties} (e.g. {@code BundleContext::getProperty} or
     * {@code System::getProperty}); a missing one keeps its default, a bad one is an error naming the property.
     */
    public static ConversionLimits fromProperties(Function<String, String> properties) {
        long depth = number(properties, MAX_DEPTH_PROPERTY, DEFAULT_MAX_DEPTH);
        long values = number(properties, MAX_VALUES_PROPERTY, DEFAULT_MAX_VALUES);
        if (depth < 1 || depth > DEPTH_CEILING) {
            throw new IllegalArgumentException(MAX_DEPTH_PROPERTY + " must be between 1 and " + DEPTH_CEILING
                    + ", was " + depth);
        }
        return new ConversionLimits((int) depth, values);
    }

    private static long number(Function<String, String> properties, String name, long fallback) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
        }
    }
}
