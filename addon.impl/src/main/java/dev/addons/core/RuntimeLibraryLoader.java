package dev.addons.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads the native runtime library once per class loader.
 *
 * <p>In OSGi the library comes from the addon.native fragment's {@code Bundle-NativeCode}, found by
 * {@link System#loadLibrary}. On a plain class path (embedding, unit tests) it is the same file as a class-path
 * resource, copied to a private temporary file and loaded from there.
 */
public final class RuntimeLibraryLoader {

    private static final Object LOCK = new Object();
    private static volatile boolean loaded;

    private RuntimeLibraryLoader() {
    }

    /** Loads the library if not yet loaded; throws {@link IllegalStateException} saying why it cannot. */
    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            String name = Platform.runtimeLibraryName();
            try {
                System.loadLibrary(name);
            } catch (UnsatisfiedLinkError notOnLibraryPath) {
                loadFromClassPath(name, notOnLibraryPath);
            }
            String problem = NativeBridge.providerProblem();
            if (problem != null) {
                throw new IllegalStateException("addon runtime " + name + ": " + problem);
            }
            loaded = true;
        }
    }

    private static void loadFromClassPath(String name, UnsatisfiedLinkError first) {
        String resource = "/" + Platform.runtimeLibraryPath(Platform.current());
        try (InputStream in = RuntimeLibraryLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                IllegalStateException e = new IllegalStateException("the addon runtime library for platform "
                        + Platform.current() + " was not found: neither System.loadLibrary(\"" + name
                        + "\") (" + first.getMessage() + ") nor the class-path resource " + resource
                        + " (is addon.native for this platform installed or on the class path?)");
                e.addSuppressed(first);
                throw e;
            }
            Path dir = Files.createTempDirectory("addonrt");
            Path file = dir.resolve("lib" + name + ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            // Mapped now: the name can go. The directory is private to this process from here on.
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract " + resource + ": " + e.getMessage(), e);
        }
    }
}
