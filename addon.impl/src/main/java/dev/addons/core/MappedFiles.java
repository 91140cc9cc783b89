package dev.addons.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Answers "is this file mapped into the process?" from {@code /proc/self/maps} (Linux). */
public final class MappedFiles {

    private static final Path MAPS = Paths.get("/proc/self/maps");

    private MappedFiles() {
    }

    /** True if {@code file} (or its deleted former self) appears in this process's memory map. */
    public static boolean isMapped(Path file) {
        String name = file.toAbsolutePath().normalize().toString();
        try {
            List<String> lines = Files.readAllLines(MAPS);
            for (String line : lines) {
                if (line.endsWith(" " + name) || line.endsWith(" " + name + " (deleted)")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + MAPS + ": " + e.getMessage(), e);
        }
    }

    /** Resident set size of this process in bytes, from {@code /proc/self/status}; -1 if unknown. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
