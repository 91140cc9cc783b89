package dev.addons.resolve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Jar;
import dev.addons.resolve.consumer.MultipleLoadUser;

/**
 * An application's Declarative Services component that references one addon module by name
 * ({@code @Reference(target = "(addon.module=multiple_load)") Addon}, {@link MultipleLoadUser}) resolves, from
 * addon.index's published index plus Felix SCR, to the addon bundle of that module, the runtime and its native
 * fragment - and not to the other addon bundle in the index. Strict: the resolver takes every requirement into
 * account, the ones effective at run time too ({@code -resolve.effective: active}): the component's service
 * requirements, SCR's extender, the addon bundle's Node-API requirements.
 */
class DsConsumerResolutionTest {

    private static final Path INDEX = Path.of(System.getProperty("resolve.published.index",
            "target/published-index/addon.index.xml"));
    private static final Path DS_BUNDLES = Path.of(System.getProperty("resolve.ds.bundles.dir",
            "target/ds-bundles"));

    @TempDir
    Path work;

    @Test
    void aComponentReferencingAModuleResolvesToItsAddonBundleTheRuntimeAndTheFragment() throws Exception {
        File consumer = consumerBundle();
        List<File> more = new ArrayList<>(dsBundles());
        more.add(consumer);

        Resolution resolution = Resolution.against(work, INDEX, more, "bnd.identity;id='addon.resolve.consumer'");

        assertTrue(resolution.isOK(), resolution.report);
        List<String> bundles = resolution.runBundles();
        for (String expected : List.of("addon.resolve.consumer", "org.apache.felix.scr", "addon.demo.instancedata",
                "addon.api", "addon.impl", "addon.native")) {
            assertTrue(bundles.contains(expected), expected + " not among the run bundles " + bundles);
        }
        assertFalse(bundles.contains("addon.demo.cleanuphooks"),
                "the bundle of another module came along (the target filter was not used): " + bundles);
    }

    /** The consumer bundle, made by bnd from the compiled component as bnd-maven-plugin would make it. */
    private File consumerBundle() throws Exception {
        File classes = new File(MultipleLoadUser.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        File jarFile = work.resolve("addon.resolve.consumer.jar").toFile();
        try (Builder builder = new Builder()) {
            builder.setProperty(Constants.BUNDLE_SYMBOLICNAME, "addon.resolve.consumer");
            builder.setProperty(Constants.BUNDLE_VERSION, "1.0.0");
            builder.setProperty(Constants.INCLUDEPACKAGE, MultipleLoadUser.class.getPackageName());
            builder.addClasspath(classes);
            builder.addClasspath(Resolution.BUNDLES.resolve("addon.api.jar").toFile());
            Jar jar = builder.build();
            assertTrue(builder.isOk(), () -> "bnd could not build the consumer bundle: " + builder.getErrors());
            String requirements = jar.getManifest().getMainAttributes().getValue(Constants.REQUIRE_CAPABILITY);
            assertTrue(requirements.contains("(addon.module=multiple_load)"),
                    "the consumer bundle does not require the module's service: " + requirements);
            jar.write(jarFile);
        }
        return jarFile;
    }

    private static List<File> dsBundles() throws IOException {
        try (Stream<Path> files = Files.list(DS_BUNDLES)) {
            return files.filter(f -> f.toString().endsWith(".jar")).map(Path::toFile).sorted()
                    .collect(Collectors.toList());
        }
    }
}
