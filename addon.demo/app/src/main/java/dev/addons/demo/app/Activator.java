package dev.addons.demo.app;

import java.util.Arrays;
import java.util.Hashtable;
import java.util.concurrent.Callable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Hands the application to the bnd launcher: the launcher registers its command line as the service property
 * {@code launcher.arguments} (a {@code String[]}), and, once every run bundle has started, calls the
 * {@code Callable<Integer>} registered with {@code main.thread=true} on the JVM's main thread and exits with what it
 * returns (after stopping the framework).
 */
@org.osgi.annotation.bundle.Header(name = org.osgi.framework.Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {

    static final String LAUNCHER_ARGUMENTS = "launcher.arguments";

    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] launchers = context.getServiceReferences((String) null, "(" + LAUNCHER_ARGUMENTS + "=*)");
        if (launchers == null) {
            System.err.println("addon.demo.app: not started by the bnd launcher (no " + LAUNCHER_ARGUMENTS
                    + " service): nothing to run");
            return;
        }
        Object arguments = launchers[0].getProperty(LAUNCHER_ARGUMENTS);
        String[] args = arguments instanceof String[] a ? a : new String[0];
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("main.thread", "true");
        registration = context.registerService(Callable.class.getName(),
                new DemoApplication(context, Arrays.asList(args)), properties);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework
            }
        }
    }
}
