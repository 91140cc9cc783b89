package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonLoadException;
import dev.addons.api.AddonRuntime;
import dev.addons.api.ModuleSpec;

/**
 * Refreshing the runtime bundle (what Karaf does on a feature change) must not leak the old runtime: after 20 refreshes
 * of addon.impl (every fourth after an update), with an addon bundle active and a consumer holding a context of its
 * own, every old class loader of addon.impl is collected and the JNI library copies they loaded are unmapped. The first
 * ten refreshes follow each other at once (the JVM refuses the framework's library path while the old loader lives, and
 * the runtime loads private copies); before each of the last ten, the old runtime must already be gone.
 *
 * <p>One copy of libaddonrt may stay mapped besides the live runtime's: the first copy loaded in the process
 * provides the napi_* symbols addons bind to and is never unloaded (docs/limits.md). Copies mapped before this test
 * started (another test's framework) are left out of the count.
 *
 * <p>The consumer is the application embedding the framework (the system bundle's context). It behaves as a
 * consumer should: when a refresh closes its context it lets go of it and creates a new one from the new service.
 */
class RuntimeRefreshTest {

    private static final int REFRESHES = 20;
    /** Every so many rounds, addon.impl is updated before it is refreshed. */
    private static final int UPDATE_EVERY = 4;
    private static final String MULTIPLE_LOAD = "multiple_load";
    /** Full collections at most, each waiting up to COLLECTION_WAIT_MS for a reference to be enqueued. */
    private static final int MAX_COLLECTIONS = 50;
    private static final long COLLECTION_WAIT_MS = 100;

    @BeforeAll
    static void jvmSetup() {
        Frameworks.assertNativeAccessFlag();
    }

    static Stream<String> implementations() {
        return SeveralFrameworksTest.implementations();
    }

    /** The noinit fixture (from the fixtures jar on the class path) as a file dlopen can load. */
    private static final Path NO_INIT = extractFixture("noinit");
    /**
     * The async fixture: its works make the pool's threads drain the consumer's context in the old runtime's code;
     * they stay attached to the JVM, and must keep nothing of that runtime's class loader.
     */
    private static final Path ASYNC = extractFixture("async");

    private static Path extractFixture(String name) {
        String resource = "fixtures/linux_x86_64/lib" + name + ".so";
        try (InputStream in = RuntimeRefreshTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the test class path");
            Path dir = Files.createDirectories(Paths.get("target", "refresh-fixtures").toAbsolutePath());
            Path file = dir.resolve("lib" + name + ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void refreshingTheRuntimeReleasesTheOldOne(String kind) throws Exception {
        String tag = Frameworks.label(kind);
        Set<String> before = new HashSet<>(Frameworks.mappedRuntimeLibraries());
        Framework framework = Frameworks.launch(kind, "refresh-" + tag, Map.of());
        try {
            BundleContext system = framework.getBundleContext();
            Bundle impl = Frameworks.installRuntime(framework);
            Frameworks.install(system, "addon.demo.instancedata").start();
            Consumer consumer = new Consumer(system);
            consumer.open();
            CollectionWatch oldLoaders = new CollectionWatch();
            for (int i = 1; i <= REFRESHES; i++) {
                if (i > REFRESHES / 2) {
                    // Second half: the old runtime is gone before the next loads, so the framework's path to the
                    // library is free again and the JVM loads it anew (the provider copy: the same mapping, whose
                    // JNI_OnLoad runs once more). The first half refreshes back to back, without collections.
                    assertReleased(tag, oldLoaders, before, "before refresh " + i);
                }
                refreshOnce(system, impl, consumer, oldLoaders, i);
            }
            assertReleased(tag, oldLoaders, before, "after " + REFRESHES + " refreshes");

            // The live runtime still works after all that.
            assertEquals(1, consumer.increment(), "the consumer's context after the last refresh");
            assertEquals(2, consumer.increment(), "the consumer's context counts on");
        } finally {
            Frameworks.stopQuietly(framework);
        }
    }

    /**
     * Every watched loader is collected and, of the libaddonrt copies this test mapped, only the live runtime's (and
     * the process's first, if this test loaded it) is left.
     */
    private static void assertReleased(String tag, CollectionWatch oldLoaders, Set<String> before, String when)
            throws InterruptedException {
        List<String> reachable = oldLoaders.collect(MAX_COLLECTIONS, COLLECTION_WAIT_MS);
        assertTrue(reachable.isEmpty(), () -> reachable.size() + " of " + oldLoaders.size()
                + " old class loaders of addon.impl are still reachable " + when + ", after up to " + MAX_COLLECTIONS
                + " full collections: " + reachable);

        // The JVM unloads a collected loader's JNI libraries from its cleaner thread, after the collection: nothing
        // signals that, so look again (bounded) until the count is reached.
        int allowed = before.isEmpty() ? 2 : 1; // the live runtime's copy, and the provider if we loaded it
        List<String> left = leftOver(before);
        for (int i = 0; i < MAX_COLLECTIONS && left.size() > allowed; i++) {
            System.gc();
            Thread.sleep(COLLECTION_WAIT_MS);
            left = leftOver(before);
        }
        List<String> finalLeft = left;
        System.out.println("[" + tag + "] libaddonrt copies of this test mapped " + when + ": " + finalLeft);
        assertTrue(finalLeft.size() <= allowed, () -> finalLeft.size() + " copies of libaddonrt loaded by this test are"
                + " still mapped " + when + " (at most " + allowed + " expected: the live runtime's"
                + (allowed == 2 ? " and the process's first copy, which provides napi_*" : "") + "): " + finalLeft);
    }

    /**
     * One refresh of addon.impl. In a method of its own so that no local variable of the test method keeps an old
     * runtime object (and with it the old class loader) reachable.
     */
    private static void refreshOnce(BundleContext system, Bundle impl, Consumer consumer, CollectionWatch oldLoaders,
            int round) throws Exception {
        ClassLoader old = impl.adapt(BundleWiring.class).getClassLoader();
        oldLoaders.watch(old, "loader before refresh " + round + " (" + old + ")");
        assertEquals(1, consumer.increment(), "the consumer's fresh context before refresh " + round);

        if (round % UPDATE_EVERY == 0) {
            impl.update(); // a new revision from the same jar, as a feature upgrade does; the refresh drops the old
        }
        Frameworks.refresh(system, impl);
        assertEquals(Bundle.ACTIVE, impl.getState(), "addon.impl after refresh " + round);
        assertNotSame(old, impl.adapt(BundleWiring.class).getClassLoader(), "refresh " + round + " made a new loader");
        consumer.assertClosedByRefresh(round);
        consumer.open();
    }


    /** The libaddonrt copies mapped now that were not mapped before the test. */
    private static List<String> leftOver(Set<String> before) {
        List<String> now = new ArrayList<>(Frameworks.mappedRuntimeLibraries());
        now.removeAll(before);
        return now;
    }

    /**
     * A consumer of the AddonRuntime service that keeps one context with the multiple_load module loaded in it. It
     * holds nothing of an old runtime once that runtime closed its context.
     */
    private static final class Consumer {

        private final BundleContext system;
        private AddonContext context;
        private Addon addon;
        private Counter bound;

        Consumer(BundleContext system) {
            this.system = system;
        }

        /**
         * Gets the service (a new one after a refresh), opens a context with the demo addon's module in it and binds
         * {@link Counter} to it (a hidden class in this test's class loader whose method handles point into the
         * runtime). Also has the runtime refuse a file that is no library: the native side throws NativeException, a
         * class it finds through the loader of its own copy.
         */
        void open() {
            ServiceReference<Addon> addonRef = Frameworks.addonReference(system, MULTIPLE_LOAD);
            ModuleSpec spec;
            try {
                spec = system.getService(addonRef).spec();
            } finally {
                system.ungetService(addonRef);
            }
            AddonRuntime runtime = Frameworks.service(system, AddonRuntime.class, null);
            context = runtime.newContext("refresh consumer");
            addon = context.load(spec);
            assertNotNull(addon);
            bound = addon.bind(Counter.class);
            // A valid library without an init symbol passes the Java-side file check and is refused by the native
            // loader, which throws NativeException (a file that is no ELF would be refused before any native code).
            AddonLoadException refused = assertThrows(AddonLoadException.class,
                    () -> context.load(ModuleSpec.of("noinit", NO_INIT)));
            assertTrue(refused.getMessage().contains("no init symbol"), refused.getMessage());
            // Async work: a pool thread runs it, is attached to the JVM by this runtime's copy at its first wake and
            // drains this context in this runtime's classes; it stays attached after the refresh.
            Addon async = context.load(ModuleSpec.of("async", ASYNC));
            for (int i = 0; i < 3; i++) {
                CompletableFuture<?> sum = (CompletableFuture<?>) async.call("queue", "w", 3, 0, 0);
                try {
                    assertEquals(6L, ((Number) sum.get(30, TimeUnit.SECONDS)).longValue(), "async work's sum");
                } catch (Exception e) {
                    throw new AssertionError("async work in the consumer's context: " + e, e);
                }
            }
        }

        /** Counts through the bound interface: the module's instance data counts calls since the context opened. */
        int increment() {
            return bound.increment();
        }

        /** The refresh stopped the runtime, which closed the consumer's context; the consumer lets go of it. */
        void assertClosedByRefresh(int round) {
            assertEquals(AddonContext.State.CLOSED, context.state(), "consumer's context after refresh " + round);
            Addon closedAddon = addon;
            Counter closedBound = bound;
            assertThrows(IllegalStateException.class, () -> closedAddon.call("increment"),
                    "a call into the consumer's context after refresh " + round);
            assertThrows(IllegalStateException.class, closedBound::increment,
                    "a bound call into the consumer's context after refresh " + round);
            context = null;
            addon = null;
            bound = null;
        }
    }

    /** Bound to the demo addon's multiple_load module: the primitive fast path (a generated hidden class). */
    public interface Counter {
        int increment();
    }
}
