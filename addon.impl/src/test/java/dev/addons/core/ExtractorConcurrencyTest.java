package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletions of the extracted-modules directory that overlap: an uninstall's {@code forget(owner)} delivered late
 * while a restarting runtime runs {@code clear()}, and extractions going on meanwhile. None of them may fail
 * because another one deleted a file or directory first.
 */
class ExtractorConcurrencyTest {

    private static final int OWNERS = 40;
    private static final int GENERATIONS = 3;
    private static final int ROUNDS = 4;
    private static final byte[] CONTENT = "not really a library".getBytes();

    @Test
    void clearAndForgetOverlapping(@TempDir Path temp) throws Exception {
        ModuleExtractor extractor = new ModuleExtractor(temp.resolve("modules"));
        for (int round = 0; round < ROUNDS; round++) {
            populate(extractor);
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            threads.add(thread(go, failures, extractor::clear));
            for (int t = 0; t < 3; t++) {
                int first = t;
                threads.add(thread(go, failures, () -> {
                    for (int owner = first; owner < OWNERS; owner += 3) {
                        extractor.forget(owner);
                    }
                }));
            }
            threads.add(thread(go, failures, extractor::clear));
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), List.copyOf(failures), "round " + round);
            assertFalse(Files.exists(extractor.root().resolve("0")), "round " + round + ": owner 0 is gone");
        }
    }

    @Test
    void extractWhileOthersAreDeleted(@TempDir Path temp) throws Exception {
        ModuleExtractor extractor = new ModuleExtractor(temp.resolve("modules"));
        for (int round = 0; round < ROUNDS; round++) {
            populate(extractor);
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            Queue<Path> extracted = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            threads.add(thread(go, failures, extractor::clear));
            long generation = 10 + round;
            for (int t = 0; t < 2; t++) {
                int worker = t;
                threads.add(thread(go, failures, () -> {
                    for (int i = 0; i < 40; i++) {
                        // Owners above the populated ones: nothing deletes them but clear(), which runs at once.
                        extracted.add(extractor.extract(1000 + worker, generation, "m" + i,
                                () -> new ByteArrayInputStream(CONTENT)));
                    }
                }));
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), List.copyOf(failures), "round " + round);
            for (Path file : extracted) {
                if (Files.exists(file)) { // clear() may have deleted it afterwards, but never leaves half a file
                    assertArrayEquals(CONTENT, Files.readAllBytes(file), file.toString());
                }
            }
            extractor.clear();
        }
    }

    private static void populate(ModuleExtractor extractor) throws Exception {
        for (int owner = 0; owner < OWNERS; owner++) {
            for (int generation = 0; generation < GENERATIONS; generation++) {
                for (String module : List.of("a", "b")) {
                    extractor.extract(owner, generation, module, () -> new ByteArrayInputStream(CONTENT));
                }
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static Thread thread(CountDownLatch go, Queue<Throwable> failures, Step step) {
        Thread t = new Thread(() -> {
            try {
                go.await();
                step.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        t.start();
        return t;
    }
}
