package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonLoadException;

/**
 * What an addon does wrong where nobody can catch it, in cleanup hooks and finalizers, is logged naming context,
 * module and the code (symbol and address); a hook that blocks is named by the watchdog while it blocks.
 */
class TeardownErrorsTest {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore(RuntimeConfig.defaults().withHookWatchdogMillis(200));
    private final LogCapture log = new LogCapture();

    @AfterEach
    void closeAll() {
        log.close();
        runtime.closeAll();
    }

    private String closeAndFindWarning(AddonContext context, String... parts) {
        context.close();
        List<String> warnings = log.warnings();
        return warnings.stream().filter(w -> List.of(parts).stream().allMatch(w::contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no warning with " + List.of(parts) + " in " + warnings));
    }

    @Test
    void anExceptionThrownInACleanupHookIsLoggedNamingContextModuleAndHook() {
        AddonContext context = runtime.newContext("throwing hook");
        Addon addon = context.load(Fixtures.spec("faulty_hooks"));
        addon.call("throwInHook");

        String warning = closeAndFindWarning(context, "cleanup hook faulty_throwing_hook");
        assertTrue(warning.startsWith("context " + context.id() + " (throwing hook), module 'faulty_hooks': "),
                warning);
        assertTrue(warning.contains("threw Error: cleanup went wrong [code ERR_HOOK]"), warning);
        assertTrue(warning.matches(".*libfaulty_hooks\\.so\\+0x[0-9a-f]+, at 0x[0-9a-f]+\\).*"),
                "file, offset and address: " + warning);
        assertTrue(runtime.stats().snapshot().recentFailures().stream()
                .anyMatch(f -> f.contains("faulty_throwing_hook")), "counted as a warning");
    }

    @Test
    void aFailedNodeApiCallInACleanupHookIsLoggedWithItsStatus() {
        AddonContext context = runtime.newContext("failing hook");
        context.load(Fixtures.spec("faulty_hooks")).call("failInHook");

        String warning = closeAndFindWarning(context, "cleanup hook faulty_failing_hook");
        assertTrue(warning.startsWith("context " + context.id() + " (failing hook), module 'faulty_hooks': "),
                warning);
        assertTrue(warning.contains("a Node-API call failed with status 6 (A number was expected)"), warning);
    }

    @Test
    void anExceptionThrownInAFinalizerIsLoggedNamingTheFinalizer() {
        AddonContext context = runtime.newContext("throwing finalizer");
        context.load(Fixtures.spec("faulty_hooks")).call("throwInFinalizer");

        String warning = closeAndFindWarning(context, "finalizer faulty_throwing_finalizer");
        assertTrue(warning.startsWith("context " + context.id() + " (throwing finalizer), module 'faulty_hooks': "),
                warning);
        assertTrue(warning.contains("threw RangeError: finalizer went wrong"), warning);
    }

    @Test
    void aHookThatBlocksIsNamedWithTheClosingThreadsStackUntilItReturns() throws Exception {
        AddonContext stuck = runtime.newContext("stuck");
        stuck.load(Fixtures.spec("faulty_hooks")).call("blockInHook", 60_000);
        // The hook waits on a flag of the library, which another context of the same file can set.
        AddonContext releaser = runtime.newContext("releaser");
        Addon release = releaser.load(Fixtures.spec("faulty_hooks"));

        log.expect(m -> m.contains("has been closing for"));
        Thread closer = new Thread(stuck::close, "test closer");
        closer.start();
        try {
            assertTrue(log.await(30), "no watchdog warning while the hook blocks; logged: " + log.warnings());
            String warning = log.warnings().stream().filter(m -> m.contains("has been closing for")).findFirst()
                    .orElseThrow();
            assertTrue(warning.startsWith("context " + stuck.id() + " (stuck) has been closing for "), warning);
            assertTrue(warning.contains("module 'faulty_hooks' is in cleanup hook faulty_blocking_hook ("), warning);
            assertTrue(warning.contains("libfaulty_hooks.so+0x"), warning);
            assertTrue(warning.contains("The closing thread 'test closer' is at:"), warning);
            assertTrue(warning.contains("dev.addons.core.NativeBridge.teardownEnv(Native Method)"), warning);
            assertTrue(warning.contains("dev.addons.core.ContextImpl.close("), warning);
            assertEquals(AddonContext.State.CLOSING, stuck.state(), "close keeps waiting for the hook");
        } finally {
            release.call("release");
            closer.join(30_000);
        }
        assertFalse(closer.isAlive(), "close returns once the hook does");
        assertEquals(AddonContext.State.CLOSED, stuck.state());
        assertEquals(1, runtime.stats().snapshot().recentFailures().stream()
                .filter(f -> f.contains("has been closing for")).count(), "counted once per close, not per warning");
    }

    @Test
    void aCloseThatEndsInTimeLogsNothing() {
        AddonContext context = runtime.newContext("quick");
        context.load(Fixtures.spec("faulty_hooks")).call("blockInHook", 0);
        context.close();
        assertTrue(log.warnings().stream().noneMatch(m -> m.contains("has been closing")), log.warnings().toString());
    }

    @Test
    void aModuleThatFailedToLoadIsCountedOnceAndListedWhileItsContextIsOpen() {
        AddonContext context = runtime.newContext("failing init");
        long before = runtime.stats().snapshot().failures();
        try {
            context.load(Fixtures.spec("throwing_init"));
        } catch (AddonLoadException expected) {
            // recorded below
        }
        AddonInspector.LifecycleCounters counters = runtime.stats().snapshot();
        assertEquals(before + 1, counters.failures(), counters.recentFailures().toString());
        List<AddonInspector.ModuleFailure> failed = runtime.inspector().failedModules();
        assertEquals(1, failed.size(), failed.toString());
        AddonInspector.ModuleFailure failure = failed.get(0);
        assertEquals(context.id(), failure.contextId());
        assertEquals("throwing_init", failure.module());
        assertTrue(failure.message().contains("context " + context.id() + " (failing init), module 'throwing_init'")
                && failure.message().contains("init refused"), failure.message());

        context.close();
        assertEquals(List.of(), runtime.inspector().failedModules(), "gone with its context");
    }
}
