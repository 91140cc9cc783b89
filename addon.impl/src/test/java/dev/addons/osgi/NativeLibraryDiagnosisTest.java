package dev.addons.osgi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NativeLibraryDiagnosisTest {

    @Test
    void withoutAFragmentTheMessageNamesTheFragmentAndTheRefresh() {
        String message = NativeLibraryDiagnosis.message("addon.impl", 7, "linux_x86_64", List.of(),
                "no addonrt_linux_x86_64 in java.library.path");

        assertTrue(message.contains("addon.impl [7]"), message);
        assertTrue(message.contains("install addon.native for linux_x86_64"), message);
        assertTrue(message.contains("bundle:refresh 7"), message);
        assertTrue(message.contains("no addonrt_linux_x86_64 in java.library.path"), message);
    }

    @Test
    void withAnAttachedFragmentTheMessageNamesIt() {
        String message = NativeLibraryDiagnosis.message("addon.impl", 7, "linux_aarch_64",
                List.of("addon.native 0.1.0.2026 [8]"), "cannot open shared object file");

        assertTrue(message.contains("Attached fragments: addon.native 0.1.0.2026 [8]"), message);
        assertTrue(message.contains("for linux_aarch_64, then refresh addon.impl [7]"), message);
    }
}
