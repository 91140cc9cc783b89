package dev.addons.core;

/**
 * The JNI entry points of the native runtime library (addon.native, {@code bridge.c}). Pointers are passed as
 * longs; nothing here checks them, so only {@link ModuleInstance} and {@link LibraryCache} call these.
 */
final class NativeBridge {

    private NativeBridge() {
    }

    /** Null, or why the napi_* symbols addons bind to are not usable (another runtime copy of another ABI). */
    static native String providerProblem();

    static native int napiVersion();

    /** dlopen()s the file and finds its init; throws {@link NativeException} with the reason. */
    static native long openLibrary(String path);

    static native int libraryApiVersion(long library);

    /** dlclose()s; returns true if the file is still mapped afterwards. */
    static native boolean closeLibrary(long library);

    static native long createEnv(long library, String moduleName);

    /** Runs the module's init in env; answers the export names or the exception (see codec.h). */
    static native byte[] initEnv(long env, long library);

    /** Calls an export; the result is refused past the limits (see {@link ConversionLimits}). */
    static native byte[] call(long env, String function, byte[] arguments, int maxDepth, long maxValues);

    static native byte[] get(long env, String name, int maxDepth, long maxValues);

    static native String drainWarnings(long env);

    /** The export's function value (kept alive until teardown), or 0 if it is not a function. */
    static native long resolveFunction(long env, String export);

    /**
     * Calls a function with up to four primitive arguments as raw bits; see bridge.c for the {@code types}
     * packing. Throws {@code AddonException} if the addon throws.
     */
    static native long callPrimitive(long env, long function, int types, long a0, long a1, long a2, long a3);

    /** Runs cleanup hooks and finalizers; answers {hooks run, finalizers run}. */
    static native long[] teardownEnv(long env, long asyncWaitMillis);

    /**
     * The cleanup hook or finalizer running in env now ("cleanup hook symbol (file+0xoffset, at 0xaddress)"), or
     * null. Safe on another thread while env is torn down; never after {@link #freeEnv}.
     */
    static native String runningCode(long env);

    static native void freeEnv(long env);
}
