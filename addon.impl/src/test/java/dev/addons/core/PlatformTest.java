package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The platform names the Java side looks for agree with what addon.native ships: its Bundle-NativeCode clauses
 * (read from its manifest on the test class path) and the libraries themselves.
 */
class PlatformTest {

    private static final String AARCH64_LIBRARY = "native/linux_aarch64/libaddonrt_linux_aarch64.so";
    private static final int EM_AARCH64 = 183;

    @Test
    void aarch64AndItsAliasArm64AreLinuxAarch64() {
        assertEquals("linux_aarch64", Platform.of("Linux", "aarch64"));
        assertEquals("linux_aarch64", Platform.of("Linux", "arm64"));
        assertEquals("addonrt_linux_aarch64", Platform.runtimeLibraryName("linux_aarch64"));
        assertEquals(AARCH64_LIBRARY, Platform.runtimeLibraryPath(Platform.of("Linux", "aarch64")));
    }

    @Test
    void x8664AndItsAliasesAreLinuxX8664() {
        for (String arch : List.of("amd64", "x86_64", "x86-64", "em64t")) {
            assertEquals("linux_x86_64", Platform.of("Linux", arch), arch);
        }
        assertEquals("native/linux_x86_64/libaddonrt_linux_x86_64.so", Platform.runtimeLibraryPath("linux_x86_64"));
    }

    @Test
    void everyNativeCodeClauseNamesTheLibraryThePlatformLooksFor() throws IOException {
        List<String[]> clauses = nativeCodeClauses();
        assertFalse(clauses.isEmpty(), "addon.native's Bundle-NativeCode has no clause");
        boolean currentShipped = false;
        for (String[] clause : clauses) {
            String path = clause[0];
            assertNotNull(getClass().getResource("/" + path), "addon.native's clause names " + path
                    + ", which is not in addon.native");
            for (int i = 2; i < clause.length; i++) {
                String platform = Platform.of(clause[1], clause[i]);
                assertEquals(Platform.runtimeLibraryPath(platform), path,
                        "Bundle-NativeCode clause for osname=" + clause[1] + ";processor=" + clause[i]);
                currentShipped |= platform.equals(Platform.current());
            }
        }
        assertTrue(currentShipped, "no Bundle-NativeCode clause for this JVM's platform " + Platform.current());
    }

    @Test
    void theAarch64LibraryIsShippedUnderItsClauseAndIsAnAarch64Elf() throws IOException {
        URL library = getClass().getResource("/" + AARCH64_LIBRARY);
        assumeTrue(library != null, "addon.native was built without the aarch64 cross compiler (profile aarch64)");
        boolean clauseFound = false;
        for (String[] clause : nativeCodeClauses()) {
            for (int i = 2; i < clause.length; i++) {
                if (clause[1].equalsIgnoreCase("Linux") && clause[i].equals("aarch64")) {
                    assertEquals(AARCH64_LIBRARY, clause[0]);
                    assertTrue(List.of(clause).contains("arm64"), "the aarch64 clause lacks the alias arm64");
                    clauseFound = true;
                }
            }
        }
        assertTrue(clauseFound, "addon.native ships " + AARCH64_LIBRARY + " without a Bundle-NativeCode clause");
        try (InputStream in = library.openStream()) {
            byte[] header = in.readNBytes(20);
            assertEquals(20, header.length, AARCH64_LIBRARY + " is too short for an ELF header");
            assertEquals("\u007fELF", new String(header, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
            int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8; // e_machine, little-endian (EI_DATA 1)
            assertEquals(1, header[5], "not little-endian");
            assertEquals(EM_AARCH64, machine, AARCH64_LIBRARY + " is not an AArch64 library");
        }
    }

    /** Each clause as {path, osname, processor...}; addon.native's clauses are unquoted and one osname each. */
    private List<String[]> nativeCodeClauses() throws IOException {
        String header = addonNativeManifest().getMainAttributes().getValue("Bundle-NativeCode");
        assertNotNull(header, "addon.native's manifest has no Bundle-NativeCode");
        List<String[]> clauses = new ArrayList<>();
        for (String clause : header.split(",")) {
            List<String> parts = new ArrayList<>();
            String osname = null;
            List<String> processors = new ArrayList<>();
            for (String part : clause.split(";")) {
                String p = part.trim();
                if (p.startsWith("osname=")) {
                    osname = p.substring("osname=".length());
                } else if (p.startsWith("processor=")) {
                    processors.add(p.substring("processor=".length()));
                } else {
                    parts.add(p);
                }
            }
            assertEquals(1, parts.size(), "one path per clause: " + clause);
            assertNotNull(osname, "no osname in " + clause);
            parts.add(osname);
            parts.addAll(processors);
            clauses.add(parts.toArray(String[]::new));
        }
        return clauses;
    }

    private Manifest addonNativeManifest() throws IOException {
        Enumeration<URL> manifests = getClass().getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (InputStream in = manifests.nextElement().openStream()) {
                Manifest manifest = new Manifest(in);
                String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
                if (name != null && name.split(";")[0].trim().equals("addon.native")) {
                    return manifest;
                }
            }
        }
        throw new AssertionError("addon.native's manifest is not on the test class path");
    }
}
