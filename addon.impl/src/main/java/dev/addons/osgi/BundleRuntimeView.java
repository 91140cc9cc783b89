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
        return context;
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
