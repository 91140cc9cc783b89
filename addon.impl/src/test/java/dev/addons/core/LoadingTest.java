package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonLoadException;
import dev.addons.api.ModuleSpec;
import dev.addons.api.proc.ProcSelf;

/** Loading, sharing and unloading module files; every bad input gets a clear error and leaves nothing behind. */
class LoadingTest {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();

    @AfterEach
    void closeAll() {
        runtime.closeAll();
    }

    private AddonLoadException failing(String fixture) {
        AddonContext context = runtime.newContext("failing " + fixture);
        AddonLoadException e = assertThrows(AddonLoadException.class, () -> context.load(Fixtures.spec(fixture)));
        assertEquals(fixture, e.module());
        assertTrue(e.getMessage().contains("'" + fixture + "'"), "names the module: " + e.getMessage());
        assertFalse(ProcSelf.isMapped(Fixtures.file(fixture)), "a failed load leaves nothing mapped");
        // The context survives a failed load.
        assertEquals(5, context.load(Fixtures.spec("values")).call("add", 2, 3));
        context.close();
        return e;
    }

    @Test
    void initThatThrows() {
        AddonLoadException e = failing("throwing_init");
        assertTrue(e.getMessage().contains("init refused: no licence"), e.getMessage());
        assertEquals("E_NO_LICENCE", e.code());
    }

    @Test
    void initThatGivesUpAfterAFailedCall() {
        AddonLoadException e = failing("failing_init");
        assertTrue(e.getMessage().contains("status 1 (Invalid argument)"), e.getMessage());
    }

    @Test
    void libraryWithoutInitSymbol() {
        AddonLoadException e = failing("noinit");
        assertTrue(e.getMessage().contains("no init symbol"), e.getMessage());
    }

    @Test
    void fileThatIsNotALibrary() {
        AddonLoadException e = failing("notalibrary");
        assertTrue(e.getMessage().contains(Fixtures.file("notalibrary").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("file too short for an ELF header: 24 bytes"), e.getMessage());
    }

    @Test
    void moduleFromTheFuture() {
        AddonLoadException e = failing("future_version");
        assertTrue(e.getMessage().contains("built for Node-API version 10"), e.getMessage());
    }

    @Test
    void missingFile() {
        AddonContext context = runtime.newContext("missing");
        Path nowhere = Path.of("/nonexistent/libnothing.so");
        AddonLoadException e = assertThrows(AddonLoadException.class,
                () -> context.load(ModuleSpec.of("nothing", nowhere)));
        assertTrue(e.getMessage().contains("/nonexistent/libnothing.so"), e.getMessage());
        assertTrue(e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void badModuleNamesAreRefusedBeforeAnythingIsLoaded() {
        assertThrows(IllegalArgumentException.class, () -> ModuleSpec.of("../evil", Fixtures.file("values")));
        assertThrows(IllegalArgumentException.class, () -> ModuleSpec.of("", Fixtures.file("values")));
        assertThrows(IllegalArgumentException.class, () -> ModuleSpec.of("a/b", Fixtures.file("values")));
    }

    @Test
    void sameModuleTwiceInOneContextIsRefused() {
        AddonContext context = runtime.newContext("dup");
        context.load(Fixtures.spec("values"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> context.load(Fixtures.spec("values")));
        assertTrue(e.getMessage().contains("already has a module named 'values'"), e.getMessage());
    }

    @Test
    void legacyRegistrationWorksAfterEveryReload() {
        for (int i = 0; i < 3; i++) {
            AddonContext context = runtime.newContext("legacy " + i);
            Addon legacy = context.load(Fixtures.spec("legacy"));
            assertEquals("hello from a legacy module", legacy.call("hello"));
            context.close();
            assertFalse(ProcSelf.isMapped(Fixtures.file("legacy")));
        }
    }

    @Test
    void oneMappingSharedByContextsAndUnmappedWithTheLast() {
        Path file = Fixtures.file("values");
        AddonContext first = runtime.newContext("first");
        AddonContext second = runtime.newContext("second");
        Addon a = first.load(Fixtures.spec("values"));
        Addon b = second.load(Fixtures.spec("values"));
        assertTrue(ProcSelf.isMapped(file));
        assertEquals(2, runtime.libraries().stream().filter(l -> l.file().equals(file)).findFirst()
                .orElseThrow().users());

        // Instance data is per context: each counts on its own.
        a.call("count");
        a.call("count");
        assertEquals(3L, ((Number) a.call("count")).longValue());
        assertEquals(1L, ((Number) b.call("count")).longValue());

        first.close();
        assertTrue(ProcSelf.isMapped(file), "still used by the second context");
        assertEquals(2L, ((Number) b.call("count")).longValue());
        second.close();
        assertFalse(ProcSelf.isMapped(file), "unmapped with the last context");
        assertTrue(runtime.libraries().isEmpty());
    }

    @Test
    void manyLoadUnloadCyclesLeaveNothingMapped() {
        Path file = Fixtures.file("lifecycle");
        var before = runtime.stats().snapshot();
        for (int i = 0; i < 200; i++) {
            AddonContext context = runtime.newContext("cycle " + i);
            context.load(Fixtures.spec("lifecycle")).call("setLog", "");
            assertTrue(ProcSelf.isMapped(file));
            context.close();
            assertFalse(ProcSelf.isMapped(file), "cycle " + i);
        }
        var after = runtime.stats().snapshot();
        assertEquals(200, after.contextsClosed() - before.contextsClosed());
        assertEquals(400, after.finalizersRun() - before.finalizersRun(), "each finalizer once per cycle");
    }
}
