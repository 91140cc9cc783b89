package dev.addons.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import aQute.bnd.osgi.repository.XMLResourceParser;
import aQute.bnd.osgi.resource.ResourceUtils;

/**
 * The repository index addon.index publishes (target/index.xml, attached as addon.index-<version>.xml) lists every
 * runtime bundle with a downloadable content URL, the native fragment as a fragment with the capability addon.impl
 * requires, and is enough for a resolver to assemble an addon bundle's runtime (with only the framework added).
 */
class PublishedIndexTest {

    private static final Path INDEX = Path.of(System.getProperty("resolve.published.index",
            "target/published-index/addon.index.xml"));

    private static final List<String> PUBLISHED_BUNDLES = List.of("addon.api", "addon.impl", "addon.native",
            "addon.shell", "addon.webconsole", "addon.webconsole.guard", "addon.demo.instancedata",
            "addon.demo.cleanuphooks");

    private static Map<String, Resource> byName;

    @TempDir
    Path work;

    @BeforeAll
    static void readIndex() throws Exception {
        List<Resource> resources = XMLResourceParser.getResources(INDEX.toUri());
        byName = resources.stream().collect(Collectors.toMap(
                r -> ResourceUtils.getIdentityCapability(r).osgi_identity(), Function.identity()));
    }

    @Test
    void everyPublishedBundleIsListedWithItsContent() {
        for (String name : PUBLISHED_BUNDLES) {
            Resource resource = byName.get(name);
            assertTrue(resource != null, name + " is missing from " + INDEX + " (it lists " + byName.keySet() + ")");
            assertTrue(ResourceUtils.getContentCapability(resource) != null,
                    name + " in " + INDEX + " has no osgi.content capability (no URL to fetch it from)");
        }
    }

    @Test
    void theNativeFragmentIsAFragmentAndProvidesThePlatformCapability() {
        Resource fragment = byName.get("addon.native");
        assertTrue(fragment != null, "addon.native is missing from " + INDEX);
        assertEquals("osgi.fragment", ResourceUtils.getIdentityCapability(fragment).type().toString(),
                "addon.native's osgi.identity type in " + INDEX);
        Optional<Capability> platform = fragment.getCapabilities("dev.addons.native").stream().findFirst();
        assertTrue(platform.isPresent(), "addon.native in " + INDEX + " provides no dev.addons.native capability");
        assertEquals("linux_x86_64", String.valueOf(platform.get().getAttributes().get("dev.addons.native")),
                "the platform addon.native provides, in " + INDEX);
        assertTrue(!byName.get("addon.impl").getRequirements("dev.addons.native").isEmpty(),
                "addon.impl in " + INDEX + " does not require dev.addons.native, so a resolver would leave the"
                        + " fragment out");
    }

    @Test
    void theIndexCarriesTheRuntimesNodeApiAndTheAddonServicePerModule() {
        assertTrue(!byName.get("addon.native").getCapabilities("dev.addons.napi").isEmpty(),
                "addon.native in " + INDEX + " provides no dev.addons.napi capability (the functions it implements)");
        Resource addon = byName.get("addon.demo.instancedata");
        assertTrue(addon.getCapabilities("osgi.service").stream()
                .anyMatch(c -> "multiple_load".equals(c.getAttributes().get("addon.module"))),
                "addon.demo.instancedata in " + INDEX + " has no osgi.service capability with addon.module="
                        + "multiple_load");
        assertTrue(!addon.getRequirements("dev.addons.napi").isEmpty(),
                "addon.demo.instancedata in " + INDEX + " does not require the Node-API functions it imports");
    }

    @Test
    void anAddonBundleResolvesAgainstThePublishedIndex() throws Exception {
        Resolution resolution = Resolution.against(work, INDEX, "bnd.identity;id='addon.demo.instancedata'");

        assertTrue(resolution.isOK(), resolution.report);
        assertTrue(resolution.runBundles().containsAll(
                List.of("addon.demo.instancedata", "addon.api", "addon.impl", "addon.native")),
                () -> "run bundles " + resolution.runBundles());
    }
}
