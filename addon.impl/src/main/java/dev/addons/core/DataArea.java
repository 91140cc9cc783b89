package dev.addons.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The runtime's own directory: {@code modules/} (extracted module files), {@code isolated/} (private copies of
 * isolated modules) and {@code lock}, locked while the runtime runs (see docs/storage.md).
 *
 * <p>Two frameworks given the same storage by mistake would each empty the other's files at start and at
 * uninstall. So a runtime works in the directory only while it holds the lock: a second runtime, in this JVM or
 * in another process, does not wait or fail but works in a private temporary directory instead (deleted when it
 * stops) and reports the conflict, naming the directory and the holder. An operator gets two working runtimes and
 * a warning that says what to fix; the one that got there first keeps its files.
 *
 * <p>In this JVM the lock is also claimed in the system properties ({@code dev.addons.data.lock:<directory>}):
 * the JVM refuses a second lock on a file it holds already, but merely opening and closing the file for a second
 * attempt would drop the first lock at the OS level (POSIX locks belong to the process). Several frameworks in one
 * JVM load separate copies of this class, so only something JVM-wide can see them all.
 */
public final class DataArea implements AutoCloseable {

    static final String LOCK_FILE = "lock";
    static final String MODULES = "modules";
    static final String ISOLATED = "isolated";
    private static final String CLAIM_PREFIX = "dev.addons.data.lock:";

    private final Path directory;
    private final String conflict;
    private final boolean temporary;
    private final String claimKey;
    private final String holder;
    private final FileChannel channel;
    private final FileLock lock;

    private DataArea(Path directory, String conflict, boolean temporary, String claimKey, String holder,
            FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.conflict = conflict;
        this.temporary = temporary;
        this.claimKey = claimKey;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code requested} for this runtime: locks it and empties what an earlier run left there. If another
     * runtime holds it, or it cannot be used at all, works in a new private temporary directory instead and says
     * why in {@link #conflict()}. Fails only if not even a temporary directory can be made.
     *
     * @param holder who asks, written into the lock file and shown to a runtime that finds the lock taken
     */
    public static DataArea open(Path requested, String holder) {
        Path dir = requested.toAbsolutePath().normalize();
        String description = holder + ", pid " + ProcessHandle.current().pid() + ", since " + Instant.now();
        String reason;
        try {
            Files.createDirectories(dir);
            String key = CLAIM_PREFIX + dir.toRealPath();
            Object claimedBy = System.getProperties().putIfAbsent(key, description);
            if (claimedBy != null) {
                reason = "it is in use by another addon runtime in this JVM (" + claimedBy + ")";
            } else {
                DataArea area = lock(dir, key, description);
                if (area != null) {
                    return area;
                }
                reason = "it is in use by another process (" + holderOf(dir.resolve(LOCK_FILE)) + ")";
            }
        } catch (IOException | RuntimeException e) {
            reason = "it cannot be used: " + e;
        }
        return temporary(dir, reason);
    }

    /** Locked and emptied, or null if another process holds the lock (this JVM's claim is withdrawn then). */
    private static DataArea lock(Path dir, String key, String description) throws IOException {
        FileChannel channel = null;
        FileLock lock = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                System.getProperties().remove(key, description);
                return null;
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((description + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            // Whatever is here is from an earlier run (which no longer holds the lock): stale.
            Trees.delete(dir.resolve(MODULES));
            Trees.delete(dir.resolve(ISOLATED));
            return new DataArea(dir, null, false, key, description, channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
            System.getProperties().remove(key, description);
            throw e instanceof IOException io ? io : new IOException("locked in this JVM without a claim", e);
        }
    }

    private static DataArea temporary(Path requested, String reason) {
        try {
            Path temp = Files.createTempDirectory("addon-data-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String conflict = "addon runtime data area " + requested + ": " + reason
                    + "; do two frameworks share one storage directory? This runtime uses the private temporary "
                    + "directory " + temp + " instead (deleted when it stops).";
            return new DataArea(temp, conflict, true, null, null, null, null);
        } catch (IOException e) {
            throw new IllegalStateException("addon runtime data area " + requested + ": " + reason
                    + "; and no temporary directory can be made instead: " + e, e);
        }
    }

    /** Who holds a lock file, as it wrote itself there. */
    private static String holderOf(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown: " + e;
        }
    }

    /** Where this runtime works: the requested directory, or the temporary one. */
    public Path directory() {
        return directory;
    }

    public Path modules() {
        return directory.resolve(MODULES);
    }

    public Path isolated() {
        return directory.resolve(ISOLATED);
    }

    /** Why the requested directory is not used (names it and the holder), or null if it is. */
    public String conflict() {
        return conflict;
    }

    /**
     * Lets go of the directory: unlocks it (the files stay, the next start empties them), or deletes the temporary
     * one. Files still mapped stay readable to the process (Linux keeps them until unmapped).
     */
    @Override
    public void close() {
        if (temporary) {
            try {
                Trees.delete(directory);
            } catch (IOException e) {
                RuntimeLog.logger().log(System.Logger.Level.WARNING,
                        "cannot delete the addon runtime's temporary data area " + directory + ": " + e);
            }
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            RuntimeLog.logger().log(System.Logger.Level.WARNING,
                    "cannot unlock the addon runtime's data area " + directory + ": " + e);
        } finally {
            System.getProperties().remove(claimKey, holder);
        }
    }
}
