package dev.addons.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to load: a module name and the shared library file that implements it.
 *
 * @param name the module name (letters, digits, {@code . _ -}); exports are looked up by it
 * @param file an absolute path to an ELF shared library built against {@code node_api.h}
 */
public record ModuleSpec(String name, Path file) {

    public ModuleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid addon module name '" + name
                    + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        file = file.toAbsolutePath().normalize();
    }

    public static ModuleSpec of(String name, Path file) {
        return new ModuleSpec(name, file);
    }

    /** True for names usable as module names (and as file names: no separators, no "..", no leading dot). */
    public static boolean isValidName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") && !name.contains("..");
    }
}
