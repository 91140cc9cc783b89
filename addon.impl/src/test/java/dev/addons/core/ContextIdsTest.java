package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.AddonContext;

/**
 * Context ids go on across runs of the runtime on one data area (issue 13: ids restarted at 1 after a refresh of
 * addon.impl, so an id in a log or console named two different contexts).
 */
class ContextIdsTest {

    private static RuntimeConfig in(Path dir) {
        return RuntimeConfig.defaults().withWorkDirectory(dir);
    }

    private static long contextId(AddonRuntimeCore runtime) {
        try (AddonContext context = runtime.newContext("ids")) {
            return context.id();
        }
    }

    @Test
    void idsGoOnAfterTheRuntimeIsClosedAndOpenedAgain(@TempDir Path data) {
        long last;
        try (AddonRuntimeCore first = new AddonRuntimeCore(in(data))) {
            assertEquals(1, contextId(first));
            assertEquals(2, contextId(first));
            last = contextId(first);
        }
        try (AddonRuntimeCore second = new AddonRuntimeCore(in(data))) {
            assertEquals(last + 1, contextId(second), "the next run goes on where the first one closed");
        }
    }

    @Test
    void aRunThatDidNotCloseLeavesItsBlockReserved(@TempDir Path data) {
        ContextIds crashed = ContextIds.persistent(data.resolve(ContextIds.FILE));
        for (int i = 0; i < ContextIds.BLOCK + 3; i++) {
            crashed.next();
        }
        // No close(): the JVM was killed. The next run skips the rest of the reserved block.
        ContextIds next = ContextIds.persistent(data.resolve(ContextIds.FILE));
        assertEquals(2 * ContextIds.BLOCK + 1, next.next());
    }

    @Test
    void withoutADataAreaIdsStartAtOne(@TempDir Path data) {
        try (AddonRuntimeCore runtime = new AddonRuntimeCore()) {
            assertEquals(1, contextId(runtime));
        }
        assertTrue(Files.notExists(data.resolve(ContextIds.FILE)));
    }
}
