package dev.addons.osgi;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.addons.api.AddonInspector;
import dev.addons.api.AddonRuntime;
import dev.addons.core.AddonRuntimeCore;
import dev.addons.core.ConversionLimits;
import dev.addons.core.ModuleExtractor;
import dev.addons.core.RuntimeConfig;
import dev.addons.core.RuntimeLog;

/**
 * Starts the runtime: loads the native library from the addon.native fragment, starts the extender and offers
 * the bundle-scoped {@link AddonRuntime} service.
 */
@org.osgi.annotation.bundle.Header(name = org.osgi.framework.Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {

    private static final System.Logger LOG = RuntimeLog.logger();

    private AddonRuntimeCore runtime;
    private AddonExtender extender;
    private ServiceRegistration<?> registration;
    private ServiceRegistration<AddonInspector> inspectorRegistration;
    private BundleListener cleaner;
    private ModuleExtractor extractor;
    private Thread shutdownHook;
    private OsgiLog log;
    private ServiceRegistration<?> settingsRegistration;
    private volatile boolean active;

    @Override
    public void start(BundleContext context) throws IOException {
        try {
            open(context);
        } catch (IOException | RuntimeException | Error e) {
            // The framework does not call stop() after a failed start: undo here, or the shutdown hook installed so
            // far would keep this bundle's class loader (and its copy of the JNI library) for good, and the data
            // area would stay locked.
            try {
                stop(context);
            } catch (RuntimeException undoFailed) {
                e.addSuppressed(undoFailed);
            }
            throw e;
        }
    }

    private void open(BundleContext context) throws IOException {
        // First: the messages of everything below go to the Log Service when there is one (docs/containers.md).
        log = OsgiLog.open(context);
        RuntimeLog.sendTo(log);
        RuntimeConfig config = RuntimeConfig.fromProperties(context::getProperty);
        File data = context.getDataFile("");
        // Without file system support in the framework, a directory of our own (rare: Felix and Equinox have one).
        Path dataArea = data != null ? data.toPath() : Files.createTempDirectory("addon-runtime-");
        // The data area is locked and emptied here: whatever an earlier run left is stale (docs/storage.md).
        try {
            runtime = new AddonRuntimeCore(config.withWorkDirectory(dataArea));
        } catch (IllegalStateException | LinkageError noLibrary) {
            // The framework reports the exception too, but not that a late fragment needs a refresh of this bundle.
            LOG.log(Level.ERROR, NativeLibraryDiagnosis.describe(context.getBundle(), noLibrary), noLibrary);
            throw noLibrary;
        }
        extractor = runtime.extractor();
        active = true;
        cleaner = event -> {
            // Asynchronous: an UNINSTALLED event may arrive after this activation stopped, while the next one starts.
            if (event.getType() == BundleEvent.UNINSTALLED && active) {
                try {
                    extractor.forget(event.getBundle().getBundleId());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot delete the extracted modules of bundle "
                            + event.getBundle().getBundleId() + ": " + e);
                }
            }
        };
        context.addBundleListener(cleaner);
        // A launcher that exits on SIGTERM without stopping the framework would otherwise skip hooks and finalizers.
        shutdownHook = runtime.closeOnShutdown();
        extender = new AddonExtender(context, runtime, extractor);
        extender.open();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_DESCRIPTION, "Context-aware native addon runtime");
        registration = context.registerService(AddonRuntime.class.getName(), new RuntimeServiceFactory(runtime),
                properties);
        inspectorRegistration = context.registerService(AddonInspector.class, runtime.inspector(),
                settingsProperties(runtime.config()));
        if (classVisible("org.osgi.service.cm.ManagedService")) {
            // Only here is ManagedSettings (which implements ManagedService) loaded: the import is optional.
            settingsRegistration = ManagedSettings.register(context, this::applySettings);
        }
    }

    /**
     * Settings from Configuration Admin (its thread): the runtime takes them for what it does next, and the
     * AddonInspector service shows them as properties, so that consoles and tests see when they are in effect.
     */
    private void applySettings(RuntimeConfig settings) {
        AddonRuntimeCore current = runtime;
        ServiceRegistration<AddonInspector> inspector = inspectorRegistration;
        if (!active || current == null) {
            return;
        }
        current.reconfigure(settings);
        LOG.log(Level.INFO, "addon runtime settings: " + settingsProperties(current.config()));
        try {
            inspector.setProperties(settingsProperties(current.config()));
        } catch (IllegalStateException stopping) {
            // unregistered by stop() meanwhile
        }
    }

    private static Hashtable<String, Object> settingsProperties(RuntimeConfig config) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(RuntimeConfig.ASYNC_WAIT_PROPERTY, config.asyncWaitMillis());
        properties.put(RuntimeConfig.HOOK_WATCHDOG_PROPERTY, config.hookWatchdogMillis());
        properties.put(ConversionLimits.MAX_DEPTH_PROPERTY, config.conversion().maxDepth());
        properties.put(ConversionLimits.MAX_VALUES_PROPERTY, config.conversion().maxValues());
        return properties;
    }

    /** Whether this bundle's class loader sees {@code className} (an optional import resolved). */
    static boolean classVisible(String className) {
        try {
            Class.forName(className, false, Activator.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void stop(BundleContext context) {
        active = false;
        try {
            if (settingsRegistration != null) {
                settingsRegistration.unregister();
                settingsRegistration = null;
            }
            if (inspectorRegistration != null) {
                inspectorRegistration.unregister();
            }
            if (registration != null) {
                registration.unregister(); // consumers' views are released, closing their contexts
            }
            if (extender != null) {
                extender.close(); // closes every addon bundle's context
            }
            if (cleaner != null) {
                context.removeBundleListener(cleaner);
            }
            if (runtime != null) {
                runtime.close(); // whatever is left, e.g. contexts of an embedder; then unlocks the data area
            }
        } finally {
            // Whatever failed above: the hook is a JVM-wide root of the runtime, and through it of this bundle's
            // class loader; left registered it would pin both across every refresh (docs/runtime-refresh.md).
            removeShutdownHook();
            RuntimeLog.sendTo(null); // the shutdown hook or a late listener may still log: to System.Logger then
            if (log != null) {
                log.close();
                log = null;
            }
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // stopped by the hook's own JVM shutdown: nothing to remove
        }
        shutdownHook = null;
    }
}
