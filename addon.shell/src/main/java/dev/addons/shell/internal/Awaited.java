package dev.addons.shell.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code addon:call} prints for a function that answers a promise (a {@link CompletionStage} in Java): its value
 * once settled, as Node's REPL prints {@code await f()}; a rejection is thrown (the console prints the addon's
 * error). Waiting is bounded, so that a work that never ends cannot hang the console. While it waits, the lines of the
 * call's {@code print:} functions ({@link PrintedCalls}) are printed as they come.
 */
final class Awaited {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Awaited() {
    }

    /** The result itself if it is not a promise, else its value once settled. */
    static Object value(Object result, String what, Duration timeout) {
        return value(result, what, timeout, new PrintedCalls(System.out));
    }

    /**
     * As {@link #value(Object, String, Duration)}, printing the lines of the call's {@code print:} functions as they
     * come while it waits, and those queued by then before it returns.
     */
    static Object value(Object result, String what, Duration timeout, PrintedCalls printed) {
        if (!(result instanceof CompletionStage<?> stage)) {
            printed.flush();
            return result;
        }
        try {
            CompletableFuture<?> future = stage.toCompletableFuture();
            printed.printWhileWaiting(future, timeout);
            return future.get(0, TimeUnit.MILLISECONDS); // settled, or timed out above
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(what + ": the promise was rejected: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": the promise was not settled within " + timeout.toSeconds()
                    + " s (its work may still be running; the console stops waiting)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted while awaiting the promise", e);
        }
    }
}
