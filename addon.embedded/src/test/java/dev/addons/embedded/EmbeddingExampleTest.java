package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import dev.addons.api.Addon;

/**
 * The shortest way to embed an OSGi framework with the addon runtime in an application and call an addon.
 *
 * <p>The application's class path holds the framework (here Felix) and addon.api; the bundles are files (the
 * build copies them to target/bundles). Run with {@code --enable-native-access=ALL-UNNAMED} on JDK 22+.
 */
class EmbeddingExampleTest {

    @Test
    void embedAFrameworkAndCallAnAddon() throws Exception {
        Map<String, String> config = Map.of(
                Constants.FRAMEWORK_STORAGE, "target/frameworks/example",
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                // The system bundle exports the application's copy of the API, so that the application and the
                // bundles share the Addon interface: "dev.addons.api;version=1.4.0", the version addon.api exports.
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, Frameworks.API_PACKAGE);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        Framework framework = factory.newFramework(config);
        framework.start();
        Addon addon;
        try {
            BundleContext context = framework.getBundleContext();
            Bundle runtime = context.installBundle(bundle("addon.impl"));
            context.installBundle(bundle("addon.native")); // the runtime's native fragment: before runtime.start()
            runtime.start();
            context.installBundle(bundle("addon.demo.instancedata")).start();

            ServiceReference<Addon> reference = context
                    .getServiceReferences(Addon.class, "(addon.module=multiple_load)").iterator().next();
            addon = context.getService(reference);
            assertEquals(1, addon.call("increment"));
            assertEquals(2, addon.call("increment"));
            assertEquals(1, addon.call("decrement"));
        } finally {
            framework.stop(); // stops every bundle: the addon's context closes (hooks, finalizers, unloading)
            framework.waitForStop(10_000);
        }
        assertThrows(IllegalStateException.class, () -> addon.call("increment"), "closed with the framework");
    }

    private static String bundle(String name) {
        return Path.of("target/bundles", name + ".jar").toUri().toString();
    }
}
