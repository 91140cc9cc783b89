package dev.addons.osgi;

import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.AllServiceListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceRegistration;

import dev.addons.core.RuntimeLog;

/**
 * Posts a {@link FrameworkEvent#ERROR} that names an addon bundle and carries the error, so that containers and
 * management agents listening for framework errors see a bundle that is ACTIVE although its modules failed.
 *
 * <p>The framework API has no call to publish a framework event. What the Core specification does require (Events,
 * "Delivering events"), and Felix and Equinox do, is that when a listener throws, the framework publishes a
 * FrameworkEvent.ERROR naming the bundle that registered the listener, with the exception. So a one-shot listener is
 * registered through the addon bundle's own context and throws the error when a marker service, registered only for
 * this, appears; both are gone again before this returns. The framework also logs the exception as a dispatch error.
 */
final class FrameworkErrors {

    private static final System.Logger LOG = RuntimeLog.logger();

    /** The marker service's property; its value tells one posting from another. */
    static final String MARKER_PROPERTY = "addon.framework.error";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private FrameworkErrors() {
    }

    /** The interface the marker is registered under: private to this bundle, so nobody else tracks it. */
    interface Marker {
    }

    /**
     * Posts the event; answers false if it could not (the bundle has no context: it is not starting, active or
     * stopping).
     *
     * @param own the runtime bundle's context, which registers the marker
     */
    static boolean post(BundleContext own, Bundle bundle, RuntimeException error) {
        BundleContext target;
        try {
            target = bundle.getBundleContext();
        } catch (SecurityException e) {
            target = null;
        }
        if (target == null) {
            return false;
        }
        String id = Long.toString(SEQUENCE.incrementAndGet());
        Thrower thrower = new Thrower(error);
        try {
            target.addServiceListener(thrower, "(" + MARKER_PROPERTY + "=" + id + ")");
        } catch (InvalidSyntaxException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "cannot post a framework error for bundle " + AddonExtender.bundleName(bundle), e);
            return false;
        }
        try {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(MARKER_PROPERTY, id);
            properties.put(Constants.SERVICE_DESCRIPTION, "carries an addon error to framework listeners");
            ServiceRegistration<Marker> marker = own.registerService(Marker.class, new Marker() {
            }, properties);
            marker.unregister();
        } finally {
            try {
                target.removeServiceListener(thrower);
            } catch (IllegalStateException stopped) {
                // the bundle's context went away meanwhile: its listeners went with it
            }
        }
        return thrower.thrown;
    }

    /** Throws the error once, when the marker is registered. All services: no class-space check for the marker. */
    private static final class Thrower implements AllServiceListener {
        private final RuntimeException error;
        private volatile boolean thrown;

        Thrower(RuntimeException error) {
            this.error = error;
        }

        @Override
        public void serviceChanged(ServiceEvent event) {
            if (event.getType() == ServiceEvent.REGISTERED && !thrown) {
                thrown = true;
                throw error;
            }
        }
    }
}
