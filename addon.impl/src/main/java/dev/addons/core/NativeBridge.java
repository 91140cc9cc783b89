package dev.addons.core;

/**
 * The JNI entry points of the native runtime library (addon.native, {@code bridge.c}). Pointers are passed as
 * longs; nothing here checks them, so only {@link AddonImpl} and {@link LibraryCache} call these.
 *
 * <p>The build runs {@code javac -h} on this file: bridge.c includes the generated header, so the compiler checks
 * every native function's C prototype against the declaration here. Keep this class free of dependencies (it is
 * compiled alone for that), and the answers' numbers in {@link NativeContract}.
 */
final class NativeBridge {

    private NativeBridge() {
    }

    /** Null, or why the napi_* symbols addons bind to are not usable (another runtime copy of another ABI). */
    static native String providerProblem();

    /**
     * dlopen()s the file and finds its init; answers {library handle, the module's Node-API version}. Throws
     * {@link NativeException} with the reason.
     */
    static native long[] openLibrary(String path);

    /** dlclose()s; returns true if the file is still mapped afterwards. */
    static native boolean closeLibrary(long library);

    static native long createEnv(long library, String moduleName);

    /**
     * Runs the module's init in env; answers the export names or the exception, then the env's warnings (see
     * {@link ValueCodec#decodeAnswer}).
     */
    static native byte[] initEnv(long env, long library);

    /**
     * Calls an export; the result is refused past the limits (see {@link ConversionLimits}). {@code buffer} is the
     * address of {@code capacity} bytes (a {@link CallTransport}'s direct buffer) holding the encoded arguments
     * ({@code argumentLength} bytes) followed by the export's name ({@code nameLength} bytes of UTF-8). The answer
     * is written over them: returns its length; or, if it did not fit, its negated length with the address of the
     * answer in the buffer's first 8 bytes, to be taken with {@link #moveAnswer}.
     */
    static native long call(long env, long buffer, int capacity, int argumentLength, int nameLength, int maxDepth,
            long maxValues);

    /** Copies an answer that did not fit into the buffer at {@code to} and frees it (see {@link #call}). */
    static native void moveAnswer(long from, long to, int length);

    /** The address of a direct buffer's memory. */
    static native long address(java.nio.Buffer buffer);

    static native byte[] get(long env, String name, int maxDepth, long maxValues);

    /**
     * An operation ({@code NativeContract.OP_*}) on the value of handle {@code target} (0: the exports object), with
     * {@code key} (may be null) and encoded arguments. With {@code handleResult}, a result that is an object, array
     * or function crosses as a handle even if it is plain data (a bound method declared to return JsObject).
     */
    static native byte[] objectOp(long env, int op, long target, String key, byte[] arguments, int maxDepth,
            long maxValues, boolean handleResult);

    /**
     * A direct buffer over the bytes the value of handle {@code target} shows (a typed array, DataView, Buffer or
     * ArrayBuffer; its offset and length), made in the native call so that Java never holds the address; null if
     * it shows none (detached, empty). Runs no addon code. The caller holds the context's lock while it uses it.
     *
     * @throws IllegalArgumentException naming the value's type if it is none of these
     */
    static native java.nio.ByteBuffer bytes(long env, long target);

    /**
     * Gives back handles: {@code idsAndCounts} holds pairs (id, sends that one Java handle object received). An
     * entry goes when all its sends are back, releasing its value. Answers the env's warnings (finalizers may run),
     * or null; throws {@link NativeException} naming the first pair the runtime did not know.
     */
    static native String releaseHandles(long env, long[] idsAndCounts);

    /** How many values the runtime holds for Java handles of env now (tests, diagnostics). */
    static native long liveHandles(long env);

    /** The export's function value (kept alive until teardown), or 0 if it is not a function. */
    static native long resolveFunction(long env, String export);

    /**
     * Calls a function with up to four primitive arguments as raw bits; {@code types} packs the signature as
     * {@link NativeContract} says. If the addon throws, the exception is the one {@link ValueCodec#failure} makes
     * of the answer.
     */
    static native long callPrimitive(long env, long function, int types, long a0, long a1, long a2, long a3);

    /** Runs cleanup hooks and finalizers; answers {hooks run, finalizers run}. */
    static native long[] teardownEnv(long env, long asyncWaitMillis);

    /**
     * The cleanup hook or finalizer running in env now ("cleanup hook symbol (file+0xoffset, at 0xaddress)"), or
     * null. Safe on another thread while env is torn down; never after {@link #freeEnv}.
     */
    static native String runningCode(long env);

    /** Frees env; answers the warnings it still had (lines separated by '\n'), or null. */
    static native String freeEnv(long env);

    // ---- Asynchrony (docs/async.md) ----------------------------------------------------------------------------

    /**
     * Runs the tasks queued in env's loop (async work completions) and answers the promises settled since the last
     * drain (OUTCOME_OK, u32 count, then per promise: u64 id, u8 state, value), with the env's warnings; null if
     * there was nothing to say. Called under the context's lock. The native side wakes Java by calling
     * {@code EventLoops.wake(env, fromPool)} when tasks or settlements wait.
     */
    static native byte[] drainLoop(long env, int maxDepth, long maxValues);

    /** Sets the size of the process-wide async work pool (threads start when work is queued). */
    static native void configurePool(int threads);

    /** Lets the pool's idle threads end (the next queued work starts them again). */
    static native void stopPool();

    /** Threads of the async work pool alive now. */
    static native int poolThreads();
}
