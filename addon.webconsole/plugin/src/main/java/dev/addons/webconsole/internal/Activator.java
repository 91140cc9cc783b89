package dev.addons.webconsole.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Supplier;

import org.apache.felix.inventory.InventoryPrinter;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import dev.addons.api.AddonInspector;

import jakarta.servlet.Servlet;

/**
 * Registers the Web Console plugin (if the console's servlet API is wired) and the inventory printer (if the Felix
 * Inventory API is wired). Both read the highest-ranked {@link AddonInspector} at each request, so they follow the
 * runtime bundle coming and going without re-registering.
 */
@org.osgi.annotation.bundle.Header(name = org.osgi.framework.Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {

    private static final System.Logger LOG = System.getLogger("dev.addons");

    private ServiceTracker<AddonInspector, AddonInspector> inspectors;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        inspectors = new ServiceTracker<>(context, AddonInspector.class, null);
        inspectors.open();
        Supplier<AddonInspector> inspector = inspectors::getService;

        // The imports of both APIs are optional: a missing one shows up here as NoClassDefFoundError.
        try {
            registrations.add(WebConsoleSupport.register(context, inspector));
        } catch (NoClassDefFoundError e) {
            LOG.log(Level.INFO, "Felix Web Console (jakarta servlet) API not wired: no Addons page ({0})",
                    e.getMessage());
        }
        try {
            registrations.add(InventorySupport.register(context, inspector));
        } catch (NoClassDefFoundError e) {
            LOG.log(Level.INFO, "Felix Inventory API not wired: no addons inventory printer ({0})",
                    e.getMessage());
        }
    }

    @Override
    public void stop(BundleContext context) {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework already
            }
        }
        registrations.clear();
        inspectors.close();
    }

    /** Touches the console's classes only when called. */
    private static final class WebConsoleSupport {
        static ServiceRegistration<?> register(BundleContext context, Supplier<AddonInspector> inspector) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(ServletConstants.PLUGIN_LABEL, AddonsPlugin.LABEL);
            props.put(ServletConstants.PLUGIN_TITLE, AddonsPlugin.TITLE);
            props.put(ServletConstants.PLUGIN_CATEGORY, AddonsPlugin.CATEGORY);
            return context.registerService(Servlet.class, new AddonsPlugin(inspector), props);
        }
    }

    /** Touches the inventory's classes only when called. */
    private static final class InventorySupport {
        static ServiceRegistration<?> register(BundleContext context, Supplier<AddonInspector> inspector) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(InventoryPrinter.NAME, AddonsPrinter.NAME);
            props.put(InventoryPrinter.TITLE, AddonsPrinter.TITLE);
            props.put(InventoryPrinter.FORMAT, new String[] {"TEXT", "JSON"});
            return context.registerService(InventoryPrinter.class,
                    new AddonsPrinter(inspector), props);
        }
    }
}
