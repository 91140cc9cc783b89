package dev.addons.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import aQute.bnd.osgi.resource.ResourceBuilder;

/**
 * The native fragment's dev.addons.napi capability lists exactly the Node-API functions its library implements:
 * the napi_* and node_api_* functions the library exports (read here with nm from the library in the jar), less
 * the stubs of addon.native's unsupported.c (read here from the source, independently of how the build derived
 * them), at the API version the loader accepts.
 */
class RuntimeNapiCapabilityTest {

    private static final Path NATIVE_JAR = Resolution.BUNDLES.resolve("addon.native.jar");
    private static final Path UNSUPPORTED_C = Path.of(System.getProperty("resolve.unsupported.source",
            "../addon.native/src/main/c/unsupported.c"));
    private static final String LIBRARY = "native/linux_x86_64/libaddonrt_linux_x86_64.so";
    /** A stub's definition starts a line (the file's comment shows one, indented: not a stub). */
    private static final Pattern STUB = Pattern.compile(
            "(?m)^RT_EXPORT napi_status NAPI_CDECL ((?:napi|node_api)_\\w+)\\(");

    @TempDir
    Path work;

    @Test
    void theCapabilityListsTheExportedFunctionsLessTheStubs() throws Exception {
        Capability capability = napiCapability();
        Set<String> listed = new TreeSet<>(functions(capability));

        Set<String> expected = exportedNodeApiFunctions(extractLibrary());
        Set<String> stubs = stubs(); // none at present: every function of the headers is implemented
        assertTrue(Files.readString(UNSUPPORTED_C).contains("rt_unsupported"), "not unsupported.c: " + UNSUPPORTED_C);
        assertTrue(expected.containsAll(stubs), "stubs of " + UNSUPPORTED_C + " the library does not export");
        expected.removeAll(stubs);

        assertEquals(expected, listed, "dev.addons.napi functions of addon.native vs. the library's exports less"
                + " the stubs of unsupported.c");
        for (String stub : stubs) {
            assertFalse(listed.contains(stub), "a stub is listed as implemented: " + stub);
        }
        assertTrue(listed.containsAll(List.of("napi_create_object", "node_api_post_finalizer",
                "napi_create_threadsafe_function", "napi_call_threadsafe_function")),
                "an implemented function is missing");
        assertEquals(new Version(9, 0, 0), capability.getAttributes().get("version"),
                "dev.addons.napi version of addon.native");
    }

    private Capability napiCapability() throws Exception {
        Resource resource;
        try (aQute.bnd.osgi.Jar jar = new aQute.bnd.osgi.Jar(NATIVE_JAR.toFile())) {
            ResourceBuilder builder = new ResourceBuilder();
            builder.addManifest(aQute.bnd.osgi.Domain.domain(jar.getManifest()));
            resource = builder.build();
        }
        List<Capability> capabilities = resource.getCapabilities("dev.addons.napi");
        assertEquals(1, capabilities.size(), "dev.addons.napi capabilities of " + NATIVE_JAR);
        return capabilities.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> functions(Capability capability) {
        Object functions = capability.getAttributes().get("functions");
        assertTrue(functions instanceof List, "functions is not a List<String>: " + functions);
        return (List<String>) functions;
    }

    private Path extractLibrary() throws IOException {
        Path library = work.resolve("libaddonrt.so");
        try (JarFile jar = new JarFile(NATIVE_JAR.toFile())) {
            ZipEntry entry = jar.getEntry(LIBRARY);
            assertTrue(entry != null, NATIVE_JAR + " has no " + LIBRARY);
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, library);
            }
        }
        return library;
    }

    /** The global functions (nm type T) named napi_* or node_api_* that the library exports. */
    private static Set<String> exportedNodeApiFunctions(Path library) throws IOException, InterruptedException {
        Process nm = new ProcessBuilder("nm", "-D", "--defined-only", library.toString())
                .redirectErrorStream(true).start();
        String out = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, nm.waitFor(), "nm -D " + library + ": " + out);
        Set<String> names = new TreeSet<>();
        for (String line : out.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[1].equals("T") && fields[2].matches("(napi|node_api)_\\w+")) {
                names.add(fields[2]);
            }
        }
        return names;
    }

    private static Set<String> stubs() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = STUB.matcher(Files.readString(UNSUPPORTED_C));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
