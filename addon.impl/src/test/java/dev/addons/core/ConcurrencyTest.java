package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.ModuleSpec;
import dev.addons.api.proc.ProcSelf;

/** Worker-style use: serialization per context, parallelism across contexts, races with close, static state. */
class ConcurrencyTest {

    private final AddonRuntimeCore runtime = new AddonRuntimeCore();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        runtime.closeAll();
    }

    @Test
    void callsIntoOneContextAreSerialized() throws Exception {
        Addon addon = runtime.newContext("one").load(Fixtures.spec("static_counter").withIsolation(true));
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> addon.call("spin", 20)));
        }
        for (Future<Object> f : calls) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(1, addon.call("spin", 0), "never two threads inside one context");
    }

    @Test
    void differentContextsRunInParallel() throws Exception {
        // Two contexts sharing one mapping: its statics see how many threads are inside at once.
        Addon a = runtime.newContext("a").load(Fixtures.spec("static_counter"));
        Addon b = runtime.newContext("b").load(Fixtures.spec("static_counter"));
        CountDownLatch start = new CountDownLatch(1);
        Future<?> fa = pool.submit(() -> {
            start.await();
            return a.call("spin", 300);
        });
        Future<?> fb = pool.submit(() -> {
            start.await();
            return b.call("spin", 300);
        });
        start.countDown();
        fa.get(10, TimeUnit.SECONDS);
        fb.get(10, TimeUnit.SECONDS);
        assertEquals(2, a.call("mostInMapping"), "both contexts were inside the addon at the same time");
    }

    @Test
    void staticStateIsSharedUnlessIsolated() {
        ModuleSpec shared = Fixtures.spec("static_counter");
        Addon s1 = runtime.newContext("s1").load(shared);
        Addon s2 = runtime.newContext("s2").load(shared);
        assertEquals(1, s1.call("increment"));
        assertEquals(2, s2.call("increment"), "the recipe for disaster: one static for both");

        Addon i1 = runtime.newContext("i1").load(shared.withIsolation(true));
        Addon i2 = runtime.newContext("i2").load(shared.withIsolation(true));
        assertEquals(1, i1.call("increment"));
        assertEquals(2, i1.call("increment"));
        assertEquals(1, i2.call("increment"), "an isolated context has its own statics");

        assertEquals(3, runtime.inspector().modules().size(), "one shared mapping plus one copy per isolated context");
        java.nio.file.Path copy = runtime.libraries().stream().map(l -> l.file())
                .filter(f -> !f.equals(shared.file())).findFirst().orElseThrow();
        i1.context().close();
        i2.context().close();
        assertFalse(Files.exists(copy), "the private copy is deleted with its context");
        assertFalse(ProcSelf.isMapped(copy));
        assertEquals(1, runtime.inspector().modules().size());
    }

    @Test
    void closeWhileOtherThreadsCallFailsNewCallsCleanly() throws Exception {
        AddonContext context = runtime.newContext("racing");
        context.load(Fixtures.spec("lifecycle")).call("setLog", "");
        Addon addon = context.load(Fixtures.spec("static_counter"));
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(4);
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            callers.add(pool.submit(() -> {
                running.countDown();
                while (true) {
                    try {
                        addon.call("spin", 1);
                        ok.incrementAndGet();
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().contains("(racing) is c")) {
                            other.incrementAndGet();
                        }
                        refused.incrementAndGet();
                        return null;
                    } catch (RuntimeException e) {
                        other.incrementAndGet();
                        return null;
                    }
                }
            }));
        }
        running.await();
        Thread.sleep(50);
        long finalizersBefore = runtime.stats().snapshot().finalizersRun();
        context.close();
        for (Future<?> f : callers) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertTrue(ok.get() > 0);
        assertEquals(4, refused.get(), "every caller ends with IllegalStateException");
        assertEquals(0, other.get(), "no other failure");
        assertEquals(3, runtime.stats().snapshot().finalizersRun() - finalizersBefore,
                "lifecycle's external + instance data, static_counter's instance data: once each");
        assertEquals(AddonContext.State.CLOSED, context.state());
    }

    @Test
    void tenThousandLiveContexts() {
        int count = 10_000;
        System.gc();
        long before = ProcSelf.residentBytes();
        List<Addon> addons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addons.add(runtime.newContext("worker " + i).load(Fixtures.spec("static_counter")));
        }
        long during = ProcSelf.residentBytes();
        for (int i = 0; i < count; i++) {
            assertEquals(i, addons.get(i).call("add", i, 0));
        }
        assertEquals(count, runtime.contexts().size());
        System.out.printf("%d live contexts: RSS +%d KiB, about %d bytes per context (Java + native)%n", count,
                (during - before) / 1024, (during - before) / count);
        runtime.closeAll();
        assertTrue(runtime.contexts().isEmpty());
        assertFalse(ProcSelf.isMapped(Fixtures.file("static_counter")));
    }
}
