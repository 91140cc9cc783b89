package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;

/** What consoles see: contexts with owner, modules and calls; mapped modules with their reference counts. */
class InspectorTest {

    @Test
    void showsContextsModulesAndCounters() throws Exception {
        AddonRuntimeCore runtime = new AddonRuntimeCore();
        AddonInspector inspector = runtime.inspector();
        AddonContext a = runtime.newContext("main", ContextOwner.bundle("some.bundle", 7));
        AddonContext b = runtime.newContext("worker");
        a.load(Fixtures.spec("values")).call("add", 1, 2);
        b.load(Fixtures.spec("values"));
        b.load(Fixtures.spec("legacy"));

        List<AddonInspector.ContextInfo> contexts = inspector.contexts();
        assertEquals(2, contexts.size());
        AddonInspector.ContextInfo first = contexts.get(0);
        assertEquals("main", first.name());
        assertEquals("some.bundle", first.ownerName());
        assertEquals(7, first.ownerBundleId());
        assertEquals("some.bundle [7]", first.owner(), "how consoles show it");
        assertEquals(List.of("values"), first.modules());
        assertEquals(1, first.calls());
        b.addons().get(0).call("add", 3, 4);
        b.addons().get(0).call("add", 5, 6);
        assertEquals(3, inspector.counters().calls(), "the open contexts' calls");
        assertEquals(AddonContext.State.OPEN, first.state());
        assertEquals(AddonRuntimeCore.EMBEDDER, contexts.get(1).ownerName());
        assertEquals(AddonInspector.NOT_A_BUNDLE, contexts.get(1).ownerBundleId());
        assertEquals(-1, contexts.get(1).ownerBundleId());
        assertEquals(AddonRuntimeCore.EMBEDDER, contexts.get(1).owner());
        assertEquals(List.of("values", "legacy"), contexts.get(1).modules());

        AddonInspector.ModuleInfo values = inspector.modules().stream()
                .filter(m -> m.file().equals(Fixtures.file("values"))).findFirst().orElseThrow();
        assertEquals(2, values.contexts());
        assertTrue(values.mapped());
        assertEquals(Files.size(Fixtures.file("values")), values.size());
        assertEquals("values", values.name());

        runtime.closeAll();
        assertTrue(inspector.contexts().isEmpty());
        assertTrue(inspector.modules().isEmpty());
        AddonInspector.LifecycleCounters counters = inspector.counters();
        assertEquals(2, counters.contextsCreated());
        assertEquals(2, counters.contextsClosed());
        assertEquals(3, counters.modulesLoaded());
        assertEquals(2, counters.modulesUnloaded(), "values once (shared), legacy once");
        assertEquals(0, counters.modulesLeftMapped());
        assertEquals(3, counters.calls(), "the calls of contexts closed since");
    }

    @Test
    void failuresNameTheirOwnerBundleByNameAndId() {
        AddonRuntimeCore runtime = new AddonRuntimeCore();
        AddonContext bundles = runtime.newContext("a", ContextOwner.bundle("some.bundle", 7));
        AddonContext embedders = runtime.newContext("b");
        runtime.moduleFailed(bundles, "m", "bundle some.bundle [7], addon module 'm': no clause");
        runtime.moduleFailed(embedders, "n", "context 2, module 'n': no such file");

        List<AddonInspector.ModuleFailure> failures = runtime.inspector().failedModules();
        assertEquals(2, failures.size());
        assertEquals("some.bundle", failures.get(0).ownerName());
        assertEquals(7, failures.get(0).ownerBundleId());
        assertEquals("some.bundle [7]", failures.get(0).owner());
        assertEquals(AddonRuntimeCore.EMBEDDER, failures.get(1).ownerName());
        assertEquals(-1, failures.get(1).ownerBundleId());
        runtime.closeAll();
    }
}
