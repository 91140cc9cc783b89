package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import dev.addons.api.Addon;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.LifecycleCounters;

/**
 * Several frameworks in one JVM, each with the runtime and the same addon bundles, started and stopped
 * independently: no "already loaded in another classloader", no shared state, hooks and finalizers per framework.
 *
 * <p>dev.addons.api comes from the class path and is exported by each system bundle
 * ({@code org.osgi.framework.system.packages.extra}); addon.api is not installed as a bundle. That is how an
 * application embedding a framework talks to the services of its bundles with plain typed calls, and it leaves
 * the runtime itself (addon.impl, addon.native: classes, JNI library, extracted modules) private to each framework.
 * The API package holds interfaces, records and exceptions only, so sharing it shares no state.
 *
 * <p>Restarting framework A in its own storage while A's class loaders are still reachable (as here: the test
 * holds A's Addon object) puts the runtime's JNI library at the same path again; the JVM refuses to load one path
 * in a second class loader ("already loaded in another classloader") and the runtime falls back to a private copy
 * from its class path. The test checks what a user sees: the new framework's runtime starts and works. The mapped
 * runtime library copies are printed.
 *
 * <p>Runs with the framework implementation on the class path: Felix in the default surefire execution, Equinox in
 * the {@code equinox} execution (see pom.xml). Felix and Equinox cannot share one flat class path: the Equinox jar
 * is signed and embeds org.apache.felix.resolver, which the Felix jar has too, so Equinox fails to initialize
 * ("signer information does not match"); mixing them in one JVM needs a class loader per framework.
 */
class SeveralFrameworksTest {

    private static final String MULTIPLE_LOAD = "multiple_load";
    private static final String CLEANUP_HOOKS = "cleanup_hooks";

    private final List<Framework> started = new ArrayList<>();

    @BeforeAll
    static void jvmSetup() {
        Frameworks.assertNativeAccessFlag();
    }

    /** The framework implementations on this class path (each surefire execution has one, see pom.xml). */
    static Stream<String> implementations() {
        List<String> found = Frameworks.factories().keySet().stream()
                .filter(List.of(Frameworks.FELIX, Frameworks.EQUINOX)::contains).toList();
        if (found.isEmpty()) {
            throw new AssertionError("neither Felix nor Equinox is on the class path: " + Frameworks.factories());
        }
        return found.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void frameworksStartAndStopIndependently(String kind) throws Exception {
        String tag = Frameworks.label(kind);
        String nameA = "several-" + tag + "-A";
        try {
            Framework a = launch(kind, nameA);
            Framework b = launch(kind, "several-" + tag + "-B");
            BundleContext ca = a.getBundleContext();
            BundleContext cb = b.getBundleContext();
            System.out.println("[" + tag + "] runtime libraries mapped with A and B up: "
                    + Frameworks.mappedRuntimeLibraries());

            // A restarts its instance-data bundle once: one context closed, one finalizer run, in A only.
            Bundle instanceDataA = bundle(ca, "addon.demo.instancedata");
            instanceDataA.stop();
            instanceDataA.start();

            ServiceReference<Addon> refA = Frameworks.addonReference(ca, MULTIPLE_LOAD);
            ServiceReference<Addon> refB = Frameworks.addonReference(cb, MULTIPLE_LOAD);
            Addon addonA = ca.getService(refA);
            Addon addonB = cb.getService(refB);
            // One API (the class path's), two runtimes: each implementation comes from its own framework.
            assertNotSame(addonA.getClass(), addonB.getClass(), "each framework loads its own addon.impl");
            assertNotEquals(addonA.getClass().getClassLoader(), addonB.getClass().getClassLoader());

            // No shared state: A counts 1, 2, 3 and B starts at 1.
            assertEquals(1, addonA.call("increment"));
            assertEquals(2, addonA.call("increment"));
            assertEquals(3, addonA.call("increment"));
            assertEquals(1, addonB.call("increment"));

            // Each framework extracted its own copy, under its own storage, and both are mapped.
            Path fileA = Frameworks.file(refA);
            Path fileB = Frameworks.file(refB);
            Path hooksFileA = Frameworks.file(Frameworks.addonReference(ca, CLEANUP_HOOKS));
            Path hooksFileB = Frameworks.file(Frameworks.addonReference(cb, CLEANUP_HOOKS));
            assertTrue(fileA.startsWith(Frameworks.storage(nameA)), fileA + " under A's storage");
            assertNotEquals(fileA, fileB);
            for (Path file : List.of(fileA, fileB, hooksFileA, hooksFileB)) {
                assertTrue(Frameworks.isMapped(file), file + " mapped while its bundle is active");
            }

            // Each inspector counts its own framework only: A created 3 contexts (instance data twice, cleanup
            // hooks once), closed 1, ran its finalizer; B created 2 and closed nothing.
            AddonInspector inspectorA = Frameworks.service(ca, AddonInspector.class, null);
            AddonInspector inspectorB = Frameworks.service(cb, AddonInspector.class, null);
            assertCounters(inspectorA.counters(), "A", 3, 1, 0, 1, 3);
            assertCounters(inspectorB.counters(), "B", 2, 0, 0, 0, 1);
            assertEquals(2, inspectorA.contexts().size(), "open contexts in A");
            assertEquals(2, inspectorB.contexts().size(), "open contexts in B");
            assertTrue(inspectorA.modules().stream().allMatch(m -> m.file().startsWith(Frameworks.storage(nameA))),
                    () -> "A's inspector shows only A's files: " + inspectorA.modules());

            // Cleanup hooks per framework: stopping the cleanup-hooks bundle in A runs its 4 hooks in A only.
            bundle(ca, "addon.demo.cleanuphooks").stop();
            assertCounters(inspectorA.counters(), "A after stopping cleanup-hooks", 3, 2, 4, 1, 3);
            assertCounters(inspectorB.counters(), "B after A's cleanup-hooks stop", 2, 0, 0, 0, 1);
            assertFalse(Frameworks.isMapped(hooksFileA), hooksFileA + " unmapped after its bundle stopped");
            assertTrue(Frameworks.isMapped(hooksFileB), hooksFileB + " (B's copy) still mapped");

            // Stop A entirely: its modules are gone from the process, B is untouched.
            ca.ungetService(refA);
            Frameworks.stop(a);
            assertEquals(Bundle.RESOLVED, a.getState());
            assertFalse(Frameworks.isMapped(fileA), fileA + " unmapped after framework A stopped");
            assertTrue(Frameworks.isMapped(fileB), fileB + " (B's copy) still mapped after A stopped");
            assertTrue(Frameworks.isMapped(hooksFileB), hooksFileB + " (B's copy) still mapped after A stopped");
            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> addonA.call("increment"), "a call into A's context after A stopped");
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            assertEquals(2, addonB.call("increment"), "B keeps its instance data");
            assertCounters(inspectorB.counters(), "B after A stopped", 2, 0, 0, 0, 2);

            // A new framework in A's storage: the runtime starts again and the addon starts from fresh state.
            Framework a2 = launch(kind, nameA);
            BundleContext ca2 = a2.getBundleContext();
            System.out.println("[" + tag + "] runtime libraries mapped with A' and B up: "
                    + Frameworks.mappedRuntimeLibraries());
            ServiceReference<Addon> refA2 = Frameworks.addonReference(ca2, MULTIPLE_LOAD);
            Addon addonA2 = ca2.getService(refA2);
            assertEquals(1, addonA2.call("increment"), "A' has fresh instance data");
            assertEquals(2, addonA2.call("increment"));
            assertEquals(3, addonB.call("increment"), "B still counts on its own");
            Path fileA2 = Frameworks.file(refA2);
            assertTrue(Frameworks.isMapped(fileA2), fileA2 + " mapped in A'");
            assertCounters(Frameworks.service(ca2, AddonInspector.class, null).counters(), "A'", 2, 0, 0, 0, 2);

            // Stop both: nothing of either is left mapped.
            ca2.ungetService(refA2);
            cb.ungetService(refB);
            Frameworks.stop(a2);
            assertTrue(Frameworks.isMapped(fileB), fileB + " still mapped while B runs");
            Frameworks.stop(b);
            for (Path file : List.of(fileA, fileB, hooksFileA, hooksFileB, fileA2)) {
                assertFalse(Frameworks.isMapped(file), file + " unmapped once every framework stopped");
            }
        } finally {
            started.forEach(Frameworks::stopQuietly);
        }
    }

    /** A framework with the runtime, the instance-data bundle and the cleanup-hooks bundle, all started. */
    private Framework launch(String kind, String name) throws Exception {
        Framework framework = Frameworks.launch(kind, name, Map.of());
        started.add(framework);
        Frameworks.installRuntime(framework);
        BundleContext context = framework.getBundleContext();
        Frameworks.install(context, "addon.demo.instancedata").start();
        Frameworks.install(context, "addon.demo.cleanuphooks").start();
        return framework;
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static void assertCounters(LifecycleCounters c, String who, long created, long closed, long hooks,
            long finalizers, long calls) {
        String all = who + ": " + c;
        assertEquals(created, c.contextsCreated(), "contexts created in " + all);
        assertEquals(closed, c.contextsClosed(), "contexts closed in " + all);
        assertEquals(hooks, c.hooksRun(), "cleanup hooks run in " + all);
        assertEquals(finalizers, c.finalizersRun(), "finalizers run in " + all);
        assertEquals(calls, c.calls(), "calls in " + all);
        assertEquals(0, c.failures(), "failures in " + all);
    }
}
