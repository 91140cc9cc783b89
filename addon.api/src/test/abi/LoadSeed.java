import java.nio.file.Path;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/**
 * Loads the reference page's addons, as built against Node's own headers, into our runtime: proof that binaries
 * made for Node load here. Run by check-abi.sh with the built addon.api, addon.impl and addon.native jars.
 * Usage: java -cp ... LoadSeed.java multiple_load.so cleanup_hooks.so
 */
public class LoadSeed {
    public static void main(String[] args) {
        AddonRuntimeCore runtime = new AddonRuntimeCore();
        try (AddonContext context = runtime.newContext("seed")) {
            Addon addon = context.load(ModuleSpec.of("multiple_load", Path.of(args[0])));
            System.out.println("multiple_load: " + addon.call("increment") + " " + addon.call("increment") + " "
                    + addon.call("increment") + " " + addon.call("decrement"));
        }
        try (AddonContext context = runtime.newContext("hooks")) {
            context.load(ModuleSpec.of("cleanup_hooks", Path.of(args[1])));
            System.out.println("cleanup_hooks: loaded");
            System.out.flush();
        }
        System.out.println("hooks run: " + runtime.inspector().counters().hooksRun() + ", finalizers run: "
                + runtime.inspector().counters().finalizersRun());
    }
}
