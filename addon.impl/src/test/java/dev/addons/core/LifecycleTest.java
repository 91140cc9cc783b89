package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;

/** Close semantics, matched to Node 20 (see docs/lifecycle.md). */
class LifecycleTest {

    @TempDir
    Path temp;

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();

    @org.junit.jupiter.api.AfterEach
    void closeAll() {
        runtime.closeAll(); // also when an assertion failed half-way: later tests check what is mapped
    }

    private List<String> closeAndReadLog(AddonContext context, Path log) throws IOException {
        context.close();
        return Files.readAllLines(log);
    }

    @Test
    void hooksRunNewestFirstThenFinalizersThenLateHooks() throws IOException {
        AddonContext context = runtime.newContext("lifecycle");
        Addon addon = context.load(Fixtures.spec("lifecycle"));
        Path log = temp.resolve("log.txt");
        addon.call("setLog", log.toString());

        List<String> lines = closeAndReadLog(context, log);

        // Node 20 printed: async hook E, hook D, hook R, hook A, then the finalizer; L (added by R) after it.
        List<String> withoutAsyncDone = lines.stream().filter(l -> !l.equals("async E done")).toList();
        assertEquals(List.of("async hook E", "hook D", "hook R", "hook A", "external finalizer",
                "instance finalizer", "hook L"), withoutAsyncDone);
        int done = lines.indexOf("async E done");
        assertTrue(done > lines.indexOf("async hook E") && done < lines.indexOf("external finalizer"),
                "teardown waits for the async hook before finalizing: " + lines);
        assertFalse(lines.contains("hook C"), "removed by R before its turn");
        assertFalse(lines.contains("hook X"), "removed right after it was added");
    }

    @Test
    void sameHookTwiceIsRefusedWithoutAbortingAndRunsOnce() throws IOException {
        AddonContext context = runtime.newContext("twice");
        Addon addon = context.load(Fixtures.spec("lifecycle"));
        Path log = temp.resolve("log.txt");
        addon.call("setLog", log.toString());

        assertEquals(List.of(0, 1), addon.call("addTwice"), "napi_ok, then napi_invalid_arg");
        assertTrue(runtime.stats().snapshot().recentFailures().stream()
                .anyMatch(f -> f.contains("already registered") && f.contains("'lifecycle'")));

        List<String> lines = closeAndReadLog(context, log);
        assertEquals(1, lines.stream().filter("hook T"::equals).count());
        assertEquals("hook T", lines.get(0), "the newest hook runs first");
    }

    @Test
    void instanceDataSetTwiceDropsTheOldFinalizerAsNodeDoes() throws IOException {
        AddonContext context = runtime.newContext("again");
        Addon addon = context.load(Fixtures.spec("lifecycle"));
        Path log = temp.resolve("log.txt");
        addon.call("setLog", log.toString());

        assertEquals(0, addon.call("setInstanceDataAgain"));
        assertTrue(runtime.stats().snapshot().recentFailures().stream()
                .anyMatch(f -> f.contains("napi_set_instance_data called again")));

        List<String> lines = closeAndReadLog(context, log);
        assertEquals(1, lines.stream().filter("instance finalizer"::equals).count(), lines.toString());
    }

    @Test
    void closeIsIdempotentAndRefusesLaterCalls() {
        AddonContext context = runtime.newContext("closing");
        Addon addon = context.load(Fixtures.spec("values"));
        assertEquals(AddonContext.State.OPEN, context.state());
        context.close();
        context.close();
        assertEquals(AddonContext.State.CLOSED, context.state());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> addon.call("add", 1, 2));
        assertTrue(e.getMessage().contains("(closing) is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> context.load(Fixtures.spec("values")));
        assertFalse(runtime.contexts().contains(context));
    }

    @Test
    void countersFollowTheLifecycle() {
        var before = runtime.stats().snapshot();
        AddonContext context = runtime.newContext("counted");
        context.load(Fixtures.spec("lifecycle")).call("setLog", "");
        context.close();
        var after = runtime.stats().snapshot();
        assertEquals(1, after.contextsCreated() - before.contextsCreated());
        assertEquals(1, after.contextsClosed() - before.contextsClosed());
        assertEquals(5, after.hooksRun() - before.hooksRun(), "E, D, R, A and the late L");
        assertEquals(2, after.finalizersRun() - before.finalizersRun(), "the external and the instance data");
    }
}
