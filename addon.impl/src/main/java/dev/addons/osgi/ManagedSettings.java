package dev.addons.osgi;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedService;

import dev.addons.core.RuntimeConfig;

/**
 * The runtime's settings from Configuration Admin, PID {@value #PID}: each property of the configuration
 * ({@code addon.async.cleanup.timeout.ms}, {@code addon.async.threads}, {@code addon.cleanup.watchdog.ms},
 * {@code addon.convert.maxDepth},
 * {@code addon.convert.maxValues}) overrides the framework property of the same name; without a configuration, the
 * framework properties alone. Loaded only when addon.impl's optional import of {@code org.osgi.service.cm} is wired
 * ({@link Activator#classVisible}).
 */
final class ManagedSettings implements ManagedService {

    static final String PID = "dev.addons.runtime";
    static final String MANAGED_SERVICE = "org.osgi.service.cm.ManagedService";

    private final BundleContext context;
    private final Consumer<RuntimeConfig> apply;

    private ManagedSettings(BundleContext context, Consumer<RuntimeConfig> apply) {
        this.context = context;
        this.apply = apply;
    }

    /** Registers the ManagedService; {@code apply} gets the settings whenever Configuration Admin delivers them. */
    static ServiceRegistration<?> register(BundleContext context, Consumer<RuntimeConfig> apply) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, PID);
        properties.put(Constants.SERVICE_DESCRIPTION, "Settings of the addon runtime");
        return context.registerService(MANAGED_SERVICE, new ManagedSettings(context, apply), properties);
    }

    @Override
    public void updated(Dictionary<String, ?> configuration) throws ConfigurationException {
        RuntimeConfig settings;
        try {
            settings = RuntimeConfig.fromProperties(name -> {
                Object value = configuration == null ? null : configuration.get(name);
                return value != null ? String.valueOf(value) : context.getProperty(name);
            });
        } catch (IllegalArgumentException e) {
            // Configuration Admin logs it naming the PID; the settings in effect stay.
            throw new ConfigurationException(null, "configuration " + PID + " of bundle "
                    + context.getBundle().getSymbolicName() + ": " + e.getMessage(), e);
        }
        apply.accept(settings);
    }
}
