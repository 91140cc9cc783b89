package dev.addons.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A context (a {@code napi_env} in C): the unit of instance data, cleanup hooks and unloading.
 *
 * <p>{@link #close()} refuses new calls, waits for calls in flight, runs the cleanup hooks of every module in
 * reverse order of registration, then the instance-data finalizers, then unloads modules no other context uses.
 * It is idempotent and runs on the calling thread: when it returns, all of that has happened.
 */
@ProviderType
public interface AddonContext extends AutoCloseable {

    enum State {
        OPEN, CLOSING, CLOSED
    }

    /** A number unique in this runtime, never reused. */
    long id();

    /** A label for people: the owner bundle, a thread name, whatever the creator chose. */
    String name();

    State state();

    /** When the context was created. */
    Instant created();

    /** How many calls into this context's modules have completed or are in flight. */
    long calls();

    /**
     * Loads {@code spec} into this context (mapping the file if no other context has) and runs its init.
     *
     * @throws AddonLoadException naming the module and the reason if the file cannot be loaded, has no init
     *         symbol, or its init throws or fails; the context stays open and usable
     * @throws IllegalStateException if the context is closing or closed, or already has a module of that name
     */
    Addon load(ModuleSpec spec);

    /** The module of that name loaded in this context, if any. */
    Optional<Addon> addon(String moduleName);

    /** The modules loaded in this context, in load order. */
    List<Addon> addons();

    @Override
    void close();
}
