package dev.addons.core;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private static final System.Logger LOG = RuntimeLog.logger();
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
    /** Under the lock: withBytes callbacks running (nested ones count too); see withByteViewOpen. */
    private int openByteViews;
    /** A drain of the loop waits for the lock's holder to let go: it runs it (see unlock). */
    private final AtomicBoolean drainOwed = new AtomicBoolean();
    private final List<AddonImpl> addons = new CopyOnWriteArrayList<>();
    private final List<AddonInspector.ModuleFailure> failures = new CopyOnWriteArrayList<>();
    private long calls; // written under the lock (opaque), read by consoles without it (opaque)
    private final java.util.concurrent.atomic.AtomicReference<State> state =
            new java.util.concurrent.atomic.AtomicReference<>(State.OPEN);
    private volatile Thread closer;
    private final ContextLoop loop;
    private CallTransport transport; // guarded by the lock
    /**
     * Where the garbage collector puts the references of this context's handles that are no longer reachable
     * (HandleTable.Collected): polled at each entry, so that their releases go back under the lock.
     */
    private final ReferenceQueue<Object> collectedHandles = new ReferenceQueue<>();

    ContextImpl(long id, String name, ContextOwner owner, AddonRuntimeCore runtime) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.runtime = runtime;
        this.loop = new ContextLoop(this, runtime.loopExecutor());
    }

    /** The Java half of this context's event loop (docs/async.md). */
    ContextLoop loop() {
        return loop;
    }

    /**
     * A drain: under the lock (serialized with calls, never concurrent with one), runs each module's loop tasks and
     * collects the settled promises; their futures complete after the lock is released, so that code attached to
     * them never runs under it. Nothing to do once the context is closing: its close runs what is left.
     */
    void drainLoops() {
        drainLoops(false);
    }

    /**
     * A drain on a thread that must not wait for the lock (a pool thread, or a caller that just left it): false if
     * the lock is held (by another thread, or still by this one), and nothing was done.
     */
    boolean tryDrainLoops() {
        return drainLoops(true);
    }

    private boolean drainLoops(boolean onlyIfFree) {
        if (state.get() != State.OPEN) {
            return true;
        }
        if (!onlyIfFree) {
            lock.lock();
        } else if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return false;
        }
        List<Runnable> completions = new ArrayList<>();
        try {
            if (state.get() != State.OPEN) {
                return true;
            }
            if (openByteViews > 0) { // the thread inside withBytes: its loop runs at the next drain
                return true;
            }
            for (AddonImpl addon : addons) {
                addon.drainLoop(completions);
            }
        } finally {
            unlock();
        }
        for (Runnable completion : completions) {
            completion.run();
        }
        return true;
    }

    boolean isLockedByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    boolean isLocked() {
        return lock.isLocked();
    }

    /** The loop's drain is owed to the thread holding the lock: its last unlock runs it (ContextLoop). */
    void oweDrain() {
        drainOwed.set(true);
    }

    /** Takes the owed drain over; false if another thread took it. */
    boolean takeOwedDrain() {
        return drainOwed.get() && drainOwed.getAndSet(false);
    }

    /**
     * Every release of the lock: the last one of this thread runs a drain owed to it (a volatile read otherwise).
     * The debt is read after the unlock, and the debtor reads the lock after writing it: one of them sees the other.
     */
    private void unlock() {
        boolean last = lock.getHoldCount() == 1;
        lock.unlock();
        if (last && takeOwedDrain()) {
            loop.drainHereOrOwe();
        }
    }

    void drainFailed(Throwable e) {
        String message = describe() + ": running its event loop failed: " + e;
        runtime.stats().failure(message);
        LOG.log(Level.ERROR, message, e);
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
        lockOpen(); // refuses a load from inside withBytes too
        try {
            if (addon(spec.name()).isPresent()) {
                throw new IllegalStateException(describe() + " already has a module named '" + spec.name() + "'");
            }
            Path file = spec.isolated() ? runtime.isolatedCopies().copy(spec, id) : spec.file();
            AddonImpl addon;
            try {
                addon = AddonImpl.load(this, spec, file, runtime.libraryCache(), runtime.config().asyncWaitMillis());
            } catch (RuntimeException e) {
                runtime.isolatedCopies().discard(spec, file);
                throw e;
            }
            addons.add(addon);
            runtime.stats().moduleLoaded();
            return addon;
        } catch (dev.addons.api.AddonLoadException e) {
            moduleFailed(spec.name(), describeModule(spec.name()) + ": " + e.getMessage());
            throw e;
        } finally {
            unlock();
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

    /** The conversion limits of this runtime, read by each call. */
    ConversionLimits conversionLimits() {
        return runtime.config().conversion();
    }

    /**
     * The gate every call into an addon of this context that can send or receive handles goes through: checks that
     * the context is open, takes its lock (one call at a time, as addon code may assume), counts the call and gives
     * back the releases of the handles collected since. Pair with {@link #leave} in a finally block.
     */
    void enter() {
        lockOpen();
        countCall();
        releaseCollectedHandles();
    }

    /**
     * The gate of a bound method whose parameters and result are all primitives: as {@link #enter} but without
     * the poll of collected handles. Such a call can neither make a handle nor take one, so the releases can wait
     * for the next entry that can, and the hot path does only the lock and the count (docs/object-model.md).
     */
    void enterPrimitive() {
        lockOpen();
        countCall();
    }

    /** Counts a call; under the lock. */
    void countCall() {
        CALLS.setOpaque(this, calls + 1); // under the lock: only the reads from other threads need opaque
    }

    /**
     * Under the lock, before a call that can send or receive handles: the releases of the handles the collector
     * enqueued since the last such entry go back to the runtime.
     */
    void releaseCollectedHandles() {
        Reference<?> collected = collectedHandles.poll(); // one volatile read when nothing was collected
        if (collected != null) {
            drainReleases(collected);
        }
    }

    ReferenceQueue<Object> collectedHandles() {
        return collectedHandles;
    }

    /**
     * Under the lock: the releases of handles collected since the last entry (starting with {@code first}, null
     * if none), and those released explicitly, go back to the runtime.
     */
    private void drainReleases(Reference<?> first) {
        for (Reference<?> r = first; r != null; r = collectedHandles.poll()) {
            HandleTable.Collected collected = (HandleTable.Collected) r;
            collected.table.queueRelease(collected.state);
        }
        for (AddonImpl addon : addons) {
            addon.drainQueued();
        }
    }

    /** An explicit release: gives it back now if the context is open (else its close let go of everything). */
    void drainReleasesNow() {
        if (state.get() != State.OPEN) {
            return;
        }
        lock.lock();
        try {
            if (state.get() == State.OPEN && openByteViews == 0) { // else when the callback returns: withByteViewOpen
                drainReleases(collectedHandles.poll());
            }
        } finally {
            unlock();
        }
    }

    /** Whether a drain of the loop waits for the lock's holder to let go; for tests. */
    boolean drainOwed() {
        return drainOwed.get();
    }

    /** The transport as it is, null before the first call; for tests. */
    CallTransport peekTransport() {
        return transport;
    }

    /**
     * The transport of this context's generic calls, made at the first; under the lock, acquired (a call already
     * using it on this thread gets one of its own). Pair with {@link CallTransport#release}.
     */
    CallTransport transport() {
        if (transport == null) {
            transport = runtime.transports().take();
        }
        return transport.acquire();
    }

    /** Takes the lock of an open context, counting nothing (binding); pair with {@link #leave}. */
    void lockOpen() {
        if (state.get() != State.OPEN) {
            throw closedError(); // fail fast instead of queueing behind a close
        }
        lock.lock();
        if (state.get() != State.OPEN) {
            unlock();
            throw closedError();
        }
        if (openByteViews > 0) { // only the thread inside withBytes can get here: the lock is reentrant
            unlock();
            throw new IllegalStateException(describe() + ": no call into it from inside JsObject.withBytes (addon "
                    + "code could detach or free the bytes the buffer shows)");
        }
    }

    /**
     * Runs {@code body} under the lock (held by the caller) with calls into this context refused and releases
     * held back: the bytes a buffer of withBytes shows stay where they are until it returns.
     */
    <R> R withByteViewOpen(java.util.function.Supplier<R> body) {
        openByteViews++;
        try {
            return body.get();
        } finally {
            // A release made inside the callback (drainReleasesNow held it back) goes back once the last view closes:
            // the entries that follow poll only the collected handles, they would leave it queued.
            if (--openByteViews == 0 && state.get() == State.OPEN) {
                drainReleases(collectedHandles.poll());
            }
        }
    }

    void leave() {
        unlock();
    }

    /** Throws if the context is not open (without taking the lock). */
    void checkOpen() {
        if (state.get() != State.OPEN) {
            throw closedError();
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
        if (lock.isHeldByCurrentThread() && closer == null) {
            // Inside a call into this context (a Java function called back by an addon): tearing the modules down
            // now would free the values the addon code below on this stack is using.
            throw new IllegalStateException(describe() + " cannot be closed from inside a call into it (a Java "
                    + "function called by one of its addons)");
        }
        // New callers fail fast instead of queueing on the lock. Only OPEN becomes CLOSING: a late closer must not
        // turn a CLOSED context back.
        if (!state.compareAndSet(State.OPEN, State.CLOSING) && state.get() == State.CLOSED) {
            return;
        }
        List<java.util.concurrent.CompletableFuture<Object>> abandoned = new ArrayList<>();
        lock.lock();
        try {
            if (closer != null) {
                return; // closed already, or re-entered from the thread that is closing
            }
            closer = Thread.currentThread();
            List<AddonImpl> reversed = new ArrayList<>(addons);
            java.util.Collections.reverse(reversed);
            try (HookWatchdog.Watch watch = runtime.watchdog().watch(runtime.config().hookWatchdogMillis(), describe(),
                    closer, summary -> runtime.stats().failure("warning: " + summary))) {
                tearDown(reversed, watch);
            }
            for (AddonImpl addon : reversed) {
                abandoned.addAll(addon.abandonedPromises());
            }
            addons.clear();
            if (transport != null) {
                runtime.transports().give(transport); // not pooled if a call on this thread is still using it
                transport = null;
            }
            state.set(State.CLOSED);
            runtime.closed(this);
        } finally {
            unlock();
            // Outside the lock: code attached to a future must not run under it. As Node drops a pending promise
            // when its Worker ends, these never settle; Java hears why.
            for (java.util.concurrent.CompletableFuture<Object> future : abandoned) {
                future.completeExceptionally(new dev.addons.api.AddonException(describe()
                        + " closed before the promise was settled", "ERR_CONTEXT_CLOSED", "Error", null));
            }
        }
    }

    /** Tears each module down in turn; one that fails is reported and the others still go. */
    private void tearDown(List<AddonImpl> newestFirst, HookWatchdog.Watch watch) {
        for (AddonImpl addon : newestFirst) {
            try {
                AddonImpl.Teardown t = addon.teardown(runtime.config().asyncWaitMillis(), watch);
                runtime.stats().moduleTornDown(t.hooksRun(), t.finalizersRun(), t.release());
                runtime.isolatedCopies().discard(addon.spec(), addon.file());
                if (t.release() == LibraryCache.Release.LEFT_MAPPED) {
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

    /** Logs a module's warnings (lines separated by '\n', null if none), naming this context and the module. */
    void logWarnings(String module, String lines) {
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
