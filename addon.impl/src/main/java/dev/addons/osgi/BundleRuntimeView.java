package dev.addons.osgi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;

import dev.addons.api.AddonContext;
import dev.addons.api.AddonRuntime;
import dev.addons.core.AddonRuntimeCore;

/** What one consumer bundle sees of the runtime: only its own contexts, closed when it lets go of the service. */
final class BundleRuntimeView implements AddonRuntime {

    private final AddonRuntimeCore core;
    private final Bundle consumer;
    private final Set<AddonContext> mine = ConcurrentHashMap.newKeySet();
    private volatile boolean released;
    /**
     * Closed contexts are dropped from {@link #mine} when it reaches this size, which then doubles from what is
     * left: a consumer that keeps its view for its lifetime and creates and closes contexts all along would
     * otherwise keep every context it ever closed (found by the soak run, docs/soak.md). Amortized O(1).
     */
    private int pruneAt = MIN_PRUNE;
    private static final int MIN_PRUNE = 64;

    BundleRuntimeView(AddonRuntimeCore core, Bundle consumer) {
        this.core = core;
        this.consumer = consumer;
    }

    @Override
    public AddonContext newContext(String name) {
        if (released) {
            throw new IllegalStateException("the AddonRuntime service of bundle " + AddonExtender.bundleName(consumer)
                    + " was released");
        }
        AddonContext context = core.newContext(name, AddonExtender.ownerOf(consumer));
        mine.add(context);
        pruneIfLarge();
        return context;
    }

    private synchronized void pruneIfLarge() {
        if (mine.size() >= pruneAt) {
            mine.removeIf(c -> c.state() == AddonContext.State.CLOSED);
            pruneAt = Math.max(MIN_PRUNE, 2 * mine.size());
        }
    }

    /** How many contexts the view holds on to, closed ones not dropped yet included (for tests). */
    int retained() {
        return mine.size();
    }

    @Override
    public List<AddonContext> contexts() {
        List<AddonContext> open = new ArrayList<>();
        for (AddonContext c : mine) {
            if (c.state() == AddonContext.State.CLOSED) {
                mine.remove(c);
            } else {
                open.add(c);
            }
        }
        open.sort(Comparator.comparingLong(AddonContext::id));
        return open;
    }

    /** Closes every context this consumer created, newest first. */
    void release() {
        released = true;
        List<AddonContext> list = contexts();
        Collections.reverse(list);
        for (AddonContext c : list) {
            c.close();
        }
        mine.clear();
    }
}
