package dev.addons.core;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.AddonLoadException;
import dev.addons.api.JsObject;
import dev.addons.api.JsSymbol;
import dev.addons.api.ModuleSpec;
import dev.addons.api.WellKnownSymbol;

/**
 * One module loaded in one context: a native {@code napi_env} with its exports, instance data and hooks. A call
 * enters the context's gate ({@link ContextImpl#enter}), which serializes it with every other use of the context,
 * and does its own encoding, native call and decoding.
 */
final class AddonImpl implements Addon {

    /** What tearing the module down did. */
    record Teardown(long hooksRun, long finalizersRun, LibraryCache.Release release) {
    }

    private final ContextImpl context;
    private final ModuleSpec spec;
    private final LibraryCache libraries;
    private final LibraryCache.Library library;
    private final long env;
    private final Set<String> exportNames;
    private boolean freed;
    /**
     * What {@link #bind} made, one implementation per interface: a bind makes a hidden class and resolves every
     * export, so binding again is a lookup. Guarded by the context's lock; dropped when the context closes, so that
     * the interfaces' class loaders are not kept by a closed context.
     */
    private final Map<Class<?>, Object> bindings = new HashMap<>();
    /** The futures of the promises this module returned (docs/async.md). */
    private final PromiseFutures promises = new PromiseFutures();
    /** The Java functions passed to this module that it still holds as function values. */
    private final JavaFunctions functions;
    /** The handles Java holds to values of this module instance. */
    private final HandleTable handles;

    private AddonImpl(ContextImpl context, ModuleSpec spec, LibraryCache libraries, LibraryCache.Library library,
            long env, ExportNames exportNames) {
        this.context = context;
        this.spec = spec;
        this.libraries = libraries;
        this.library = library;
        this.env = env;
        this.exportNames = exportNames.set();
        this.functions = new JavaFunctions(context, spec.name());
        this.handles = new HandleTable(this, context.collectedHandles());
    }

    /**
     * Maps the file (or shares its mapping), creates the env and runs the module's init in it. On any failure
     * everything done so far is undone (hooks the init registered run, the library is released). Called by the
     * context, under its lock.
     */
    static AddonImpl load(ContextImpl context, ModuleSpec spec, Path file, LibraryCache libraries,
            long asyncWaitMillis) {
        LibraryCache.Library library;
        try {
            library = libraries.acquire(file, spec.name(), context.owner().label());
        } catch (ElfCheck.Invalid | NativeException e) {
            throw new AddonLoadException(spec.name(), "cannot load addon module '" + spec.name() + "'"
                    + (context.owner().isBundle() ? " of bundle " + context.owner().label() : "")
                    + " from " + spec.file() + ": " + e.getMessage());
        }
        long env;
        try {
            env = NativeBridge.createEnv(library.handle, spec.name());
        } catch (NativeException e) {
            libraries.release(library);
            throw new AddonLoadException(spec.name(), "cannot create a context for addon module '" + spec.name()
                    + "': " + e.getMessage());
        }
        EventLoops.register(env, context); // before init: it may queue work or settle a promise already
        byte[] answer = NativeBridge.initEnv(env, library.handle);
        try {
            Object names = ValueCodec.decodeAnswer(answer, "init", null,
                    lines -> context.logWarnings(spec.name(), lines));
            @SuppressWarnings("unchecked")
            List<String> exportNames = (List<String>) names;
            return new AddonImpl(context, spec, libraries, library, env, library.exportNames(exportNames));
        } catch (RuntimeException e) {
            // Node would not keep a half-initialized module either: undo its hooks and instance data now.
            new AddonImpl(context, spec, libraries, library, env, ExportNames.NONE).teardown(asyncWaitMillis,
                    HookWatchdog.NONE);
            throw new AddonLoadException(spec.name(), "init of addon module '" + spec.name() + "' (" + spec.file()
                    + ") failed: " + e.getMessage(), e instanceof AddonException a ? a.code() : null, e);
        }
    }

    @Override
    public String moduleName() {
        return spec.name();
    }

    @Override
    public ModuleSpec spec() {
        return spec;
    }

    @Override
    public AddonContext context() {
        return context;
    }

    /** The file mapped for this module (an isolated copy, or the bundle's extracted file). */
    Path file() {
        return library.file;
    }

    @Override
    public Set<String> exportNames() {
        return exportNames;
    }

    @Override
    public Object call(String function, Object... args) {
        Objects.requireNonNull(function, "function");
        ConversionLimits limits = context.conversionLimits();
        // Encoding happens under the lock: the arguments go straight into the context's transport buffer. A call
        // whose arguments cannot cross is not counted (the transport counts it once they are encoded). lockOpen
        // checks the state first: once a refresh of the runtime bundle closed this context, its class loader may
        // refuse to load classes not used yet, and the caller should hear "closed", not NoClassDefFoundError.
        context.lockOpen();
        CallTransport transport = null;
        String warnings = null;
        try {
            transport = context.transport();
            return transport.call(context, env, moduleName(), function, args, limits, this);
        } finally {
            try {
                if (transport != null) {
                    warnings = transport.release();
                }
                functions.purgeReleased(); // after the answer is decoded: the functions it names were still found
            } finally {
                context.leave();
            }
            logWarnings(warnings); // outside the lock, as a log handler may do anything
        }
    }

    /** Decodes under the lock: the Java functions the addon freed at the end of the call are still found. */
    private Object decode(byte[] answer, String member) {
        try {
            return ValueCodec.decodeAnswer(answer, moduleName(), member, warningSink, promises, handles);
        } finally {
            functions.purgeReleased();
        }
    }

    @Override
    public JsObject construct(String constructorExport, Object... args) {
        Objects.requireNonNull(constructorExport, "constructorExport");
        return (JsObject) objectOp(null, NativeContract.OP_CONSTRUCT, constructorExport, args, true);
    }

    @Override
    public JsObject exports() {
        return (JsObject) objectOp(null, NativeContract.OP_SELF, null, null, true);
    }

    @Override
    public JsSymbol wellKnownSymbol(WellKnownSymbol name) {
        Objects.requireNonNull(name, "name");
        Object symbol = objectOp(null, NativeContract.OP_WELL_KNOWN_SYMBOL, name.propertyName(), null, false);
        if (symbol instanceof JsSymbol) {
            return (JsSymbol) symbol;
        }
        // The runtime makes them at env creation; only an addon that replaced globalThis.Symbol gets here.
        throw new IllegalStateException("module '" + moduleName() + "' in " + contextDescription() + ": " + name
                + " is " + symbol + ", not a symbol (did the addon replace globalThis.Symbol?)");
    }

    @Override
    public JsSymbol symbolFor(String key) {
        Objects.requireNonNull(key, "key");
        return (JsSymbol) objectOp(null, NativeContract.OP_SYMBOL_FOR, key, null, false);
    }

    /** A bound method declared to return a handle: the result is one even if it is plain data. */
    Object callForHandle(String function, Object[] args) {
        return objectOp(null, NativeContract.OP_CALL_METHOD, function, args, true);
    }

    /**
     * One operation on the value of {@code target} (null: the exports), see {@link NativeBridge#objectOp}. The
     * member named in messages is the key, or the operation's target.
     */
    Object objectOp(JsHandleImpl target, int op, String key, Object[] args, boolean handleResult) {
        ConversionLimits limits = context.conversionLimits();
        String member = key != null ? key : "exports";
        context.enter(); // checks the state first, and encoding under the lock gives Java functions their ids
        try {
            byte[] arguments = ValueCodec.encodeArguments(args, limits, moduleName(), member, this, functions);
            byte[] answer = NativeBridge.objectOp(env, op, target == null ? 0 : target.id(), key, arguments,
                    limits.maxDepth(), limits.maxValues(), handleResult);
            return decode(answer, member);
        } finally {
            context.leave();
        }
    }

    /**
     * JsObject.withBytes: the buffer is made in the native call (Java never holds the address) and used only while
     * the context's lock is held and calls into it are refused, so no addon code can detach or free its bytes.
     */
    <R> R withBytes(JsHandleImpl target, boolean writable, Function<ByteBuffer, R> reader) {
        target.checkUsable();
        context.enter();
        try {
            target.checkUsable(); // released by another thread before the lock was ours
            ByteBuffer bytes = NativeBridge.bytes(env, target.id());
            ByteBuffer view = bytes == null ? EMPTY_BYTES : bytes.order(ByteOrder.nativeOrder());
            ByteBuffer given = writable ? view : view.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
            R result = context.withByteViewOpen(() -> reader.apply(given));
            if (bytes != null && sharesMemory(result, bytes)) {
                throw new IllegalStateException("module '" + moduleName() + "': withBytes' callback returned a "
                        + "buffer over the value's bytes, which are valid only inside it: copy them instead");
            }
            return result;
        } finally {
            context.leave();
        }
    }

    private static final ByteBuffer EMPTY_BYTES = ByteBuffer.allocateDirect(0);

    /** Whether result is a direct buffer whose memory lies inside that of bytes (the buffer, a slice, a view). */
    private static boolean sharesMemory(Object result, ByteBuffer bytes) {
        if (!(result instanceof Buffer) || !((Buffer) result).isDirect()) {
            return false;
        }
        long start = NativeBridge.address(bytes);
        long address = NativeBridge.address((Buffer) result);
        return address >= start && address <= start + bytes.capacity();
    }

    /** The native env (tests that enter the context by hand). */
    long env() {
        return env;
    }

    HandleTable handles() {
        return handles;
    }

    JavaFunctions functions() {
        return functions;
    }

    PromiseFutures promises() {
        return promises;
    }

    String contextDescription() {
        return context.describe();
    }

    /** Sends the queued releases now if the context is open (an explicit release). */
    void drainReleases() {
        context.drainReleasesNow();
    }

    /**
     * Gives the queued releases back to the runtime. Called under the context's lock, while it is open. Never
     * throws: it runs inside the context's entry, before the caller's own try block.
     */
    void drainQueued() {
        List<long[]> queued = handles.takeQueued();
        if (queued.isEmpty()) {
            return;
        }
        long[] pairs = new long[queued.size() * 2];
        for (int i = 0; i < queued.size(); i++) {
            pairs[2 * i] = queued.get(i)[0];
            pairs[2 * i + 1] = queued.get(i)[1];
        }
        try {
            logWarnings(NativeBridge.releaseHandles(env, pairs));
        } catch (RuntimeException e) {
            logWarnings("releasing " + queued.size() + " handle(s) failed: " + e.getMessage());
        }
    }

    /** How many values the runtime holds for this module's handles (tests). */
    long liveHandles() {
        context.lockOpen();
        try {
            return NativeBridge.liveHandles(env);
        } finally {
            context.leave();
        }
    }

    @Override
    public Object get(String name) {
        Objects.requireNonNull(name, "name");
        ConversionLimits limits = context.conversionLimits();
        context.enter();
        try {
            return decode(NativeBridge.get(env, name, limits.maxDepth(), limits.maxValues()), name);
        } finally {
            context.leave();
        }
    }

    /**
     * Runs what waits in the env's loop (async work completions) and adds to {@code completions} what completes the
     * futures of promises settled since the last drain. Under the context's lock; the completions run after it.
     */
    void drainLoop(java.util.List<Runnable> completions) {
        ConversionLimits limits = context.conversionLimits();
        byte[] answer = NativeBridge.drainLoop(env, limits.maxDepth(), limits.maxValues());
        if (answer != null) {
            ValueCodec.decodeSettlements(answer, moduleName(), warningSink, promises, handles, completions);
        }
    }

    /** The context closed: the futures still waiting for a settlement, taken out to complete exceptionally. */
    java.util.List<java.util.concurrent.CompletableFuture<Object>> abandonedPromises() {
        return promises.takeAll();
    }

    /**
     * The bound-interface fast path: no encoding, no allocation on the Java heap, and no poll of collected handles
     * (primitives in, a primitive out: no handle crosses).
     */
    long callPrimitive(long function, int types, long a0, long a1, long a2, long a3) {
        context.enterPrimitive();
        try {
            return NativeBridge.callPrimitive(env, function, types, a0, a1, a2, a3);
        } finally {
            context.leave();
        }
    }

    /** The function value behind an export, for bound calls; 0 if the export is not a function. */
    long resolveFunction(String export) {
        return NativeBridge.resolveFunction(env, export);
    }

    @Override
    public <T> T bind(Class<T> api) {
        Objects.requireNonNull(api, "api");
        context.lockOpen();
        try {
            Object made = bindings.get(api);
            if (made == null) {
                made = Binder.bind(this, api);
                bindings.put(api, made);
            }
            return api.cast(made);
        } finally {
            context.leave();
        }
    }

    /**
     * Runs hooks and finalizers under {@code watch}, frees the env and releases the library. Exactly once; the
     * bindings go with it.
     */
    Teardown teardown(long asyncWaitMillis, HookWatchdog.Watch watch) {
        if (freed) {
            throw new IllegalStateException("module instance " + spec.name() + " already torn down");
        }
        freed = true;
        bindings.clear();
        handles.close(); // the runtime releases every handle's value first thing in its teardown (lifecycle.c)
        long[] counts;
        watch.enter(spec.name(), env);
        try {
            counts = NativeBridge.teardownEnv(env, asyncWaitMillis);
        } finally {
            watch.leave(); // before freeEnv: the watchdog must not ask a freed env what runs in it
            functions.clear(); // its function values are gone; their finalizers do not report during teardown
        }
        logWarnings(NativeBridge.freeEnv(env));
        EventLoops.unregister(env);
        return new Teardown(counts[0], counts[1], libraries.release(library));
    }

    /** How many Java functions the module holds as function values now (tests). */
    int javaFunctionCount() {
        context.lockOpen();
        try {
            return functions.size();
        } finally {
            context.leave();
        }
    }

    /** Made once: a method reference made per call would be one more allocation per call. */
    private final Consumer<String> warningSink = this::logWarnings;

    private void logWarnings(String lines) {
        context.logWarnings(spec.name(), lines);
    }

    @Override
    public String toString() {
        return "Addon[" + moduleName() + " in context " + context.id() + " (" + context.name() + ")]";
    }
}
