package dev.addons.core;

/** Thrown by the native runtime library (see bridge.c); callers wrap it with the module and file named. */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NativeException(String message) {
        super(message);
    }
}
