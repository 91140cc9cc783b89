package dev.addons.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.addons.api.ModuleSpec;

/**
 * Copies module files out of bundles (or anything with an InputStream) into a private directory, because
 * {@code dlopen} needs a file.
 *
 * <p>Layout: {@code root/<owner>/<generation>/lib<module>.so}. Owner and generation are numbers and the module
 * name is validated by {@link ModuleSpec#isValidName}, so nothing a bundle says can leave {@code root}. Files are
 * written to a temporary name and moved into place, so a half-written file is never loaded.
 *
 * <p>Cleanup: the newest generation of an owner stays until {@link #forget} (uninstall) or {@link #clear} (next
 * start). An older generation (the bundle was updated since) is deleted as soon as no loaded library uses a file of
 * it: at once when the newer one is extracted, or when its last context closes ({@link #released}).
 *
 * <p>Deletions may overlap (an uninstall's {@code forget} delivered late while a restarting runtime runs
 * {@code clear}, a retired generation while an owner is forgotten): a file or directory someone else deleted
 * first is fine, and a directory someone is extracting into again is left to them.
 */
public final class ModuleExtractor {

    /** How many times an extraction starts again when its directory was deleted under it. */
    private static final int EXTRACT_ATTEMPTS = 5;

    /** Knows which extracted files are loaded; retiring a generation asks it. */
    interface LoadedFiles {
        /**
         * Runs {@code action} unless a file under {@code directory} is loaded, and keeps any from being loaded
         * while it runs.
         */
        void unlessLoadedUnder(Path directory, Runnable action);
    }

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path root;
    private final LoadedFiles loaded;
    /** Whether the file system has POSIX permissions (directories are then created owner-only). */
    private final boolean posix;
    /** The root exists and was made owner-only; false again after {@link #clear} or when it is found missing. */
    private volatile boolean rootPrepared;
    /** The newest generation extracted per owner: older ones are retired. */
    private final Map<Long, Long> newest = new ConcurrentHashMap<>();

    /** An extractor that knows of no loaded files: older generations are deleted when a newer one comes. */
    public ModuleExtractor(Path root) {
        this(root, (directory, action) -> action.run());
    }

    ModuleExtractor(Path root, LoadedFiles loaded) {
        this.root = root.toAbsolutePath().normalize();
        this.loaded = loaded;
        this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
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
     * (the same generation of a bundle always has the same content). Older generations of the owner that nothing
     * has loaded are deleted.
     */
    public Path extract(long owner, long generation, String module, Source source) throws IOException {
        if (!ModuleSpec.isValidName(module)) {
            throw new IllegalArgumentException("invalid module name '" + module + "'");
        }
        Path dir = generationDirectory(owner, generation);
        Path target = dir.resolve("lib" + module + ".so");
        if (!target.normalize().startsWith(root)) {
            throw new IllegalArgumentException("module '" + module + "' would be extracted outside " + root);
        }
        if (newest.merge(owner, generation, Math::max) == generation) {
            retireOlderThan(owner, generation);
        }
        for (int attempt = 1;; attempt++) {
            try {
                return extractOnce(dir, target, source);
            } catch (NoSuchFileException deletedMeanwhile) {
                // clear() or forget() removed the directory between creating and filling it: make it again.
                if (attempt == EXTRACT_ATTEMPTS) {
                    throw deletedMeanwhile;
                }
            }
        }
    }

    private Path extractOnce(Path dir, Path target, Source source) throws IOException {
        if (Files.isRegularFile(target)) {
            return target;
        }
        createPrivateDirectories(dir);
        // Written into the file createTempFile made (owner-only): Files.copy would delete it and create another.
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
        boolean moved = false;
        try (InputStream in = source.open()) {
            try (OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        return target;
    }

    /**
     * Called when the last user of a loaded file let go of it: if the file belongs to a generation older than its
     * owner's newest (or to a forgotten owner), that generation is deleted unless another of its files is loaded.
     */
    void released(Path file) {
        Path relative = relativeGeneration(file);
        if (relative == null) {
            return; // not extracted here (an embedder's file, an isolated copy)
        }
        long owner = Long.parseLong(relative.getName(0).toString());
        long generation = Long.parseLong(relative.getName(1).toString());
        Long current = newest.get(owner);
        if (current == null || current != generation) {
            retire(generationDirectory(owner, generation));
        }
    }

    /** Removes everything extracted for an owner (its files may stay mapped: Linux keeps them until unmapped). */
    public void forget(long owner) throws IOException {
        newest.remove(owner);
        Trees.delete(root.resolve(Long.toString(owner)));
    }

    /** Removes everything: extracted files of an earlier run are stale. */
    public void clear() throws IOException {
        newest.clear();
        rootPrepared = false;
        Trees.delete(root);
    }

    private Path generationDirectory(long owner, long generation) {
        return root.resolve(Long.toString(owner)).resolve(Long.toString(generation));
    }

    /** {@code <owner>/<generation>} of a file extracted here, or null. */
    private Path relativeGeneration(Path file) {
        Path normal = file.toAbsolutePath().normalize();
        if (!normal.startsWith(root)) {
            return null;
        }
        Path relative = root.relativize(normal);
        if (relative.getNameCount() != 3 || !isNumber(relative.getName(0)) || !isNumber(relative.getName(1))) {
            return null;
        }
        return relative.subpath(0, 2);
    }

    private static boolean isNumber(Path name) {
        return name.toString().matches("-?[0-9]{1,19}");
    }

    private void retireOlderThan(long owner, long generation) throws IOException {
        Path ownerDirectory = root.resolve(Long.toString(owner));
        if (!Files.isDirectory(ownerDirectory)) {
            return; // the owner's first extraction: nothing to list (and no exception to make)
        }
        try (Stream<Path> list = Files.list(ownerDirectory)) {
            for (Path dir : (Iterable<Path>) list::iterator) {
                String name = dir.getFileName().toString();
                if (isNumber(dir.getFileName()) && Long.parseLong(name) < generation) {
                    retire(dir);
                }
            }
        } catch (NoSuchFileException firstExtractionOrDeletedMeanwhile) {
            // nothing older to retire
        }
    }

    /** Deletes a generation directory unless one of its files is loaded (then its last release does it). */
    private void retire(Path generationDirectory) {
        loaded.unlessLoadedUnder(generationDirectory, () -> {
            try {
                Trees.delete(generationDirectory);
            } catch (IOException e) {
                RuntimeLog.logger().log(System.Logger.Level.WARNING,
                        "cannot delete the extracted modules of an earlier bundle revision, " + generationDirectory
                                + ": " + e);
            }
        });
    }

    /**
     * The root (made owner-only once, and again after {@link #clear}), then the owner's and the generation's
     * directories, created owner-only (mode 0700 at mkdir: umask only takes bits away) where POSIX permissions exist.
     * One that exists already was made so by an earlier extraction.
     */
    private void createPrivateDirectories(Path dir) throws IOException {
        if (!rootPrepared) {
            Files.createDirectories(root);
            trySetPrivate(root);
            rootPrepared = true;
        }
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            try {
                if (posix) {
                    Files.createDirectory(current, PRIVATE_DIRECTORY);
                } else {
                    Files.createDirectory(current);
                }
            } catch (FileAlreadyExistsException e) {
                // fine: shared by an earlier extraction
            } catch (NoSuchFileException e) {
                rootPrepared = false; // the root was deleted (clear, or by hand): the next attempt makes it again
                throw e;
            }
        }
    }

    private static void trySetPrivate(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system (or the directory went away): it stays as the platform made it.
        }
    }
}
