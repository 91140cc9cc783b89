package dev.addons.bench;

import java.util.concurrent.CompletableFuture;

/** The bench addon's asynchronous exports as a bound interface: each answers the future of the promise it made. */
public interface AsyncBenchAddon {

    /** One async work: execute adds on the pool, complete resolves the promise with the sum. */
    CompletableFuture<Object> addAsync(int a, int b);

    /** n works adding (i + 1) for i < n; the last complete resolves the one promise with their sum. */
    CompletableFuture<Object> addAsyncMany(int n);

    /** A promise resolved within the call (no pool): the crossing and the settlement's drain only. */
    CompletableFuture<Object> addNow(int a, int b);
}
