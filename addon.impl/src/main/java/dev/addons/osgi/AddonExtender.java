package dev.addons.osgi;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.BundleTracker;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonLoadException;
import dev.addons.api.ModuleSpec;
import dev.addons.core.AddonRuntimeCore;
import dev.addons.core.ContextOwner;
import dev.addons.core.ModuleExtractor;
import dev.addons.core.RuntimeLog;

/**
 * Gives each activation of a bundle with an {@code Addon-Module} header its own context, and closes it while the
 * bundle is STOPPING, so that when {@code Bundle.stop()} returns the hooks and finalizers have run.
 *
 * <p>Modeled on Felix SCR's extender: a BundleTracker (whose listener is synchronous) over STARTING, ACTIVE and
 * STOPPING bundles.
 */
final class AddonExtender extends BundleTracker<AddonExtender.Activation> {

    private static final System.Logger LOG = RuntimeLog.logger();

    /**
     * One tracked addon bundle and its current activation (context and services), if any. Start and stop of one
     * bundle may race on different threads, and Felix delivers STOPPED after it let go of the bundle's lock, so
     * activating and deactivating are serialized here and idempotent.
     */
    final class Activation {
        final Bundle bundle;
        private AddonContext context;
        private final List<ServiceRegistration<Addon>> registrations = new ArrayList<>();

        Activation(Bundle bundle) {
            this.bundle = bundle;
        }

        /** The context of the current activation, or null when the bundle is not active. */
        synchronized AddonContext context() {
            return context;
        }

        synchronized void activate() {
            if (context != null) {
                return; // already active: a STARTING we have seen, or the initial scan
            }
            String header = bundle.getHeaders("").get(AddonConstants.ADDON_MODULE_HEADER);
            context = runtime.newContext(bundleName(bundle), ownerOf(bundle));
            List<ModuleClause> clauses;
            try {
                clauses = ModuleClause.parse(header);
            } catch (ModuleClause.HeaderException e) {
                problem(this, null, "invalid " + AddonConstants.ADDON_MODULE_HEADER + " header: " + e.getMessage());
                return;
            }
            for (Map.Entry<String, List<ModuleClause>> module : byModule(clauses).entrySet()) {
                loadModule(this, module.getKey(), module.getValue());
            }
        }

        synchronized void deactivate() {
            if (context == null) {
                return;
            }
            for (ServiceRegistration<Addon> registration : registrations) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregisters a stopping bundle's services itself
                }
            }
            registrations.clear();
            AddonContext closing = context;
            context = null;
            closing.close();
        }
    }

    private final AddonRuntimeCore runtime;
    private final ModuleExtractor extractor;
    private final String osname;
    private final String processor;

    AddonExtender(BundleContext context, AddonRuntimeCore runtime, ModuleExtractor extractor) {
        super(context, Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING, null);
        this.runtime = runtime;
        this.extractor = extractor;
        this.osname = context.getProperty(Constants.FRAMEWORK_OS_NAME);
        this.processor = context.getProperty(Constants.FRAMEWORK_PROCESSOR);
    }

    @Override
    public Activation addingBundle(Bundle bundle, BundleEvent event) {
        if (bundle.getHeaders("").get(AddonConstants.ADDON_MODULE_HEADER) == null) {
            return null;
        }
        Activation activation = new Activation(bundle);
        if (event == null ? bundle.getState() != Bundle.STOPPING : event.getType() == BundleEvent.STARTING
                || event.getType() == BundleEvent.STARTED || event.getType() == BundleEvent.LAZY_ACTIVATION) {
            activation.activate();
        }
        return activation;
    }

    /**
     * Decided by the event, not by the bundle's state at delivery: a late STOPPED of an earlier stop can arrive
     * while the bundle is already starting again, and must not close the new activation.
     */
    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Activation activation) {
        if (event == null) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.STARTING:
            case BundleEvent.LAZY_ACTIVATION:
                activation.activate();
                break;
            case BundleEvent.STOPPING:
                activation.deactivate(); // synchronous: when stop() returns, hooks and finalizers have run
                break;
            default:
                break;
        }
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Activation activation) {
        activation.deactivate();
    }

    private void loadModule(Activation activation, String module, List<ModuleClause> clauses) {
        Bundle bundle = activation.bundle;
        if (!ModuleSpec.isValidName(module)) {
            problem(activation, module, "invalid module name: use 1-64 letters, digits, '.', '_' or '-'");
            return;
        }
        ModuleClause.Selection selection = ModuleClause.select(clauses, osname, processor);
        ModuleClause clause = selection.chosen();
        if (clause == null) {
            String offered = clauses.stream()
                    .map(c -> String.join("|", c.osnames()) + "/" + String.join("|", c.processors()))
                    .collect(Collectors.joining(", "));
            problem(activation, module, "no clause for this platform (" + osname + "/" + processor
                    + "); the header offers " + offered);
            return;
        }
        if (!selection.ignored().isEmpty()) {
            LOG.log(Level.WARNING, "bundle " + bundleName(bundle) + ", addon module '" + module + "': "
                    + (selection.ignored().size() + 1) + " clauses match this platform (" + osname + "/" + processor
                    + "); the first (path=" + clause.path() + ") is used, ignored: "
                    + selection.ignored().stream().map(c -> "path=" + c.path()).collect(Collectors.joining(", ")));
        }
        URL entry;
        try {
            entry = findEntry(bundle, clause.path());
        } catch (IllegalArgumentException e) {
            problem(activation, module, e.getMessage());
            return;
        }
        if (entry == null) {
            problem(activation, module, "path '" + clause.path() + "' is not an entry of the bundle or its fragments");
            return;
        }
        Path file;
        try {
            file = extractor.extract(bundle.getBundleId(), bundle.getLastModified(), module, entry::openStream);
        } catch (IOException | RuntimeException e) {
            problem(activation, module, "cannot extract " + clause.path() + ": " + e);
            return;
        }
        Addon addon;
        try {
            addon = activation.context.load(ModuleSpec.of(module, file).withIsolation(clause.isolated()));
        } catch (AddonLoadException e) {
            reportLoadFailure(activation, module, e); // the runtime has recorded and counted it
            return;
        } catch (RuntimeException e) {
            problem(activation, module, e.getMessage());
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(AddonConstants.SERVICE_MODULE, module);
        properties.put(AddonConstants.SERVICE_CONTEXT_ID, activation.context.id());
        properties.put(AddonConstants.SERVICE_FILE, file.toString());
        properties.put(Constants.SERVICE_DESCRIPTION, "addon module " + module + " of " + bundleName(bundle));
        BundleContext owner = bundle.getBundleContext();
        if (owner != null) {
            activation.registrations.add(owner.registerService(Addon.class, addon, properties));
        }
    }

    /**
     * An entry of the bundle or of an attached fragment. A path that does not name one entry (a wildcard, which
     * {@code findEntries} would expand, or '.' and '..' segments) is refused.
     */
    static URL findEntry(Bundle bundle, String path) {
        String problem = ModuleClause.pathProblem(path);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String clean = path.startsWith("/") ? path.substring(1) : path;
        URL url = bundle.getEntry(clean);
        if (url != null) {
            return url;
        }
        int slash = clean.lastIndexOf('/');
        String dir = slash < 0 ? "/" : clean.substring(0, slash);
        String name = clean.substring(slash + 1);
        Enumeration<URL> found = bundle.findEntries(dir, name, false); // includes attached fragments
        return found != null && found.hasMoreElements() ? found.nextElement() : null;
    }

    /** A module the extender could not even hand to the runtime: recorded (counted once), logged and posted. */
    private void problem(Activation activation, String module, String reason) {
        String message = describe(activation, module) + ": " + reason;
        runtime.moduleFailed(activation.context, module, message);
        announce(activation, message, new AddonLoadException(module, message));
    }

    /** A module the runtime failed to load: it recorded and counted the failure already; logged and posted here. */
    private void reportLoadFailure(Activation activation, String module, AddonLoadException e) {
        announce(activation, describe(activation, module) + ": " + e.getMessage(), e);
    }

    /**
     * Logs the failure and posts it as a FrameworkEvent.ERROR of the bundle: the bundle stays ACTIVE (an extender
     * cannot veto a start), so this is how containers and management agents learn of it.
     */
    private void announce(Activation activation, String message, AddonLoadException error) {
        LOG.log(Level.ERROR, message);
        FrameworkErrors.post(context, activation.bundle, error);
    }

    private static String describe(Activation activation, String module) {
        return "bundle " + bundleName(activation.bundle) + (module == null ? "" : ", addon module '" + module + "'");
    }

    static String bundleName(Bundle bundle) {
        return ownerOf(bundle).label();
    }

    static ContextOwner ownerOf(Bundle bundle) {
        return ContextOwner.bundle(bundle.getSymbolicName(), bundle.getBundleId());
    }

    private static Map<String, List<ModuleClause>> byModule(List<ModuleClause> clauses) {
        Map<String, List<ModuleClause>> map = new LinkedHashMap<>();
        for (ModuleClause c : clauses) {
            map.computeIfAbsent(c.module(), k -> new ArrayList<>()).add(c);
        }
        return map;
    }
}
