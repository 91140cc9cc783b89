package dev.addons.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonRuntime;
import dev.addons.api.proc.ProcSelf;

/**
 * The framework-independent runtime: creates contexts, shares module mappings between them, and counts what
 * happens. Embedders use it directly; the OSGi layer puts a per-bundle view in front of it.
 */
public final class AddonRuntimeCore implements AddonRuntime, AutoCloseable {

    private static final System.Logger LOG = RuntimeLog.logger();

    /** Owner recorded for contexts created without one. */
    public static final String EMBEDDER = "embedder";

    /** Replaced by {@link #reconfigure}; read at each use (a load, a call's conversion, a close). */
    private volatile RuntimeConfig config;
    private final LoopExecutor loops = new LoopExecutor();
    private boolean released; // this runtime's use of the native async pool
    private final LibraryCache libraries = new LibraryCache();
    private final RuntimeStats stats = new RuntimeStats(this::callsOfOpenContexts);
    /** Go on across runs with a data area of its own (docs/containers.md, "Context ids"). */
    private final ContextIds ids;
    private final Map<Long, ContextImpl> open = new ConcurrentHashMap<>();
    private final AddonInspector inspector = new Inspector();
    private final IsolatedCopies isolatedCopies;
    private final HookWatchdog watchdog = new HookWatchdog();
    private final CallTransport.Pool transports = new CallTransport.Pool();
    /** Null without a configured work directory: isolated copies then go to a temporary directory. */
    private final DataArea data;
    private final ModuleExtractor extractor;

    public AddonRuntimeCore() {
        this(RuntimeConfig.defaults());
    }

    /**
     * A runtime; with a {@link RuntimeConfig#workDirectory()} it locks that directory as its data area (or, if
     * another runtime holds it, works in a temporary one and reports that as a failure and a warning).
     */
    public AddonRuntimeCore(RuntimeConfig config) {
        this.config = config;
        RuntimeLibraryLoader.ensureLoaded();
        EventLoops.runtimeStarted(config.asyncThreads());
        if (config.workDirectory() == null) {
            this.data = null;
            this.extractor = null;
            this.isolatedCopies = new IsolatedCopies(null);
            this.ids = ContextIds.inMemory();
        } else {
            this.data = DataArea.open(config.workDirectory(), "addon runtime of " + loaderName());
            if (data.conflict() != null) {
                stats.failure(data.conflict());
                LOG.log(System.Logger.Level.WARNING, data.conflict());
            }
            this.extractor = new ModuleExtractor(data.modules(), libraries);
            this.libraries.onLastRelease(extractor::released);
            this.isolatedCopies = new IsolatedCopies(data.isolated());
            // A temporary data area (another runtime holds the requested one) is deleted at close: nothing to go on.
            this.ids = data.conflict() == null ? ContextIds.persistent(data.directory().resolve(ContextIds.FILE))
                    : ContextIds.inMemory();
        }
    }

    private static String loaderName() {
        ClassLoader loader = AddonRuntimeCore.class.getClassLoader();
        return loader == null ? "the boot class path" : String.valueOf(loader);
    }

    /**
     * Extracts module files into the data area ({@code modules/}) and deletes a bundle revision's files once
     * nothing loads them; only with a configured work directory.
     */
    public ModuleExtractor extractor() {
        if (extractor == null) {
            throw new IllegalStateException("this addon runtime has no data area (RuntimeConfig.workDirectory is "
                    + "null): nothing to extract modules into");
        }
        return extractor;
    }

    /** Where the runtime keeps its files (the configured work directory, or the fallback), or null. */
    public Path dataDirectory() {
        return data == null ? null : data.directory();
    }

    @Override
    public AddonContext newContext(String name) {
        return newContext(name, ContextOwner.EMBEDDER);
    }

    /** A context owned by {@code owner} (a bundle, or the embedder when null), shown by the inspector. */
    public AddonContext newContext(String name, ContextOwner owner) {
        ContextImpl context = new ContextImpl(ids.next(), name == null ? "unnamed" : name,
                owner == null ? ContextOwner.EMBEDDER : owner, this);
        open.put(context.id(), context);
        stats.contextCreated();
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

    /** The read-only view for consoles. */
    public AddonInspector inspector() {
        return inspector;
    }

    public RuntimeStats stats() {
        return stats;
    }

    public RuntimeConfig config() {
        return config;
    }

    /**
     * Takes new settings (e.g. from Configuration Admin): the wait for async cleanup hooks, the watchdog interval and
     * the conversion limits of {@code settings} apply from the next load, call or close on, in every context; the
     * work directory stays the one the runtime started with.
     */
    public void reconfigure(RuntimeConfig settings) {
        config = settings.withWorkDirectory(config.workDirectory());
        NativeBridge.configurePool(settings.asyncThreads());
    }

    /**
     * Makes JVM shutdown (System.exit, SIGTERM, Ctrl-C) close every open context, so that cleanup hooks and
     * finalizers run at exit, as they do when a framework shuts down. Returns the hook thread, to remove with
     * {@link Runtime#removeShutdownHook} when the runtime goes away first.
     */
    public Thread closeOnShutdown() {
        Thread hook = new Thread(this::closeAll, "addon runtime shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Records that a module could not be loaded into {@code context} for a reason found outside the runtime (e.g.
     * the OSGi extender found no file for this platform): counted once as a failure and listed by
     * {@link AddonInspector#failedModules()} while the context is open. Failures of {@link AddonContext#load} are
     * recorded by the runtime itself. {@code message} names owner, module and reason.
     */
    public void moduleFailed(AddonContext context, String module, String message) {
        if (context instanceof ContextImpl mine && open.get(mine.id()) == mine) {
            mine.moduleFailed(module, message);
        } else {
            stats.failure(message);
        }
    }

    /** Closes every open context and lets go of the data area (unlocks it; a fallback one is deleted). */
    @Override
    public void close() {
        closeAll();
        loops.close();
        if (!released) {
            released = true;
            EventLoops.runtimeClosed();
        }
        ids.close();
        if (data != null) {
            data.close();
        }
    }

    /** Closes every open context, newest first, then ends the watchdog's thread (a later close starts it again). */
    public void closeAll() {
        List<AddonContext> list = contexts();
        java.util.Collections.reverse(list);
        try {
            for (AddonContext c : list) {
                c.close();
            }
        } finally {
            watchdog.stop();
        }
    }

    /** The executor that drains the contexts' event loops (docs/async.md): threads only while there is work. */
    java.util.concurrent.Executor loopExecutor() {
        return loops;
    }

    HookWatchdog watchdog() {
        return watchdog;
    }

    IsolatedCopies isolatedCopies() {
        return isolatedCopies;
    }

    /** Transports of closed contexts, for the next contexts' calls. */
    CallTransport.Pool transports() {
        return transports;
    }

    LibraryCache libraryCache() {
        return libraries;
    }

    /** Reads the runtime's state for {@link AddonInspector} without touching any context's call lock. */
    private final class Inspector implements AddonInspector {

        @Override
        public List<ContextInfo> contexts() {
            List<ContextInfo> list = new ArrayList<>();
            for (AddonContext c : AddonRuntimeCore.this.contexts()) {
                ContextImpl context = (ContextImpl) c;
                List<String> modules = context.addons().stream().map(a -> a.moduleName()).toList();
                ContextOwner owner = context.owner();
                list.add(new ContextInfo(context.id(), context.name(), owner.name(), owner.bundleId(), modules,
                        context.state(), context.created(), context.calls()));
            }
            return list;
        }

        @Override
        public List<ModuleInfo> modules() {
            List<ModuleInfo> list = new ArrayList<>();
            List<LibraryCache.LibraryInfo> mapped = libraries.snapshot();
            ProcSelf maps = new ProcSelf().snapshot(); // read after: a library listed is in this snapshot
            for (LibraryCache.LibraryInfo l : mapped) {
                long size;
                try {
                    size = Files.size(l.file());
                } catch (IOException e) {
                    size = -1;
                }
                list.add(new ModuleInfo(l.module(), l.owner(), l.file(), l.users(), maps.maps(l.file()), size));
            }
            list.sort(Comparator.comparing(m -> m.file().toString()));
            return list;
        }

        @Override
        public LifecycleCounters counters() {
            return stats.snapshot();
        }

        @Override
        public List<ModuleFailure> failedModules() {
            List<ModuleFailure> list = new ArrayList<>();
            for (AddonContext c : AddonRuntimeCore.this.contexts()) {
                list.addAll(((ContextImpl) c).failures());
            }
            list.sort(Comparator.comparing(ModuleFailure::time).thenComparingLong(ModuleFailure::contextId));
            return list;
        }
    }

    private long callsOfOpenContexts() {
        long sum = 0;
        for (ContextImpl c : open.values()) {
            sum += c.calls();
        }
        return sum;
    }

    void closed(ContextImpl context) {
        if (open.remove(context.id()) != null) {
            stats.contextClosed(context.calls());
        }
    }
}
