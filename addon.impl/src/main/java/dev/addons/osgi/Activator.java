package dev.addons.osgi;

import java.io.IOException;
import java.lang.System.Logger.Level;
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
import dev.addons.core.ModuleExtractor;
import dev.addons.core.RuntimeConfig;

/**
 * Starts the runtime: loads the native library from the addon.native fragment, starts the extender and offers
 * the bundle-scoped {@link AddonRuntime} service.
 */
public final class Activator implements BundleActivator {

    private static final System.Logger LOG = System.getLogger("dev.addons");

    private AddonRuntimeCore runtime;
    private AddonExtender extender;
    private ServiceRegistration<?> registration;
    private ServiceRegistration<AddonInspector> inspectorRegistration;
    private BundleListener cleaner;
    private ModuleExtractor extractor;
    private Thread shutdownHook;

    @Override
    public void start(BundleContext context) throws IOException {
        RuntimeConfig config = RuntimeConfig.fromProperty(context.getProperty(RuntimeConfig.ASYNC_WAIT_PROPERTY));
        try {
            runtime = new AddonRuntimeCore(config.withWorkDirectory(context.getDataFile("isolated").toPath()));
        } catch (IllegalStateException | LinkageError noLibrary) {
            // The framework reports the exception too, but not that a late fragment needs a refresh of this bundle.
            LOG.log(Level.ERROR, NativeLibraryDiagnosis.describe(context.getBundle(), noLibrary), noLibrary);
            throw noLibrary;
        }
        extractor = new ModuleExtractor(context.getDataFile("modules").toPath());
        extractor.clear(); // anything there is from an earlier run of the framework
        cleaner = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED) {
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
        inspectorRegistration = context.registerService(AddonInspector.class, runtime.inspector(), null);
    }

    @Override
    public void stop(BundleContext context) {
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
            runtime.closeAll(); // whatever is left, e.g. contexts of an embedder
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // stopped by the hook's own JVM shutdown: nothing to remove
            }
        }
    }

    /** For the console commands. */
    AddonExtender extender() {
        return extender;
    }

    AddonRuntimeCore runtime() {
        return runtime;
    }
}
