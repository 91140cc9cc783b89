package dev.addons.shell.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code addon:call} prints for a function that answers a promise (a {@link CompletionStage} in Java): its value
 * once settled, as Node's REPL prints {@code await f()}; a rejection is thrown (the console prints the addon's
 * error). Waiting is bounded, so that a work that never ends cannot hang the console.
 */
final class Awaited {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Awaited() {
    }

    /** The result itself if it is not a promise, else its value once settled. */
    static Object value(Object result, String what, Duration timeout) {
        if (!(result instanceof CompletionStage<?> stage)) {
            return result;
        }
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
