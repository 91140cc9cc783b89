package dev.addons.api;

/**
 * An error raised by an addon (its {@code napi_throw_*} name, message and code) or by the runtime at the call
 * boundary (unknown function, value that cannot be converted).
 */
public class AddonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String errorName;

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
}
