package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Native threads of this process by name, as the kernel has it (/proc/self/task/N/comm, 15 characters). */
final class NamedThreads {

    private NamedThreads() {
    }

    /** How many threads of this process are called {@code name} now. */
    static long count(String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip().equals(name);
                } catch (IOException ended) {
                    return false; // the thread ended while we looked
                }
            }).count();
        }
    }

    /** Waits up to {@code seconds} until no thread is called {@code name}; fails if one still is. */
    static void awaitNone(String name, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (count(name) > 0) {
            if (System.nanoTime() > deadline) {
                fail(count(name) + " " + name + " threads still there after " + seconds + " s");
            }
            Thread.sleep(20); // no event says that a native thread ended: /proc is looked at again
        }
    }
}
