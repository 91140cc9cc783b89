package dev.addons.core;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes directory trees that others may be deleting or filling at the same time (an uninstall's cleanup and a
 * restart's, a retired bundle revision and its owner's uninstall, an extraction).
 */
final class Trees {

    private Trees() {
    }

    /**
     * Deletes {@code top} and everything below it. Whatever vanishes meanwhile was deleted by someone else, which
     * is what we wanted; a directory that someone fills again meanwhile is left with its new content. Other
     * failures (permissions, I/O errors) are thrown, naming the path.
     */
    static void delete(Path top) throws IOException {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted by someone else between listing and visiting
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    try {
                        Files.deleteIfExists(dir);
                    } catch (DirectoryNotEmptyException refilled) {
                        // an extraction put a new file there meanwhile: it belongs to its extractor now
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException alreadyGone) {
            // the top itself is gone (or never existed)
        }
    }
}
