package dev.addons.webconsole.guard;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import jakarta.servlet.Filter;

/**
 * Registers {@link SameOriginFilter} with the HTTP (Servlet) Whiteboard on the Apache Felix Web Console's servlet
 * context, so that it sees every request under the console's root ({@code /system/console} by default), whatever
 * plugin serves it. The console itself (5.0.x) has no protection against cross-site requests: a page of another
 * site could otherwise make a logged-in browser install, start or stop bundles.
 */
@org.osgi.annotation.bundle.Header(name = org.osgi.framework.Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {

    /** The name the Web Console 5 gives its ServletContextHelper (OsgiManager). */
    static final String WEBCONSOLE_CONTEXT = "org.apache.felix.webconsole";

    private ServiceRegistration<Filter> registration;

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.filter.name", "addon.webconsole.guard");
        props.put("osgi.http.whiteboard.filter.pattern", "/*");
        props.put("osgi.http.whiteboard.context.select",
                "(osgi.http.whiteboard.context.name=" + WEBCONSOLE_CONTEXT + ")");
        // First among the context's filters: nothing else handles a request the guard refuses.
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        registration = context.registerService(Filter.class, new SameOriginFilter(), props);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework already
            }
            registration = null;
        }
    }
}
