package dev.addons.osgi;

import java.util.ResourceBundle;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import dev.addons.core.RuntimeLog;

/**
 * The runtime's log in a framework: the OSGi Log Service's {@code LoggerFactory} (Log Service 1.4) while one is
 * registered, with the runtime bundle's own logger, so that Karaf (pax-logging), Felix Log and the web consoles show
 * the messages as addon.impl's; System.Logger ("dev.addons", java.util.logging) otherwise.
 *
 * <p>The import of {@code org.osgi.service.log} is optional: without it wired, no tracker is opened and
 * {@link LogServiceLogger}, the only class that names the Log Service API, is never loaded.
 */
final class OsgiLog implements System.Logger, AutoCloseable {

    static final String LOGGER_FACTORY = "org.osgi.service.log.LoggerFactory";

    /**
     * Framework property: {@code system} keeps the runtime's log on {@code System.getLogger("dev.addons")} even
     * where a Log Service runs (e.g. to keep one log for a test that reads java.util.logging in Equinox, whose
     * framework has a Log Service of its own).
     */
    static final String LOG_PROPERTY = "addon.log";

    private final System.Logger fallback = System.getLogger(RuntimeLog.NAME);
    /** Null when the Log Service package is not wired to addon.impl. */
    private final ServiceTracker<Object, System.Logger> tracker;

    private OsgiLog(ServiceTracker<Object, System.Logger> tracker) {
        this.tracker = tracker;
    }

    /** Starts following the LoggerFactory services visible to {@code context} (if the package is wired). */
    static OsgiLog open(BundleContext context) {
        if (!Activator.classVisible(LOGGER_FACTORY) || "system".equals(context.getProperty(LOG_PROPERTY))) {
            return new OsgiLog(null);
        }
        ServiceTracker<Object, System.Logger> tracker = new ServiceTracker<>(context, LOGGER_FACTORY,
                new ServiceTrackerCustomizer<Object, System.Logger>() {
                    @Override
                    public System.Logger addingService(ServiceReference<Object> reference) {
                        Object factory = context.getService(reference);
                        return factory == null ? null : LogServiceLogger.of(factory);
                    }

                    @Override
                    public void modifiedService(ServiceReference<Object> reference, System.Logger logger) {
                        // nothing to follow: the logger does not depend on the service's properties
                    }

                    @Override
                    public void removedService(ServiceReference<Object> reference, System.Logger logger) {
                        context.ungetService(reference);
                    }
                });
        tracker.open();
        return new OsgiLog(tracker);
    }

    /** The Log Service's logger (the highest ranked LoggerFactory) or the fallback. */
    private System.Logger current() {
        System.Logger logger = tracker == null ? null : tracker.getService();
        return logger == null ? fallback : logger;
    }

    @Override
    public String getName() {
        return RuntimeLog.NAME;
    }

    @Override
    public boolean isLoggable(Level level) {
        return current().isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        current().log(level, bundle, message, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        current().log(level, bundle, format, params);
    }

    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
    }
}
