package dev.addons.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of everything one runtime holds, for consoles and diagnostics. In OSGi it is a singleton
 * service of addon.impl; embedders get it from the runtime object.
 */
@ProviderType
public interface AddonInspector {

    /** Every open (or closing) context, oldest first. */
    List<ContextInfo> contexts();

    /** Every module file mapped by the runtime now. */
    List<ModuleInfo> modules();

    /** Counters since the runtime started. */
    LifecycleCounters counters();

    /**
     * Modules that could not be loaded into the contexts open now, oldest first. A bundle whose modules all failed
     * is still ACTIVE, with an empty context: this says why. A failure goes away with its context.
     *
     * @since 1.1
     */
    default List<ModuleFailure> failedModules() {
        return List.of();
    }

    /**
     * One context.
     *
     * @param owner the bundle that owns it ({@code symbolic.name [id]}), or {@code embedder}
     * @param modules names of the modules loaded in it, in load order
     * @param calls calls made into it so far
     */
    record ContextInfo(long id, String name, String owner, List<String> modules, AddonContext.State state,
            Instant created, long calls) {
    }

    /**
     * One mapped module file.
     *
     * @param name the module name it was first loaded under
     * @param owner owner of the context that first loaded it
     * @param contexts how many module instances (contexts) use the mapping: the reference count
     * @param mapped whether {@code /proc/self/maps} shows the file
     * @param size file size in bytes, -1 if unknown
     */
    record ModuleInfo(String name, String owner, Path file, int contexts, boolean mapped, long size) {
    }

    /**
     * A module that could not be loaded.
     *
     * @param contextId the context it was to be loaded into
     * @param owner that context's owner ({@code symbolic.name [id]} or {@code embedder})
     * @param module the module's name, or null when the bundle's {@code Addon-Module} header could not be read
     * @param message what went wrong, naming bundle, module, file and reason
     * @param time when it failed
     * @since 1.1
     */
    record ModuleFailure(long contextId, String owner, String module, String message, Instant time) {
    }

    /**
     * What happened since the runtime started.
     *
     * @param modulesLeftMapped modules whose file stayed mapped after their last context closed (the dynamic
     *        loader refused to unload them)
     * @param failures how many failures and warnings were reported in all
     * @param recentFailures the newest of them (at most 100), oldest first
     */
    record LifecycleCounters(long contextsCreated, long contextsClosed, long modulesLoaded, long modulesUnloaded,
            long modulesLeftMapped, long hooksRun, long finalizersRun, long calls, long failures,
            List<String> recentFailures) {
    }
}
