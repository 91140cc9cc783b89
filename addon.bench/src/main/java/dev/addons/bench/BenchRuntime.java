package dev.addons.bench;

import java.nio.file.Path;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/** One embedded runtime with the bench addon loaded into one context, as an embedder would set it up. */
public final class BenchRuntime implements AutoCloseable {

    public static final String MODULE = "benchaddon";

    public final AddonRuntimeCore runtime;
    public final Path file;
    public final ModuleSpec spec;
    public final AddonContext context;
    public final Addon addon;
    public final BenchAddon bound;

    public BenchRuntime(String contextName) {
        this(new AddonRuntimeCore(), contextName);
    }

    public BenchRuntime(AddonRuntimeCore runtime, String contextName) {
        this.runtime = runtime;
        this.file = BenchFiles.benchAddon();
        this.spec = ModuleSpec.of(MODULE, file);
        this.context = runtime.newContext(contextName);
        this.addon = context.load(spec);
        this.bound = addon.bind(BenchAddon.class);
        check(bound.add(20, 22) == 42 && Integer.valueOf(42).equals(addon.call("add", 20, 22)),
                "the bench addon does not add");
    }

    /** Another context of the same runtime with the bench addon loaded: shares the mapping. */
    public BenchAddon newBoundContext(String name) {
        return runtime.newContext(name).load(spec).bind(BenchAddon.class);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    @Override
    public void close() {
        runtime.closeAll();
    }
}
