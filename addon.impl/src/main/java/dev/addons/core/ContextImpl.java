package dev.addons.core;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;
import dev.addons.api.ModuleSpec;

/**
 * A context: the modules loaded in it, serialized calls, and the close sequence.
 *
 * <p>One lock per context serializes calls, loads and close (addon code may assume it is never entered twice at
 * once, as in Node). There is no lock shared between contexts on the call path.
 */
final class ContextImpl implements AddonContext {

    private static final System.Logger LOG = System.getLogger("dev.addons");
    private static final VarHandle CALLS;

    static {
        try {
            CALLS = MethodHandles.lookup().findVarHandle(ContextImpl.class, "calls", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final String name;
    private final ContextOwner owner;
    private final Instant created = Instant.now();
    private final AddonRuntimeCore runtime;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<AddonImpl> addons = new CopyOnWriteArrayList<>();
    private final List<AddonInspector.ModuleFailure> failures = new CopyOnWriteArrayList<>();
    private long calls; // written under the lock (opaque), read by consoles without it (opaque)
    private final java.util.concurrent.atomic.AtomicReference<State> state =
            new java.util.concurrent.atomic.AtomicReference<>(State.OPEN);
    private volatile Thread closer;

    ContextImpl(long id, String name, ContextOwner owner, AddonRuntimeCore runtime) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.runtime = runtime;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    /** The bundle owning this context, or the embedder. */
    ContextOwner owner() {
        return owner;
    }

    @Override
    public State state() {
        return state.get();
    }

    @Override
    public Instant created() {
        return created;
    }

    @Override
    public long calls() {
        return (long) CALLS.getOpaque(this);
    }

    @Override
    public Addon load(ModuleSpec spec) {
        lock.lock();
        try {
            checkOpen();
            if (addon(spec.name()).isPresent()) {
                throw new IllegalStateException(describe() + " already has a module named '" + spec.name() + "'");
            }
            Path file = spec.isolated() ? runtime.isolatedCopies().copy(spec, id) : spec.file();
            ModuleInstance instance;
            try {
                instance = ModuleInstance.load(spec, file, owner.label(), runtime.libraryCache(), runtime.config().asyncWaitMillis(),
                    this::logWarnings);
            } catch (RuntimeException e) {
                runtime.isolatedCopies().discard(spec, file);
                throw e;
            }
            AddonImpl addon = new AddonImpl(this, instance);
            addons.add(addon);
            runtime.stats().modulesLoaded.incrementAndGet();
            return addon;
        } catch (dev.addons.api.AddonLoadException e) {
            moduleFailed(spec.name(), describeModule(spec.name()) + ": " + e.getMessage());
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that a module of this context could not be loaded: counted once as a failure, and listed by the
     * inspector while the context is open. {@code message} names owner, module and reason.
     */
    void moduleFailed(String module, String message) {
        failures.add(new AddonInspector.ModuleFailure(id, owner.name(), owner.bundleId(), module, message,
                Instant.now()));
        runtime.stats().failure(message);
    }

    List<AddonInspector.ModuleFailure> failures() {
        return List.copyOf(failures);
    }

    /** Where a module belongs, for messages: its owner bundle first, as the OSGi layer words it. */
    private String describeModule(String module) {
        return owner.isBundle() ? "bundle " + owner.label() + ", addon module '" + module + "' (" + describe() + ")"
                : describe() + ", module '" + module + "'";
    }

    @Override
    public Optional<Addon> addon(String moduleName) {
        for (AddonImpl a : addons) {
            if (a.moduleName().equals(moduleName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Addon> addons() {
        return List.copyOf(addons);
    }

    Object call(AddonImpl addon, String function, Object[] args) {
        // Before the encoder: once a refresh of the runtime bundle closed this context, its class loader may refuse
        // to load classes not used yet, and the caller should hear "closed", not NoClassDefFoundError.
        checkOpen();
        ConversionLimits limits = runtime.config().conversion();
        byte[] arguments = ValueCodec.encodeArguments(args, limits, addon.moduleName(), function);
        byte[] answer = enter(addon, () -> addon.instance.call(function, arguments, limits));
        return ValueCodec.decodeAnswer(answer, addon.moduleName() + "." + function);
    }

    Object get(AddonImpl addon, String property) {
        ConversionLimits limits = runtime.config().conversion();
        byte[] answer = enter(addon, () -> addon.instance.get(property, limits));
        return ValueCodec.decodeAnswer(answer, addon.moduleName() + "." + property);
    }

    private byte[] enter(AddonImpl addon, java.util.function.Supplier<byte[]> body) {
        lockForCall();
        try {
            byte[] answer = body.get();
            if (ValueCodec.hasWarnings(answer)) {
                logWarnings(addon.moduleName(), addon.instance.drainWarnings());
            }
            return answer;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the call lock of an open context and counts the call; the caller unlocks. */
    private void lockForCall() {
        if (state.get() != State.OPEN) {
            throw closedError(); // fail fast instead of queueing behind a close
        }
        lock.lock();
        if (state.get() != State.OPEN) {
            lock.unlock();
            throw closedError();
        }
        CALLS.setOpaque(this, calls + 1); // under the lock: only the reads from other threads need opaque
    }

    private void checkOpen() {
        if (state.get() != State.OPEN) {
            throw closedError();
        }
    }

    <T> T bind(AddonImpl addon, Class<T> api) {
        lock.lock();
        try {
            checkOpen();
            return addon.binding(api);
        } finally {
            lock.unlock();
        }
    }

    /** The bound-interface fast path: no encoding, no allocation on the Java heap. */
    long callPrimitive(AddonImpl addon, long function, int types, long a0, long a1, long a2, long a3) {
        lockForCall();
        try {
            return addon.instance.callPrimitive(function, types, a0, a1, a2, a3);
        } finally {
            lock.unlock();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(describe() + " is " + state.get().name().toLowerCase(java.util.Locale.ROOT)
                + ": no more calls into its addons");
    }

    /**
     * Refuses new calls, waits for the one in flight, then tears the modules down newest first: each runs its
     * cleanup hooks (newest first) and finalizers, and its library is unloaded if no other context uses it.
     */
    @Override
    public void close() {
        // New callers fail fast instead of queueing on the lock. Only OPEN becomes CLOSING: a late closer must not
        // turn a CLOSED context back.
        if (!state.compareAndSet(State.OPEN, State.CLOSING) && state.get() == State.CLOSED) {
            return;
        }
        lock.lock();
        try {
            if (closer != null) {
                return; // closed already, or re-entered from the thread that is closing
            }
            closer = Thread.currentThread();
            List<AddonImpl> reversed = new ArrayList<>(addons);
            java.util.Collections.reverse(reversed);
            try (HookWatchdog.Watch watch = HookWatchdog.watch(runtime.config().hookWatchdogMillis(), describe(),
                    closer, summary -> runtime.stats().failure("warning: " + summary))) {
                tearDown(reversed, watch);
            }
            addons.forEach(AddonImpl::forgetBindings);
            addons.clear();
            state.set(State.CLOSED);
            runtime.closed(this);
        } finally {
            lock.unlock();
        }
    }

    /** Tears each module down in turn; one that fails is reported and the others still go. */
    private void tearDown(List<AddonImpl> newestFirst, HookWatchdog.Watch watch) {
        for (AddonImpl addon : newestFirst) {
            try {
                ModuleInstance.Teardown t = addon.instance.teardown(runtime.config().asyncWaitMillis(),
                        this::logWarnings, watch);
                runtime.stats().hooksRun.addAndGet(t.hooksRun());
                runtime.stats().finalizersRun.addAndGet(t.finalizersRun());
                runtime.isolatedCopies().discard(addon.spec(), addon.instance.library.file);
                if (t.release() == LibraryCache.Release.UNLOADED) {
                    runtime.stats().modulesUnloaded.incrementAndGet();
                } else if (t.release() == LibraryCache.Release.LEFT_MAPPED) {
                    runtime.stats().modulesLeftMapped.incrementAndGet();
                    String message = describe() + ", module '" + addon.moduleName() + "': " + addon.spec().file()
                            + " is still mapped after its last context closed (the dynamic loader kept it)";
                    runtime.stats().failure(message);
                    LOG.log(Level.WARNING, message);
                }
            } catch (RuntimeException e) {
                String message = describe() + ", module '" + addon.moduleName() + "': teardown failed: " + e;
                runtime.stats().failure(message);
                LOG.log(Level.ERROR, message, e);
            }
        }
    }

    private void logWarnings(String module, String lines) {
        if (lines == null) {
            return;
        }
        for (String line : lines.split("\n")) {
            if (!line.isBlank()) {
                String message = describe() + ", module '" + module + "': " + line;
                LOG.log(Level.WARNING, message);
                runtime.stats().failure("warning: " + message);
            }
        }
    }

    String describe() {
        return "context " + id + " (" + name + ")";
    }

    @Override
    public String toString() {
        return "AddonContext[" + id + ", " + name + ", " + state + "]";
    }
}
