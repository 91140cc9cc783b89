package dev.addons.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to load: a module name, the shared library file that implements it, and whether each context gets its own
 * copy of the library.
 *
 * @param name the module name (letters, digits, {@code . _ -}); exports are looked up by it
 * @param file an absolute path to an ELF shared library built against {@code node_api.h}
 * @param isolated false (the default): contexts share one mapping of the file, as Node's Workers share one
 *        loaded addon, so C statics are shared too; true: each context maps a private copy, for addons that keep
 *        state in C statics, at the cost of one more mapping (code, data, relocation) per context
 */
public record ModuleSpec(String name, Path file, boolean isolated) {

    public ModuleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid addon module name '" + name
                    + "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        file = file.toAbsolutePath().normalize();
    }

    /** A module whose mapping is shared by every context that loads it. */
    public static ModuleSpec of(String name, Path file) {
        return new ModuleSpec(name, file, false);
    }

    /** The same module, with each context mapping its own copy ({@code isolated}) or sharing one. */
    public ModuleSpec withIsolation(boolean isolated) {
        return new ModuleSpec(name, file, isolated);
    }

    /** True for names usable as module names (and as file names: no separators, no "..", no leading dot). */
    public static boolean isValidName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") && !name.contains("..");
    }
}
