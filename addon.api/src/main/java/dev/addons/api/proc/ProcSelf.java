package dev.addons.api.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What Linux says about this process: which files are in its memory map ({@code /proc/self/maps}) and its resident
 * set size. The one reader of the map in this project: the runtime (for {@code ModuleInfo.mapped}), the console's
 * load/unload cycle and the tests use it.
 *
 * <p>A snapshot is kept in a buffer that is reused by the next {@link #snapshot()}, so that a check every cycle does
 * not itself make the heap (and the RSS being measured) grow. An instance is not thread-safe: one per thread.
 */
public final class ProcSelf {

    private static final Path MAPS = Paths.get("/proc/self/maps");
    private static final Path STATUS = Paths.get("/proc/self/status");
    private static final byte[] DELETED = " (deleted)".getBytes(StandardCharsets.US_ASCII);

    private byte[] maps = new byte[256 * 1024];
    private int length;

    /** True if {@code file} (or its deleted former self) is mapped into this process now. */
    public static boolean isMapped(Path file) {
        return new ProcSelf().snapshot().maps(file);
    }

    /** Reads {@code /proc/self/maps} now. */
    public ProcSelf snapshot() {
        try (InputStream in = Files.newInputStream(MAPS)) {
            length = 0;
            for (int n; (n = in.read(maps, length, maps.length - length)) > 0;) {
                length += n;
                if (length == maps.length) {
                    maps = Arrays.copyOf(maps, maps.length * 2);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + MAPS + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** True if the last snapshot maps {@code file} (absolute and normalized first) or shows it as deleted. */
    public boolean maps(Path file) {
        byte[] path = file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
        for (int line = 0; line < length;) {
            int end = lineEnd(line);
            int stop = endsWith(line, end, DELETED) ? end - DELETED.length : end;
            int start = stop - path.length;
            if (start > line && maps[start - 1] == ' ' && Arrays.equals(maps, start, stop, path, 0, path.length)) {
                return true;
            }
            line = end + 1;
        }
        return false;
    }

    /** Every file the last snapshot maps, once per mapping, in map order, without the " (deleted)" suffix. */
    public List<String> files() {
        List<String> files = new ArrayList<>();
        for (int line = 0; line < length;) {
            int end = lineEnd(line);
            int stop = endsWith(line, end, DELETED) ? end - DELETED.length : end;
            for (int i = line; i + 1 < stop; i++) {
                if (maps[i] == ' ' && maps[i + 1] == '/') {
                    files.add(new String(maps, i + 1, stop - i - 1, StandardCharsets.UTF_8));
                    break;
                }
            }
            line = end + 1;
        }
        return files;
    }

    private int lineEnd(int line) {
        int end = line;
        while (end < length && maps[end] != '\n') {
            end++;
        }
        return end;
    }

    private boolean endsWith(int from, int to, byte[] suffix) {
        return to - from >= suffix.length && Arrays.equals(maps, to - suffix.length, to, suffix, 0, suffix.length);
    }

    /** VmRSS from {@code /proc/self/status} in bytes, -1 if unknown. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
