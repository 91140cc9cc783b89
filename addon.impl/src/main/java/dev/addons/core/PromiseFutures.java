package dev.addons.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The futures of one module instance's promises, by ticket (each crossing of a promise to Java is a ticket:
 * promises.c). Two parties meet here for each ticket, in either order: the decoder of the answer that carried the
 * promise, and the drain that reports its settlement. The first one makes the future, the second takes it out.
 */
final class PromiseFutures {

    private final Map<Long, CompletableFuture<Object>> waiting = new HashMap<>();

    synchronized CompletableFuture<Object> claim(long ticket) {
        CompletableFuture<Object> future = waiting.remove(ticket);
        if (future == null) {
            future = new CompletableFuture<>();
            waiting.put(ticket, future);
        }
        return future;
    }

    /** The context closed: every future still waiting, taken out (to complete outside the context's lock). */
    synchronized List<CompletableFuture<Object>> takeAll() {
        List<CompletableFuture<Object>> all = new ArrayList<>(waiting.values());
        waiting.clear();
        return all;
    }
}
