package dev.addons.bench;

import java.util.concurrent.CompletableFuture;

import dev.addons.api.JavaFunction;

/**
 * The bench addon's thread-safe function exports as a bound interface. Each starts one native thread that makes
 * {@code n} blocking calls and releases the function; the future completes with {@code n} once the function's
 * finalizer ran on the context's loop, i.e. once every call was delivered.
 */
public interface TsfnBenchAddon {

    /** call_js calls {@code fn} with the call's sequence number (1..n), on a loop thread, in order. */
    CompletableFuture<Object> tsfnCalls(int n, JavaFunction fn);

    /** call_js only counts in C: the queue, the wake-ups and the drains, no function called. */
    CompletableFuture<Object> tsfnCallsNative(int n);
}
