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

    /** The bundle id of an owner that is not a bundle (an embedder). @since 1.2 */
    long NOT_A_BUNDLE = -1;

    /**
     * One context.
     *
     * @param ownerName the symbolic name of the bundle that owns it, or {@code embedder}
     * @param ownerBundleId the id of that bundle, or {@link #NOT_A_BUNDLE} (since 1.2)
     * @param modules names of the modules loaded in it, in load order
     * @param calls calls made into it so far
     */
    record ContextInfo(long id, String name, String ownerName, long ownerBundleId, List<String> modules,
            AddonContext.State state, Instant created, long calls) {

        /**
         * The 1.1 constructor, kept so that code compiled against 1.1 still links: its owner is not a bundle.
         *
         * @deprecated the owner is two components since 1.2
         */
        @Deprecated
        public ContextInfo(long id, String name, String owner, List<String> modules, AddonContext.State state,
                Instant created, long calls) {
            this(id, name, owner, NOT_A_BUNDLE, modules, state, created, calls);
        }

        /** The owner as consoles show it: {@code symbolic.name [id]}, or {@code embedder}. */
        public String owner() {
            return ownerLabel(ownerName, ownerBundleId);
        }
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
     * @param ownerName that context's owner: a bundle's symbolic name, or {@code embedder} (since 1.2)
     * @param ownerBundleId the id of that bundle, or {@link #NOT_A_BUNDLE} (since 1.2)
     * @param module the module's name, or null when the bundle's {@code Addon-Module} header could not be read
     * @param message what went wrong, naming bundle, module, file and reason
     * @param time when it failed
     * @since 1.1
     */
    record ModuleFailure(long contextId, String ownerName, long ownerBundleId, String module, String message,
            Instant time) {

        /**
         * The 1.1 constructor, kept so that code compiled against 1.1 still links: its owner is not a bundle.
         *
         * @deprecated the owner is two components since 1.2
         */
        @Deprecated
        public ModuleFailure(long contextId, String owner, String module, String message, Instant time) {
            this(contextId, owner, NOT_A_BUNDLE, module, message, time);
        }

        /** That context's owner as consoles show it: {@code symbolic.name [id]}, or {@code embedder}. */
        public String owner() {
            return ownerLabel(ownerName, ownerBundleId);
        }
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

    /** How consoles show an owner: {@code symbolic.name [id]} for a bundle, the name alone otherwise. */
    private static String ownerLabel(String name, long bundleId) {
        return bundleId == NOT_A_BUNDLE ? name : name + " [" + bundleId + "]";
    }
}
