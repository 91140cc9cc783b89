package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JVM exit with contexts open: with closeOnShutdown, hooks and finalizers still run (DESIGN: process exit). */
class ShutdownTest {

    /** Runs in a child JVM: opens a context and exits without closing it. */
    public static void main(String[] args) {
        AddonRuntimeCore runtime = new AddonRuntimeCore();
        runtime.closeOnShutdown();
        runtime.newContext("left open").load(ModuleSpecs.lifecycle()).call("setLog", args[0]);
        System.exit(3);
    }

    @Test
    void exitClosesOpenContexts(@TempDir Path temp) throws Exception {
        Path log = temp.resolve("log.txt");
        Fixtures.file("lifecycle");
        Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ShutdownTest.class.getName(), log.toString()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("out.txt").toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        assertEquals(3, child.exitValue(), Files.readString(temp.resolve("out.txt")));
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.containsAll(List.of("async hook E", "hook D", "hook R", "hook A", "external finalizer",
                "instance finalizer", "hook L")), lines.toString());
    }

    /** The fixture as the child JVM finds it: extracted by the parent, same working directory. */
    static final class ModuleSpecs {
        static dev.addons.api.ModuleSpec lifecycle() {
            return dev.addons.api.ModuleSpec.of("lifecycle", Paths.get("target", "fixtures", "liblifecycle.so"));
        }
    }
}
