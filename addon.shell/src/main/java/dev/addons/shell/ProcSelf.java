package dev.addons.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * What Linux says about this process: which files are in its memory map ({@code /proc/self/maps}) and its
 * resident set size. A snapshot of the map is kept in a reused buffer, so that checking every cycle does not itself
 * make the heap (and the RSS being measured) grow.
 */
final class ProcSelf {

    private static final Path MAPS = Paths.get("/proc/self/maps");
    private static final byte[] DELETED = " (deleted)".getBytes(StandardCharsets.US_ASCII);

    private byte[] maps = new byte[256 * 1024];
    private int length;

    /** Reads {@code /proc/self/maps} now. */
    ProcSelf snapshot() {
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

    /** True if the last snapshot maps {@code file} (or shows it as deleted). */
    boolean maps(String file) {
        byte[] path = file.getBytes(StandardCharsets.UTF_8);
        for (int line = 0; line < length;) {
            int end = line;
            while (end < length && maps[end] != '\n') {
                end++;
            }
            int stop = endsWith(line, end, DELETED) ? end - DELETED.length : end;
            int start = stop - path.length;
            if (start > line && maps[start - 1] == ' ' && Arrays.equals(maps, start, stop, path, 0, path.length)) {
                return true;
            }
            line = end + 1;
        }
        return false;
    }

    private boolean endsWith(int from, int to, byte[] suffix) {
        return to - from >= suffix.length && Arrays.equals(maps, to - suffix.length, to, suffix, 0, suffix.length);
    }

    /** VmRSS from {@code /proc/self/status} in bytes, -1 if unknown. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
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
