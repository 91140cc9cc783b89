package dev.addons.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.addons.api.AddonLoadException;
import dev.addons.api.ModuleSpec;

/**
 * Private copies of isolated modules. The dynamic loader maps a file once per process, so the only way to give a
 * context its own C statics is to give it its own file: {@code <work>/<module>-<context id>.so}.
 */
final class IsolatedCopies {

    private final Path configured;
    private Path directory;

    IsolatedCopies(Path configured) {
        this.configured = configured;
    }

    private synchronized Path directory() throws IOException {
        if (directory == null) {
            if (configured != null) {
                Files.createDirectories(configured);
                directory = configured;
            } else {
                directory = Files.createTempDirectory("addon-isolated",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                directory.toFile().deleteOnExit();
            }
        }
        return directory;
    }

    /** Copies the module's file for one context. */
    Path copy(ModuleSpec spec, long contextId) {
        try {
            Path target = directory().resolve("lib" + spec.name() + "-" + contextId + ".so");
            Files.copy(spec.file(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new AddonLoadException(spec.name(), "cannot make an isolated copy of addon module '" + spec.name()
                    + "' (" + spec.file() + "): " + e);
        }
    }

    /** Deletes the copy once it is unloaded (a no-op for shared modules). */
    void discard(ModuleSpec spec, Path loaded) {
        if (!spec.isolated() || loaded.equals(spec.file())) {
            return;
        }
        try {
            Files.deleteIfExists(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
