package dev.addons.api;

/**
 * An error raised by an addon (its {@code napi_throw_*} name, message and code, and the thrown value itself) or by
 * the runtime at the call boundary (unknown function, value that cannot be converted).
 */
public class AddonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String errorName;
    /** Not serialized: it may hold handles, which live in one context of one JVM. */
    private final transient Object value;
    private final transient boolean hasValue;

    public AddonException(String message) {
        this(message, null, null, null);
    }

    public AddonException(String message, String code) {
        this(message, code, null, null);
    }

    public AddonException(String message, String code, String errorName, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.errorName = errorName;
        this.value = null;
        this.hasValue = false;
    }

    /**
     * An exception for a value the addon threw or rejected a promise with, as {@link #value()} answers it.
     *
     * @since 1.4
     */
    public AddonException(String message, String code, String errorName, Throwable cause, Object value) {
        super(message, cause);
        this.code = code;
        this.errorName = errorName;
        this.value = value;
        this.hasValue = true;
    }

    /** The error's {@code code} property (e.g. the code given to {@code napi_throw_error}), or null. */
    public String code() {
        return code;
    }

    /**
     * The JavaScript error name: {@code Error}, {@code TypeError}, {@code RangeError}, {@code SyntaxError}; empty
     * when the addon threw a value that is not an error; null for errors raised by the runtime itself.
     */
    public String errorName() {
        return errorName;
    }

    /**
     * The value the addon threw (or rejected a promise with), converted as {@link Addon#call} converts a result: an
     * error is a {@link java.util.Map} copy of its own enumerable properties plus {@code name} and {@code message}
     * (so Node-style {@code code}, {@code path}, {@code syscall}, {@code errno} and an addon's own fields are there),
     * a thrown primitive is its Java value ({@code throw 42}: 42; undefined: {@link Undefined#INSTANCE}), and an
     * object that is not plain data (a class instance) is a {@link JsObject} handle. Null if there is none: an
     * exception raised by the runtime itself, one made with a constructor that takes no value, one deserialized,
     * or a thrown value that could not be converted (a cycle, a limit; and in a module's init or on a bound method's
     * primitive fast path, a value that is or holds a handle); {@link #hasValue()} tells these apart from
     * {@code throw null}.
     *
     * @since 1.4
     */
    public Object value() {
        return value;
    }

    /**
     * Whether {@link #value()} is the value the addon threw.
     *
     * @since 1.4
     */
    public boolean hasValue() {
        return hasValue;
    }
}
