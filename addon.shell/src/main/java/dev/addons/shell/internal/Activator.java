package dev.addons.shell.internal;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** Offers the {@code addon:*} commands to any Gogo shell in the framework. */
@org.osgi.annotation.bundle.Header(name = org.osgi.framework.Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {

    private ServiceRegistration<Object> registration;

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", AddonCommands.SCOPE);
        properties.put("osgi.command.function", AddonCommands.FUNCTIONS);
        properties.put(Constants.SERVICE_DESCRIPTION, "Console commands of the addon runtime");
        registration = context.registerService(Object.class, new AddonCommands(context), properties);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
        }
    }
}
