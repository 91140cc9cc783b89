package dev.addons.api.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

class ProcSelfTest {

    @Test
    void seesTheLibrariesOfThisJvmAndNothingElse() throws Exception {
        String maps = Files.readString(Paths.get("/proc/self/maps"));
        String mapped = maps.lines().map(l -> l.trim().split("\\s+", 6)).filter(f -> f.length == 6)
                .map(f -> f[5]).filter(p -> p.startsWith("/") && p.endsWith(".so")).findFirst().orElseThrow();
        ProcSelf proc = new ProcSelf().snapshot();
        assertTrue(proc.maps(Paths.get(mapped)), mapped);
        assertTrue(ProcSelf.isMapped(Paths.get(mapped)), mapped);
        assertTrue(proc.files().contains(mapped), mapped);
        assertFalse(proc.maps(Paths.get(mapped.substring(0, mapped.length() - 1))),
                "a prefix of a mapped path is not mapped");
        assertFalse(proc.maps(Paths.get(mapped.substring(mapped.indexOf('/', 1)))), "nor is a suffix of it");
        assertFalse(proc.maps(Paths.get("/nonexistent/libnothing.so")));
        assertTrue(ProcSelf.residentBytes() > 1024 * 1024);
    }

    @Test
    void aDeletedFileStillCounts() throws Exception {
        Path dir = Files.createTempDirectory("procself");
        Path file = dir.resolve("data.bin");
        Files.write(file, new byte[8192]);
        try (FileChannel channel = FileChannel.open(file)) {
            MappedByteBuffer buffer = channel.map(MapMode.READ_ONLY, 0, 8192);
            Files.delete(file);
            ProcSelf proc = new ProcSelf().snapshot();
            assertTrue(proc.maps(file), "shown as '(deleted)' but still mapped");
            assertTrue(proc.files().contains(file.toString()), "listed without the suffix: " + proc.files());
            assertEquals(0, buffer.get(0));
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
