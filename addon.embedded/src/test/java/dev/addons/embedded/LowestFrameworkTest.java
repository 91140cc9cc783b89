package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * addon.impl runs on the lowest framework it declares: OSGi Core R7 (org.osgi.framework 1.9), here Apache Felix 6.
 * Issue 13: Felix 6 could not resolve the runtime, which imported org.osgi.framework [1.10,2) only because it was
 * compiled against the R8 API (bnd derives the range from the API on the build path, not from what is used).
 */
class LowestFrameworkTest {

    private static final String FRAMEWORK = "org.osgi.framework.launch.Framework";
    private static final String CONTEXT = "org.osgi.framework.BundleContext";
    private static final String BUNDLE = "org.osgi.framework.Bundle";
    private static final int ACTIVE = 32;

    @Test
    void theRuntimeAndAnAddonRunOnFelix6() throws Exception {
        Frameworks.assertNativeAccessFlag();
        Path felix6 = Paths.get(System.getProperty("embedded.bundles.dir", "target/bundles")).resolve("felix-r7.jar")
                .toAbsolutePath();
        Map<String, String> config = Map.of(
                "org.osgi.framework.storage", Frameworks.storage("felix-r7").toString(),
                "org.osgi.framework.storage.clean", "onFirstInit");
        try (IsolatedFramework felix = IsolatedFramework.start(felix6, config)) {
            Object context = felix.call(felix.framework, BUNDLE, "getBundleContext");
            assertEquals("1.9", felix.call(context, CONTEXT, "getProperty", "org.osgi.framework.version"),
                    "an R7 framework");
            assertTrue(String.valueOf(felix.call(felix.framework, BUNDLE, "getVersion")).startsWith("6."));

            Object api = install(felix, context, "addon.api");
            Object impl = install(felix, context, "addon.impl");
            install(felix, context, "addon.native");
            felix.call(impl, BUNDLE, "start");
            assertEquals(ACTIVE, felix.call(impl, BUNDLE, "getState"), "addon.impl on Felix 6");

            Object addonBundle = install(felix, context, "addon.demo.instancedata");
            felix.call(addonBundle, BUNDLE, "start");
            Object references = felix.call(context, CONTEXT, "getServiceReferences", "dev.addons.api.Addon",
                    "(addon.module=multiple_load)");
            assertNotNull(references, "the addon bundle's multiple_load service");
            assertEquals(1, Array.getLength(references));
            Object reference = Array.get(references, 0);
            Object addon = felix.call(context, CONTEXT, "getService", reference);
            Class<?> addonType = (Class<?>) felix.call(api, BUNDLE, "loadClass", "dev.addons.api.Addon");
            assertEquals(1, IsolatedFramework.call(addonType, addon, "call", "increment", new Object[0]));
            assertEquals(2, IsolatedFramework.call(addonType, addon, "call", "increment", new Object[0]));
            felix.call(context, CONTEXT, "ungetService", reference);
        }
    }

    private static Object install(IsolatedFramework felix, Object context, String artifactId) throws Exception {
        return felix.call(context, CONTEXT, "installBundle", Frameworks.bundle(artifactId).toUri().toString());
    }
}
