package dev.addons.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.addons.api.AddonContext;
import dev.addons.api.AddonRuntime;

/**
 * The framework-independent runtime: creates contexts, shares module mappings between them, and counts what
 * happens. Embedders use it directly; the OSGi layer puts a per-bundle view in front of it.
 */
public final class AddonRuntimeCore implements AddonRuntime {

    private final RuntimeConfig config;
    private final LibraryCache libraries = new LibraryCache();
    private final RuntimeStats stats = new RuntimeStats();
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, ContextImpl> open = new ConcurrentHashMap<>();

    public AddonRuntimeCore() {
        this(RuntimeConfig.defaults());
    }

    public AddonRuntimeCore(RuntimeConfig config) {
        this.config = config;
        NativeRuntime.ensureLoaded();
    }

    @Override
    public AddonContext newContext(String name) {
        ContextImpl context = new ContextImpl(ids.incrementAndGet(), name == null ? "unnamed" : name, this);
        open.put(context.id(), context);
        stats.contextsCreated.incrementAndGet();
        return context;
    }

    @Override
    public List<AddonContext> contexts() {
        List<AddonContext> list = new ArrayList<>(open.values());
        list.sort(Comparator.comparingLong(AddonContext::id));
        return list;
    }

    /** Modules mapped now, with how many module instances use each. */
    public List<LibraryCache.LibraryInfo> libraries() {
        return this.libraries.snapshot();
    }

    public RuntimeStats stats() {
        return stats;
    }

    public RuntimeConfig config() {
        return config;
    }

    /** Closes every open context, newest first. */
    public void closeAll() {
        List<AddonContext> list = contexts();
        java.util.Collections.reverse(list);
        for (AddonContext c : list) {
            c.close();
        }
    }

    LibraryCache libraryCache() {
        return libraries;
    }

    void closed(ContextImpl context) {
        if (open.remove(context.id()) != null) {
            stats.contextsClosed.incrementAndGet();
        }
    }
}
