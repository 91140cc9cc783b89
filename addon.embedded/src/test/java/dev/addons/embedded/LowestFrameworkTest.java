package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The runtime, an addon bundle, the console commands and the Web Console plugin run on the lowest framework they
 * declare: OSGi Core R7 (org.osgi.framework 1.9), here Apache Felix 6. Each of them once imported
 * org.osgi.framework [1.10,2) only because it was compiled against the R8 API (bnd derives the range from the API on
 * the build path, not from what is used), and Felix 6 could not resolve it.
 */
class LowestFrameworkTest {

    private static final String CONTEXT = "org.osgi.framework.BundleContext";
    private static final String BUNDLE = "org.osgi.framework.Bundle";
    private static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    private static final int ACTIVE = 32;

    @Test
    void theRuntimeAndAnAddonRunOnFelix6() throws Exception {
        try (IsolatedFramework felix = startFelix6("felix-r7")) {
            Object context = felix.call(felix.framework, BUNDLE, "getBundleContext");
            Object api = startRuntimeAndAddon(felix, context);
            Object reference = multipleLoad(felix, context);
            Object addon = felix.call(context, CONTEXT, "getService", reference);
            Class<?> addonType = (Class<?>) felix.call(api, BUNDLE, "loadClass", "dev.addons.api.Addon");
            assertEquals(1, IsolatedFramework.call(addonType, addon, "call", "increment", new Object[0]));
            assertEquals(2, IsolatedFramework.call(addonType, addon, "call", "increment", new Object[0]));
            felix.call(context, CONTEXT, "ungetService", reference);
        }
    }

    /** The console bundles too: addon:contexts through Gogo lists the addon's context; the plugin starts. */
    @Test
    void theConsoleCommandsAndTheWebConsolePluginRunOnFelix6() throws Exception {
        try (IsolatedFramework felix = startFelix6("felix-r7-consoles")) {
            Object context = felix.call(felix.framework, BUNDLE, "getBundleContext");
            startRuntimeAndAddon(felix, context);
            Object gogo = install(felix, context, "org.apache.felix.gogo.runtime");
            // The addon:* commands are a Declarative Services component (DS 1.4, R7): Felix SCR runs it.
            Object scr = install(felix, context, "org.apache.felix.scr");
            Object shell = install(felix, context, "addon.shell");
            // Only addon.api and the framework: the Web Console and Inventory imports are optional.
            Object plugin = install(felix, context, "addon.webconsole");
            for (Object bundle : new Object[] {gogo, scr, shell, plugin}) {
                felix.call(bundle, BUNDLE, "start");
                assertEquals(ACTIVE, felix.call(bundle, BUNDLE, "getState"),
                        felix.call(bundle, BUNDLE, "getSymbolicName") + " on Felix 6");
            }

            String listing = execute(felix, context, gogo, "addon:contexts");
            assertTrue(listing.contains("addon.demo.instancedata") && listing.contains("multiple_load"),
                    "addon:contexts lists the addon bundle's context with its module:\n" + listing);
        }
    }

    private static IsolatedFramework startFelix6(String storage) throws Exception {
        Frameworks.assertNativeAccessFlag();
        Path felix6 = Paths.get(System.getProperty("embedded.bundles.dir", "target/bundles")).resolve("felix-r7.jar")
                .toAbsolutePath();
        Map<String, String> config = Map.of(
                "org.osgi.framework.storage", Frameworks.storage(storage).toString(),
                "org.osgi.framework.storage.clean", "onFirstInit");
        IsolatedFramework felix = IsolatedFramework.start(felix6, config);
        Object context = felix.call(felix.framework, BUNDLE, "getBundleContext");
        assertEquals("1.9", felix.call(context, CONTEXT, "getProperty", "org.osgi.framework.version"),
                "an R7 framework");
        assertTrue(String.valueOf(felix.call(felix.framework, BUNDLE, "getVersion")).startsWith("6."));
        return felix;
    }

    /** Installs and starts addon.api, addon.impl (with addon.native) and addon.demo.instancedata; returns the API. */
    private static Object startRuntimeAndAddon(IsolatedFramework felix, Object context) throws Exception {
        Object api = install(felix, context, "addon.api");
        Object impl = install(felix, context, "addon.impl");
        install(felix, context, "addon.native");
        felix.call(impl, BUNDLE, "start");
        assertEquals(ACTIVE, felix.call(impl, BUNDLE, "getState"), "addon.impl on Felix 6");
        Object addonBundle = install(felix, context, "addon.demo.instancedata");
        felix.call(addonBundle, BUNDLE, "start");
        multipleLoad(felix, context);
        return api;
    }

    /** The reference to the addon bundle's multiple_load service, the only one. */
    private static Object multipleLoad(IsolatedFramework felix, Object context) throws Exception {
        Object references = felix.call(context, CONTEXT, "getServiceReferences", "dev.addons.api.Addon",
                "(addon.module=multiple_load)");
        assertNotNull(references, "the addon bundle's multiple_load service");
        assertEquals(1, Array.getLength(references));
        return Array.get(references, 0);
    }

    /** Runs one Gogo command line in a new session and returns what it printed. */
    private static String execute(IsolatedFramework felix, Object context, Object gogo, String line)
            throws Exception {
        Object reference = felix.call(context, CONTEXT, "getServiceReference", COMMAND_PROCESSOR);
        assertNotNull(reference, "Gogo's CommandProcessor service");
        Object processor = felix.call(context, CONTEXT, "getService", reference);
        Class<?> processorType = (Class<?>) felix.call(gogo, BUNDLE, "loadClass", COMMAND_PROCESSOR);
        Class<?> sessionType = (Class<?>) felix.call(gogo, BUNDLE, "loadClass", COMMAND_SESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Object session = IsolatedFramework.call(processorType, processor, "createSession",
                new ByteArrayInputStream(new byte[0]), out, err);
        try {
            IsolatedFramework.call(sessionType, session, "execute", line);
        } finally {
            IsolatedFramework.call(sessionType, session, "close");
            felix.call(context, CONTEXT, "ungetService", reference);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8), line + " wrote to stderr");
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Object install(IsolatedFramework felix, Object context, String artifactId) throws Exception {
        return felix.call(context, CONTEXT, "installBundle", Frameworks.bundle(artifactId).toUri().toString());
    }
}
