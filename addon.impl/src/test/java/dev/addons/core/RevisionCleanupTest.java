package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;

/**
 * An updated bundle's earlier revisions: their extracted files go when their last context closes (issue 9, item
 * 5: one bundle had 1048 copies on disk), while the newest revision stays for the next start.
 */
class RevisionCleanupTest {

    private static final long OWNER = 7;
    private static final ModuleExtractor.Source VALUES = () -> Files.newInputStream(Fixtures.file("values"));

    @Test
    void earlierRevisionIsDeletedWhenItsLastContextCloses(@TempDir Path temp) throws Exception {
        try (AddonRuntimeCore runtime = new AddonRuntimeCore(RuntimeConfig.defaults().withWorkDirectory(temp))) {
            ModuleExtractor extractor = runtime.extractor();
            Path first = extractor.extract(OWNER, 1, "values", VALUES);
            AddonContext a = runtime.newContext("revision 1, a");
            AddonContext b = runtime.newContext("revision 1, b");
            a.load(ModuleSpec.of("values", first));
            b.load(ModuleSpec.of("values", first));

            Path second = extractor.extract(OWNER, 2, "values", VALUES); // the bundle was updated
            assertTrue(Files.isRegularFile(first), "revision 1 is still loaded: it stays");
            AddonContext c = runtime.newContext("revision 2");
            assertEquals(5, c.load(ModuleSpec.of("values", second)).call("add", 2, 3));

            a.close();
            assertTrue(Files.isRegularFile(first), "revision 1 is still loaded by context b");
            b.close();
            assertFalse(Files.exists(first.getParent()), "revision 1's directory went with its last context");
            assertTrue(Files.isRegularFile(second), "the newest revision is untouched");

            c.close();
            assertTrue(Files.isRegularFile(second), "the newest revision stays when its contexts close");

            Path third = extractor.extract(OWNER, 3, "values", VALUES);
            assertFalse(Files.exists(second.getParent()), "revision 2, loaded by nothing, went at once");
            assertTrue(Files.isRegularFile(third));
            assertEquals(0, runtime.stats().snapshot().failures(), runtime.stats().snapshot().recentFailures()
                    .toString());
        }
    }

    @Test
    void otherOwnersAndForeignFilesAreLeftAlone(@TempDir Path temp) throws Exception {
        try (AddonRuntimeCore runtime = new AddonRuntimeCore(RuntimeConfig.defaults().withWorkDirectory(temp))) {
            ModuleExtractor extractor = runtime.extractor();
            Path other = extractor.extract(OWNER + 1, 1, "values", VALUES);
            Path old = extractor.extract(OWNER, 1, "values", VALUES);
            extractor.extract(OWNER, 2, "values", VALUES);
            assertFalse(Files.exists(old), "revision 1 of owner " + OWNER + " loaded by nothing");
            assertTrue(Files.isRegularFile(other), "another owner's only revision");

            // A module loaded from outside the data area: closing its context deletes nothing.
            AddonContext outside = runtime.newContext("fixture");
            outside.load(Fixtures.spec("values"));
            outside.close();
            assertTrue(Files.isRegularFile(Fixtures.file("values")));
        }
    }
}
