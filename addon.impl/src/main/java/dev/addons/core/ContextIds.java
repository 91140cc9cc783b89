package dev.addons.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Hands out context ids. With a file (in the runtime's data area) the ids go on where the previous run of the
 * runtime stopped, so that a context id names one context across refreshes and restarts of the runtime in one
 * framework (its storage): logs, consoles and monitoring that keep an id from before a refresh do not mistake a new
 * context for the old one.
 *
 * <p>The file holds the first id no run has handed out. A run reserves ids in blocks ({@link #BLOCK}): it writes the
 * end of its block before it hands out ids from it, and the exact next id when it closes. A run that ends without
 * closing (the JVM killed) leaves the end of its block, so the next run skips what is left of it: ids stay unique,
 * with a gap. Without a file (no data area, or the file cannot be written) the ids start at 1 in every run.
 */
final class ContextIds {

    static final String FILE = "context-ids";
    static final long BLOCK = 1024;

    private static final System.Logger LOG = RuntimeLog.logger();

    /** Null: in memory only. */
    private Path file;
    private long next;
    private long reservedUpTo;

    private ContextIds(Path file, long first) {
        this.file = file;
        this.next = first;
        this.reservedUpTo = file == null ? Long.MAX_VALUE : first;
    }

    /** Ids from 1, in memory. */
    static ContextIds inMemory() {
        return new ContextIds(null, 1);
    }

    /**
     * Ids that go on from what {@code file} says (1 if it does not exist). A file that cannot be read is reported
     * and replaced: the ids then start at 1 again, the only case where one may repeat.
     */
    static ContextIds persistent(Path file) {
        long first = 1;
        if (Files.exists(file)) {
            try {
                first = Math.max(1, Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
            } catch (IOException | NumberFormatException e) {
                LOG.log(System.Logger.Level.WARNING, "addon runtime: cannot read the next context id from " + file
                        + " (" + e + "); context ids start at 1 again and may repeat ids of earlier runs");
            }
        }
        return new ContextIds(file, first);
    }

    /** The next id; never the same twice for one file, whichever run asks. */
    synchronized long next() {
        if (next >= reservedUpTo) {
            reserve(next + BLOCK);
        }
        return next++;
    }

    /** Writes the exact next id, so that the next run goes on without a gap. */
    synchronized void close() {
        if (file != null) {
            write(next);
            file = null;
            reservedUpTo = Long.MAX_VALUE;
        }
    }

    private void reserve(long upTo) {
        if (write(upTo)) {
            reservedUpTo = upTo;
        } else {
            file = null; // reported by write: in memory from here on
            reservedUpTo = Long.MAX_VALUE;
        }
    }

    /** Replaces the file's content atomically (a crash leaves the old or the new number, never half of one). */
    private boolean write(long value) {
        Path temp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.writeString(temp, Long.toString(value), StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "addon runtime: cannot record context ids in " + file + " (" + e
                    + "); ids go on in memory, and a restart of the runtime may hand out ids of this run again");
            return false;
        }
    }
}
