package dev.addons.testsupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class SameLinesTest {

    @Test
    void equalLinesPassAndBothSidesAreWritten(@TempDir Path dir) throws Exception {
        assertDoesNotThrow(() -> SameLines.assertSameLines("x", List.of("a", "b"), List.of("a", "b"), dir, "x"));
        assertEquals(List.of("a", "b"), Files.readAllLines(dir.resolve("x-node.txt")));
        assertEquals(List.of("a", "b"), Files.readAllLines(dir.resolve("x-ours.txt")));
    }

    @Test
    void aDifferentOrMissingLineFailsNamingIt(@TempDir Path dir) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SameLines.assertSameLines("zlib", List.of("a", "b", "c"), List.of("a", "B"), dir, "z"));
        assertTrue(e.getMessage().startsWith("zlib prints other lines"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2\n  node: b\n  ours: B\n"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3\n  node: c\n  ours: <no line>\n"), e.getMessage());
        assertEquals("", SameLines.differences(List.of("a"), List.of("a")));
    }
}
