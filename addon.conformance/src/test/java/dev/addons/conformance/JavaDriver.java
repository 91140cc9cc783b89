package dev.addons.conformance;

import java.util.ArrayList;
import java.util.List;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;

/** Our runtime's side: loads an area addon into a fresh context and returns the lines its run() returns. */
final class JavaDriver {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();

    List<String> run(String area) {
        try (AddonContext context = runtime.newContext("conformance-" + area)) {
            Addon addon = context.load(ModuleSpec.of(area, Areas.library(area)));
            Object result = addon.call("run");
            List<String> lines = new ArrayList<>();
            if (!(result instanceof List)) {
                lines.add("run() returned " + result);
                return lines;
            }
            for (Object line : (List<?>) result) {
                lines.add(String.valueOf(line));
            }
            return lines;
        } catch (RuntimeException e) {
            // Same wording as the Node driver, so that a throwing run() is itself an observation.
            return List.of("run() threw: " + e.getMessage());
        }
    }
}
