package dev.addons.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

import dev.addons.api.ModuleSpec;

/** The fixture addons of addon.fixtures, copied out of their jar once so that they can be dlopen()ed. */
final class Fixtures {

    private static final Path DIR = Paths.get("target", "fixtures").toAbsolutePath();
    /** Extracted by this JVM: a copy left by an earlier build may be stale. */
    private static final java.util.Set<String> FRESH = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Fixtures() {
    }

    static synchronized Path file(String name) {
        Path target = DIR.resolve("lib" + name + ".so");
        if (FRESH.contains(name)) {
            return target;
        }
        String resource = "/fixtures/" + Platform.current() + "/lib" + name + ".so";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + resource + " is not on the test class path");
            }
            Files.createDirectories(DIR);
            Path temp = Files.createTempFile(DIR, name, ".part");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FRESH.add(name);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModuleSpec spec(String name) {
        return ModuleSpec.of(name, file(name));
    }
}
