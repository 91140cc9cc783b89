package dev.addons.embedded;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches objects (class loaders) through weak references and runs the garbage collector until they are gone or a
 * bounded number of collections has passed. Holds nothing strongly, so watching does not keep anything alive.
 */
final class CollectionWatch {

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Map<Reference<?>, String> watched = new LinkedHashMap<>();

    /** Watches {@code object}, described as {@code label} in {@link #stillReachable()}. */
    void watch(Object object, String label) {
        watched.put(new WeakReference<>(object, queue), label);
    }

    int size() {
        return watched.size();
    }

    /**
     * Runs full collections until every watched object was collected, at most {@code maxCollections} times; each
     * collection waits up to {@code waitMillis} for the reference queue to report one. Answers what is left.
     */
    List<String> collect(int maxCollections, long waitMillis) throws InterruptedException {
        for (int i = 0; i < maxCollections && !stillReachable().isEmpty(); i++) {
            System.gc();
            while (queue.remove(waitMillis) != null) {
                // drained: weak references are cleared before they are enqueued, stillReachable() sees them
            }
        }
        return stillReachable();
    }

    /** The labels of the watched objects not collected yet. */
    List<String> stillReachable() {
        List<String> left = new ArrayList<>();
        watched.forEach((reference, label) -> {
            if (!reference.refersTo(null)) {
                left.add(label);
            }
        });
        return left;
    }
}
