package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonRuntime;

/**
 * Stopping and starting addon.impl right after addon bundles were uninstalled (issue 9, item 4). The UNINSTALLED
 * events reach the runtime's listener asynchronously, possibly while the runtime starts again and empties its
 * extracted-modules directory: the two deletions overlapped and the start failed with
 * {@code UncheckedIOException: NoSuchFileException}, leaving the runtime down for every bundle.
 */
class RuntimeRestartTest {

    private static final int TRIES = 5;
    private static final int ADDON_BUNDLES = 6;
    private static final int LEFTOVERS = 4000;

    @Test
    void runtimeStartsAgainRightAfterAnUninstall() throws Exception {
        Frameworks.assertNativeAccessFlag();
        Framework framework = Frameworks.launch(Frameworks.FELIX, "restart-after-uninstall",
                Map.of(Constants.FRAMEWORK_BSNVERSION, Constants.FRAMEWORK_BSNVERSION_MULTIPLE));
        try {
            BundleContext system = framework.getBundleContext();
            Bundle impl = Frameworks.installRuntime(framework);
            for (int attempt = 1; attempt <= TRIES; attempt++) {
                List<Bundle> addons = new ArrayList<>();
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < ADDON_BUNDLES; i++) {
                    Bundle addon = installCopy(system, "restart:instancedata-" + attempt + "-" + i);
                    addon.start();
                    addons.add(addon);
                    files.add(Frameworks.file(Frameworks.reference(system, Addon.class, "(&("
                            + AddonConstants.SERVICE_MODULE + "=multiple_load)(service.bundleid="
                            + addon.getBundleId() + "))")));
                }
                files.forEach(f -> assertTrue(Files.isRegularFile(f), f + " extracted"));
                leaveManyCopies(files.get(0).getParent());
                for (Bundle addon : addons) {
                    addon.uninstall();
                }
                impl.stop();
                try {
                    impl.start();
                } catch (BundleException e) {
                    throw new AssertionError("attempt " + attempt + ": addon.impl did not start again", e);
                }
                assertEquals(Bundle.ACTIVE, impl.getState(), "attempt " + attempt + ": addon.impl state");
                for (Path f : files) {
                    assertFalse(Files.exists(f), "attempt " + attempt + ": " + f + " of an uninstalled bundle");
                }

                // The runtime works for the bundles that come next.
                Bundle next = installCopy(system, "restart:next-" + attempt);
                next.start();
                Addon addon = Frameworks.service(system, Addon.class, "(&(" + AddonConstants.SERVICE_MODULE
                        + "=multiple_load)(service.bundleid=" + next.getBundleId() + "))");
                assertEquals(1, addon.call("increment"), "attempt " + attempt);
                AddonRuntime runtime = Frameworks.service(system, AddonRuntime.class, null);
                try (AddonContext context = runtime.newContext("after restart " + attempt)) {
                    assertEquals(1, context.load(addon.spec()).call("increment"), "attempt " + attempt);
                }
                next.uninstall();
            }
        } finally {
            Frameworks.stopQuietly(framework);
        }
    }

    /**
     * Stands for the leftovers of many updates of one bundle (issue 9 saw 1048 copies): a directory big enough
     * that deleting it at uninstall is still going on when the runtime starts again.
     */
    private static void leaveManyCopies(Path generationDirectory) throws Exception {
        for (int i = 0; i < LEFTOVERS; i++) {
            Files.write(generationDirectory.resolve("libleftover-" + i + ".so"), new byte[] {1});
        }
    }

    private static Bundle installCopy(BundleContext system, String location) throws Exception {
        try (InputStream in = Files.newInputStream(Frameworks.bundle("addon.demo.instancedata"))) {
            return system.installBundle(location, in);
        }
    }
}
