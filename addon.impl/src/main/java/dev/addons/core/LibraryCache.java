package dev.addons.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One {@code dlopen} handle per file, shared by every context that loads it and closed with the last one.
 *
 * <p>Synchronized: loading and unloading are rare and slow anyway; the call path never comes here. The same lock
 * lets the extractor delete a retired bundle revision's files knowing that none is loaded meanwhile.
 */
final class LibraryCache implements ModuleExtractor.LoadedFiles {

    /** An open library: the native handle and how many module instances use it. */
    static final class Library {
        final Path file;
        final long handle;
        final int apiVersion;
        final String firstModule;
        final String firstOwner;
        int users;
        /** The export names of the last module instance loaded from this library; shared by the next ones. */
        private volatile ExportNames lastExports = ExportNames.NONE;

        private Library(Path file, long handle, int apiVersion, String firstModule, String firstOwner) {
            this.file = file;
            this.handle = handle;
            this.apiVersion = apiVersion;
            this.firstModule = firstModule;
            this.firstOwner = firstOwner;
        }

        /** The names an init of this library answered, the same objects as the last instance's if equal. */
        ExportNames exportNames(List<String> names) {
            ExportNames shared = lastExports.shareWith(names);
            lastExports = shared; // a race between two loads keeps one of them: either is right
            return shared;
        }
    }

    /** What the console shows of a library. */
    public record LibraryInfo(String module, String owner, Path file, int users, int apiVersion) {
    }

    private final Map<Path, Library> open = new HashMap<>();
    /** Told, under this cache's lock, when the last user of a file let go of it. */
    private Consumer<Path> lastRelease = file -> {
    };

    synchronized void onLastRelease(Consumer<Path> listener) {
        this.lastRelease = listener;
    }

    /**
     * Opens the file, or shares the handle if it is open already. A file not open yet is checked first
     * ({@link ElfCheck}): the dynamic loader trusts it, and a truncated or damaged file would fault inside it.
     */
    synchronized Library acquire(Path file, String module, String owner) throws ElfCheck.Invalid {
        Library library = open.get(file);
        if (library == null) {
            if (ElfCheck.appliesHere()) {
                ElfCheck.check(file);
            }
            long[] opened = NativeBridge.openLibrary(file.toString()); // {handle, Node-API version}
            library = new Library(file, opened[0], (int) opened[1], module, owner);
            open.put(file, library);
        }
        library.users++;
        return library;
    }

    /** What releasing a library did. */
    enum Release {
        /** Other module instances still use the mapping. */
        SHARED,
        /** The last user is gone and the file is unmapped. */
        UNLOADED,
        /** The last user is gone but the dynamic loader kept the file mapped. */
        LEFT_MAPPED
    }

    /** Drops one user; the last one closes the handle. Decided under one lock, so concurrent closes agree. */
    synchronized Release release(Library library) {
        if (--library.users > 0) {
            return Release.SHARED;
        }
        open.remove(library.file);
        Release release = NativeBridge.closeLibrary(library.handle) ? Release.LEFT_MAPPED : Release.UNLOADED;
        try {
            lastRelease.accept(library.file);
        } catch (RuntimeException e) {
            RuntimeLog.logger().log(System.Logger.Level.WARNING,
                    "cleanup after unloading " + library.file + " failed: " + e, e);
        }
        return release;
    }

    @Override
    public synchronized void unlessLoadedUnder(Path directory, Runnable action) {
        for (Path file : open.keySet()) {
            if (file.startsWith(directory)) {
                return;
            }
        }
        action.run();
    }

    synchronized List<LibraryInfo> snapshot() {
        List<LibraryInfo> list = new ArrayList<>();
        for (Library l : open.values()) {
            list.add(new LibraryInfo(l.firstModule, l.firstOwner, l.file, l.users, l.apiVersion));
        }
        return list;
    }
}
