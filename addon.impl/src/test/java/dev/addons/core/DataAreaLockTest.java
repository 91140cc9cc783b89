package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.ModuleSpec;

/**
 * Two runtimes given one data directory (two frameworks sharing one storage by mistake): the second must not
 * empty the first one's files; it works in a temporary directory of its own and says why.
 */
class DataAreaLockTest {

    private static final ModuleExtractor.Source VALUES = () -> Files.newInputStream(Fixtures.file("values"));

    private static RuntimeConfig in(Path dir) {
        return RuntimeConfig.defaults().withWorkDirectory(dir);
    }

    @Test
    void secondRuntimeInThisJvmWorksElsewhereAndSaysWhy(@TempDir Path temp) throws Exception {
        Path shared = temp.resolve("storage");
        Path secondsOwn;
        try (AddonRuntimeCore first = new AddonRuntimeCore(in(shared))) {
            assertEquals(shared, first.dataDirectory());
            Path firstsFile = first.extractor().extract(1, 1, "values", VALUES);
            try (AddonRuntimeCore second = new AddonRuntimeCore(in(shared))) {
                secondsOwn = second.dataDirectory();
                assertNotEquals(shared, secondsOwn, "the second runtime does not use the locked directory");
                List<String> failures = second.stats().snapshot().recentFailures();
                assertEquals(1, failures.size(), failures.toString());
                String conflict = failures.get(0);
                assertTrue(conflict.contains(shared.toString()) && conflict.contains(secondsOwn.toString())
                        && conflict.contains("in use by another addon runtime in this JVM"), conflict);

                // Its start and its cleanup leave the first runtime's files alone; both work.
                Path secondsFile = second.extractor().extract(1, 1, "values", VALUES);
                second.extractor().forget(1);
                second.extractor().clear();
                assertFalse(Files.exists(secondsFile));
                assertTrue(Files.isRegularFile(firstsFile), "the first runtime's extracted file");
                Path again = second.extractor().extract(2, 1, "values", VALUES);
                assertTrue(again.startsWith(secondsOwn), again.toString());
                assertEquals(5, second.load("second", ModuleSpec.of("values", again)).call("add", 2, 3));
            }
            assertFalse(Files.exists(secondsOwn), "the temporary data area is deleted when its runtime closes");
            assertTrue(Files.isRegularFile(firstsFile));
            assertEquals(0, first.stats().snapshot().failures());
        }
        try (AddonRuntimeCore third = new AddonRuntimeCore(in(shared))) {
            assertEquals(shared, third.dataDirectory(), "unlocked when the first runtime closed");
            assertEquals(0, third.stats().snapshot().failures(), third.stats().snapshot().recentFailures()
                    .toString());
            assertFalse(Files.exists(shared.resolve("modules").resolve("1")), "an earlier run's files are emptied");
        }
    }

    /** Runs in a child JVM: holds the data area until its standard input closes. */
    public static void main(String[] args) throws Exception {
        try (DataArea area = DataArea.open(Paths.get(args[0]), "lock test child")) {
            System.out.println(area.conflict() == null ? "locked" : "conflict: " + area.conflict());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for EOF
            }
        }
    }

    @Test
    void runtimeInAnotherProcessHoldsTheDirectory(@TempDir Path temp) throws Exception {
        Path shared = temp.resolve("storage");
        Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DataAreaLockTest.class.getName(), shared.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the child process took the lock");
            try (AddonRuntimeCore runtime = new AddonRuntimeCore(in(shared))) {
                assertNotEquals(shared, runtime.dataDirectory());
                String conflict = runtime.stats().snapshot().recentFailures().get(0);
                assertTrue(conflict.contains(shared.toString()) && conflict.contains("in use by another process")
                        && conflict.contains("lock test child, pid " + child.pid()), conflict);
            }
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        }
        try (AddonRuntimeCore runtime = new AddonRuntimeCore(in(shared))) {
            assertEquals(shared, runtime.dataDirectory(), "the lock went with the child process");
        }
    }
}
