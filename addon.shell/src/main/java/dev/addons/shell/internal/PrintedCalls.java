package dev.addons.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.addons.api.JavaFunction;
import dev.addons.api.Undefined;

/**
 * The {@code print:} and {@code print:<label>} arguments of {@code addon:call}: a Java function that prints its
 * arguments as Node's {@code console.log(label, ...args)} does (strings as they are, other values as
 * {@code util.inspect} prints them, separated by spaces), for addons that take a callback (a progress function, an
 * event listener).
 *
 * <p>The addon may call it on another thread (a loop thread runs a thread-safe function's {@code call_js} and an async
 * work's {@code complete}), so a call only queues its line: the command's own thread prints the lines while it
 * awaits the result and before it prints the result, so that they go where the command's output goes (Gogo's
 * {@code System.out} is per thread: the session, a pipe) and in the order the addon made the calls.
 */
final class PrintedCalls {

    static final String PREFIX = "print:";
    /** Queued when the awaited promise settles, to wake the printing thread; never printed. */
    private static final Object SETTLED = new Object();

    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final PrintStream out;

    PrintedCalls(PrintStream out) {
        this.out = out;
    }

    /** A console word as an argument: a printing function for {@code print:[label]}, else {@link Values#parse}. */
    Object argument(Object word) {
        if (word instanceof String s && s.startsWith(PREFIX)) {
            return printer(s.substring(PREFIX.length()));
        }
        return Values.parse(word);
    }

    /** A function whose calls queue {@code label arg1 arg2...} (no label: the arguments alone), returning undefined. */
    JavaFunction printer(String label) {
        return (self, args) -> {
            lines.add(line(label, args));
            return Undefined.INSTANCE;
        };
    }

    /** As {@code console.log(label, ...args)} prints it: strings as they are, other values inspected. */
    static String line(String label, Object[] args) {
        List<String> parts = new ArrayList<>();
        if (!label.isEmpty()) {
            parts.add(label);
        }
        for (Object a : args) {
            parts.add(a instanceof String s ? s : Values.format(a));
        }
        return String.join(" ", parts);
    }

    /** Prints the lines queued so far. */
    void flush() {
        for (Object line = lines.poll(); line != null; line = lines.poll()) {
            if (line != SETTLED) {
                out.println(line);
            }
        }
    }

    /** Prints lines as they come until the future is done or the timeout elapsed, then those queued so far. */
    void printWhileWaiting(CompletableFuture<?> future, Duration timeout) throws InterruptedException {
        future.whenComplete((value, error) -> lines.add(SETTLED));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!future.isDone()) {
            Object line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break; // timed out: the caller says so
            }
            if (line != SETTLED) {
                out.println(line);
            }
        }
        flush();
    }
}
