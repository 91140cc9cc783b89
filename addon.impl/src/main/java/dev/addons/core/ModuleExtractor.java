package dev.addons.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.addons.api.ModuleSpec;

/**
 * Copies module files out of bundles (or anything with an InputStream) into a private directory, because
 * {@code dlopen} needs a file.
 *
 * <p>Layout: {@code root/<owner>/<generation>/lib<module>.so}. Owner and generation are numbers and the module
 * name is validated by {@link ModuleSpec#isValidName}, so nothing a bundle says can leave {@code root}. Files are
 * written to a temporary name and moved into place, so a half-written file is never loaded.
 */
public final class ModuleExtractor {

    private final Path root;

    public ModuleExtractor(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Opens the content to copy. */
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Returns the extracted file for this owner, generation and module, extracting it if it is not there yet
     * (the same generation of a bundle always has the same content).
     */
    public Path extract(long owner, long generation, String module, Source source) throws IOException {
        if (!ModuleSpec.isValidName(module)) {
            throw new IllegalArgumentException("invalid module name '" + module + "'");
        }
        Path dir = root.resolve(Long.toString(owner)).resolve(Long.toString(generation));
        Path target = dir.resolve("lib" + module + ".so");
        if (!target.normalize().startsWith(root)) {
            throw new IllegalArgumentException("module '" + module + "' would be extracted outside " + root);
        }
        if (Files.isRegularFile(target)) {
            return target;
        }
        createPrivateDirectories(dir);
        Path temp = Files.createTempFile(dir, "lib" + module, ".part");
        try (InputStream in = source.open()) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** Removes everything extracted for an owner (its files may stay mapped: Linux keeps them until unmapped). */
    public void forget(long owner) throws IOException {
        deleteTree(root.resolve(Long.toString(owner)));
    }

    /** Removes everything: extracted files of an earlier run are stale. */
    public void clear() throws IOException {
        deleteTree(root);
    }

    private void createPrivateDirectories(Path dir) throws IOException {
        Files.createDirectories(root);
        trySetPrivate(root);
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            try {
                Files.createDirectory(current);
            } catch (FileAlreadyExistsException e) {
                // fine: shared by an earlier extraction
            }
            trySetPrivate(current);
        }
    }

    private static void trySetPrivate(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: the directory stays as the platform made it.
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
