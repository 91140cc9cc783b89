package dev.addons.resolve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resolver given only an addon bundle (as a .bndrun's -runrequires or a Karaf feature would) finds the runtime
 * through the bundle's osgi.extender requirement, and the runtime's native fragment through addon.impl's
 * dev.addons.native requirement; without the runtime in the repository the resolution fails naming the extender.
 * The runtime's fragment provides the Node-API functions the example addons import (dev.addons.napi, written by
 * the author kit); a bundle importing one the runtime does not implement fails, naming the function.
 */
class AddonBundleResolutionTest {

    private static final String INSTANCE_DATA = "bnd.identity;id='addon.demo.instancedata'";

    @TempDir
    Path work;

    @Test
    void anAddonBundleBringsTheRuntimeAndItsNativeFragment() throws Exception {
        Resolution resolution = Resolution.of(work, INSTANCE_DATA, Set.of());

        assertTrue(resolution.isOK(), resolution.report);
        List<String> bundles = resolution.runBundles();
        for (String expected : List.of("addon.demo.instancedata", "addon.api", "addon.impl", "addon.native")) {
            assertTrue(bundles.contains(expected), expected + " not among the run bundles " + bundles);
        }
        assertFalse(bundles.contains("addon.demo.cleanuphooks"), "an unrequested addon bundle came along: " + bundles);
    }

    @Test
    void bothExampleAddonBundlesResolveTogether() throws Exception {
        Resolution resolution = Resolution.of(work,
                INSTANCE_DATA + ",bnd.identity;id='addon.demo.cleanuphooks'", Set.of());

        assertTrue(resolution.isOK(), resolution.report);
        assertTrue(resolution.runBundles().containsAll(
                List.of("addon.demo.instancedata", "addon.demo.cleanuphooks", "addon.impl", "addon.native")),
                () -> "run bundles " + resolution.runBundles());
    }

    @Test
    void anAddonBundleNeedingANodeApiFunctionTheRuntimeLacksDoesNotResolveAndTheFunctionIsNamed() throws Exception {
        Resolution resolution = Resolution.of(work, "bnd.identity;id='addon.fixtures.unsupported'", Set.of());

        assertFalse(resolution.isOK(), () -> "resolved although the runtime lacks"
                + " node_api_create_buffer_from_arraybuffer: " + resolution.runBundles());
        assertTrue(resolution.report.contains("dev.addons.napi")
                && resolution.report.contains("(functions=node_api_create_buffer_from_arraybuffer)"),
                resolution.report);
    }

    @Test
    void withoutTheRuntimeTheAddonBundleDoesNotResolveAndTheExtenderIsNamed() throws Exception {
        Resolution resolution = Resolution.of(work, INSTANCE_DATA, Set.of("addon.impl"));

        assertFalse(resolution.isOK(), () -> "resolved without addon.impl: " + resolution.runBundles());
        assertTrue(resolution.report.contains("osgi.extender=dev.addons.napi"), resolution.report);
    }

    @Test
    void withoutTheNativeFragmentTheRuntimeDoesNotResolveAndTheFragmentsCapabilityIsNamed() throws Exception {
        Resolution runtime = Resolution.of(work, "bnd.identity;id='addon.impl'", Set.of("addon.native"));

        assertFalse(runtime.isOK(), () -> "resolved without addon.native: " + runtime.runBundles());
        assertTrue(runtime.report.contains("dev.addons.native"), runtime.report);
    }

    @Test
    void withoutTheNativeFragmentTheAddonBundleLacksItsNodeApiFunctions() throws Exception {
        // The fragment carries the library, so it is what provides Node-API (dev.addons.napi) to addon bundles.
        Resolution resolution = Resolution.of(work, INSTANCE_DATA, Set.of("addon.native"));

        assertFalse(resolution.isOK(), () -> "resolved without addon.native: " + resolution.runBundles());
        assertTrue(resolution.report.contains("dev.addons.napi"), resolution.report);
    }
}
