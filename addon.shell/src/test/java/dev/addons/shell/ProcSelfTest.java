package dev.addons.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcSelfTest {

    @Test
    void seesTheLibrariesOfThisJvmAndNothingElse() throws Exception {
        String maps = Files.readString(Paths.get("/proc/self/maps"));
        String mapped = maps.lines().map(l -> l.trim().split("\\s+", 6)).filter(f -> f.length == 6)
                .map(f -> f[5]).filter(p -> p.startsWith("/") && p.endsWith(".so")).findFirst().orElseThrow();
        ProcSelf proc = new ProcSelf().snapshot();
        assertTrue(proc.maps(mapped), mapped);
        assertFalse(proc.maps(mapped.substring(0, mapped.length() - 1)), "a prefix of a mapped path is not mapped");
        assertFalse(proc.maps(mapped.substring(1)), "nor is a suffix of it");
        assertFalse(proc.maps("/nonexistent/libnothing.so"));
        assertTrue(ProcSelf.residentBytes() > 1024 * 1024);
    }

    @Test
    void aDeletedFileStillCounts() throws Exception {
        Path dir = Files.createTempDirectory("procself");
        Path file = dir.resolve("data.bin");
        Files.write(file, new byte[8192]);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.MappedByteBuffer buffer = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, 8192);
            Files.delete(file);
            assertTrue(new ProcSelf().snapshot().maps(file.toString()), "shown as '(deleted)' but still mapped");
            assertEquals(0, buffer.get(0));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void percentilesByNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, CycleRunner.percentile(sorted, 50));
        assertEquals(99, CycleRunner.percentile(sorted, 99));
        assertEquals(7, CycleRunner.percentile(new long[] {7}, 99));
        assertEquals(0, CycleRunner.percentile(new long[0], 50));
    }

    @Test
    void theVerdict() {
        CycleReport clean = report(3, 3, 0, 0);
        assertFalse(clean.leaked());
        assertTrue(clean.ok());
        assertTrue(clean.format().endsWith("verdict:                               no leak"), clean.format());
        assertTrue(report(3, 2, 0, 0).leaked(), "a context created but not closed");
        assertTrue(report(3, 3, 1, 0).leaked(), "a file left mapped");
        assertTrue(report(3, 3, 0, 1).leaked(), "a finalizer not run or run twice");
    }

    private static CycleReport report(long created, long closed, int mappedAfterStop, int otherFinalizers) {
        return new CycleReport("b 1.0", "test", List.of("m"), 3, 3, 3, created, closed, 0, 0, 3, 0, 1, true, 0,
                otherFinalizers, 0, 3, mappedAfterStop, 0, 0, 1 << 20, 2 << 20, 1000, 2000, 3000,
                java.util.Map.of("m.f() -> 1", 3),
                otherFinalizers + mappedAfterStop > 0 || created != closed ? List.of("problem") : List.of());
    }
}
