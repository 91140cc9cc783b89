package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What loading a module file costs besides the {@code dlopen}, which every load of a bundle's module pays (the
 * demo's load/unload cycles: once per cycle): the check reads a small library in a few reads, not one per header
 * and section name; the extractor writes one owner-only file, with no second temporary file.
 */
class ModuleFileCostTest {

    @Test
    void theCheckReadsALibraryInAFewReads() throws Exception {
        Path file = Fixtures.file("values");
        try (CountingChannel channel = new CountingChannel(FileChannel.open(file, StandardOpenOption.READ))) {
            ElfCheck.check(channel, ElfCheck.machineOfThisJvm());
            // The ELF and program headers, the section headers with their names, the dynamic section and the end of
            // the dynamic string table: a few blocks (it took one read per header table and per section name).
            assertTrue(channel.reads() <= 5, channel.reads() + " reads to check " + file);
        }
    }

    @Test
    void extractionWritesOneOwnerOnlyFileAndNoTemporaryFile(@TempDir Path temp) throws Exception {
        ModuleExtractor extractor = new ModuleExtractor(temp.resolve("modules"));
        Path file = extractor.extract(7, 1, "values", () -> Files.newInputStream(Fixtures.file("values")));
        assertEquals(-1, Files.mismatch(file, Fixtures.file("values")), "the module's bytes");
        try (Stream<Path> list = Files.list(file.getParent())) {
            assertEquals(List.of(file), list.toList(), "no temporary file left beside it");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        for (Path dir = file.getParent(); !dir.equals(temp); dir = dir.getParent()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
                    dir.toString());
        }
        assertEquals(file, extractor.extract(7, 1, "values", () -> {
            throw new AssertionError("an extracted file is not extracted again");
        }));
    }
}
