package dev.addons.core;

import java.nio.file.Path;
import java.util.List;

import dev.addons.api.AddonLoadException;
import dev.addons.api.ModuleSpec;

/**
 * One module loaded in one context: a native {@code napi_env} with its exports, instance data and hooks.
 * Not thread-safe: its {@link ContextImpl} serializes every use.
 */
final class ModuleInstance {

    /** What tearing the module instance down did. */
    record Teardown(long hooksRun, long finalizersRun, LibraryCache.Release release) {
    }

    final ModuleSpec spec;
    final LibraryCache.Library library;
    private final LibraryCache libraries;
    private final long env;
    final List<String> exportNames;
    private boolean freed;

    private ModuleInstance(ModuleSpec spec, LibraryCache libraries, LibraryCache.Library library, long env,
            List<String> exportNames) {
        this.spec = spec;
        this.libraries = libraries;
        this.library = library;
        this.env = env;
        this.exportNames = exportNames;
    }

    /**
     * Maps the file (or shares its mapping), creates the env and runs the module's init in it. On any failure
     * everything done so far is undone (hooks the init registered run, the library is released).
     */
    static ModuleInstance load(ModuleSpec spec, Path file, String owner, LibraryCache libraries,
            long asyncWaitMillis, WarningSink warnings) {
        LibraryCache.Library library;
        try {
            library = libraries.acquire(file, spec.name(), owner);
        } catch (ElfCheck.Invalid | NativeException e) {
            throw new AddonLoadException(spec.name(), "cannot load addon module '" + spec.name() + "'"
                    + (AddonRuntimeCore.EMBEDDER.equals(owner) ? "" : " of bundle " + owner) + " from " + spec.file()
                    + ": " + e.getMessage());
        }
        long env;
        try {
            env = NativeBridge.createEnv(library.handle, spec.name());
        } catch (NativeException e) {
            libraries.release(library);
            throw new AddonLoadException(spec.name(), "cannot create a context for addon module '" + spec.name()
                    + "': " + e.getMessage());
        }
        byte[] answer = NativeBridge.initEnv(env, library.handle);
        if (ValueCodec.hasWarnings(answer)) {
            warnings.warn(spec.name(), NativeBridge.drainWarnings(env));
        }
        try {
            Object names = ValueCodec.decodeAnswer(answer, "init");
            @SuppressWarnings("unchecked")
            List<String> exportNames = List.copyOf((List<String>) names);
            return new ModuleInstance(spec, libraries, library, env, exportNames);
        } catch (RuntimeException e) {
            // Node would not keep a half-initialized module either: undo its hooks and instance data now.
            new ModuleInstance(spec, libraries, library, env, List.of()).teardown(asyncWaitMillis, warnings,
                    HookWatchdog.NONE);
            throw new AddonLoadException(spec.name(), "init of addon module '" + spec.name() + "' (" + spec.file()
                    + ") failed: " + e.getMessage(), e instanceof dev.addons.api.AddonException a ? a.code() : null, e);
        }
    }

    byte[] call(String function, byte[] arguments, ConversionLimits limits) {
        return NativeBridge.call(env, function, arguments, limits.maxDepth(), limits.maxValues());
    }

    byte[] get(String name, ConversionLimits limits) {
        return NativeBridge.get(env, name, limits.maxDepth(), limits.maxValues());
    }

    /** The function value behind an export, for bound calls; 0 if the export is not a function. */
    long resolveFunction(String export) {
        return NativeBridge.resolveFunction(env, export);
    }

    long callPrimitive(long function, int types, long a0, long a1, long a2, long a3) {
        return NativeBridge.callPrimitive(env, function, types, a0, a1, a2, a3);
    }

    String drainWarnings() {
        return NativeBridge.drainWarnings(env);
    }

    /** Runs hooks and finalizers under {@code watch}, frees the env and releases the library. Exactly once. */
    Teardown teardown(long asyncWaitMillis, WarningSink warnings, HookWatchdog.Watch watch) {
        if (freed) {
            throw new IllegalStateException("module instance " + spec.name() + " already torn down");
        }
        freed = true;
        long[] counts;
        watch.enter(spec.name(), env);
        try {
            counts = NativeBridge.teardownEnv(env, asyncWaitMillis);
        } finally {
            watch.leave(); // before freeEnv: the watchdog must not ask a freed env what runs in it
        }
        String late = NativeBridge.drainWarnings(env);
        if (late != null) {
            warnings.warn(spec.name(), late);
        }
        NativeBridge.freeEnv(env);
        return new Teardown(counts[0], counts[1], libraries.release(library));
    }

    /** Where a module's warnings go: the context names itself and logs them. */
    interface WarningSink {
        void warn(String module, String lines);
    }
}
