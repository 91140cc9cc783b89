package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;

import dev.addons.api.AddonConstants;

/** Addon bundles whose one module is the "inflight" fixture, made on the spot as the kit would make them. */
final class InflightBundle {

    static final String MODULE = "inflight";
    private static final String FIXTURE = "fixtures/linux_x86_64/libinflight.so";
    private static final String ENTRY = "native/libinflight.so";

    private InflightBundle() {
    }

    /** The fixture's bytes, from the fixtures jar on the test class path. */
    static byte[] library() throws IOException {
        try (InputStream in = InflightBundle.class.getClassLoader().getResourceAsStream(FIXTURE)) {
            assertNotNull(in, FIXTURE + " not on the class path (addon.fixtures test dependency)");
            return in.readAllBytes();
        }
    }

    /** A bundle jar: the module header, the runtime's extender required (contract 1.x), the library. */
    static byte[] jar(String symbolicName, byte[] library) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        main.putValue(AddonConstants.ADDON_MODULE_HEADER, MODULE + ";path=" + ENTRY);
        main.putValue(Constants.REQUIRE_CAPABILITY,
                "osgi.extender;filter:=\"(&(osgi.extender=dev.addons.napi)(version>=1.0)(!(version>=2.0)))\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry(ENTRY));
            jar.write(library);
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
