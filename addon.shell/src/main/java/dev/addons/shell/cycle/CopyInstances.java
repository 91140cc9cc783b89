package dev.addons.shell.cycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;

/**
 * The module instances of a started copy, found through the {@link Addon} services it registered: their files and
 * contexts, and what the one call into each returned.
 */
final class CopyInstances {

    final List<String> files = new ArrayList<>();
    final List<Long> contextIds = new ArrayList<>();
    final List<ModuleCaller.Outcome> outcomes = new ArrayList<>();

    /** Finds the copy's Addon services and calls each once. */
    static CopyInstances callEach(BundleContext context, Bundle copy, ModuleCaller caller) {
        CopyInstances instances = new CopyInstances();
        ServiceReference<?>[] registered = copy.getRegisteredServices();
        for (ServiceReference<?> ref : registered == null ? new ServiceReference<?>[0] : registered) {
            if (!Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS)).contains(Addon.class.getName())) {
                continue;
            }
            instances.files.add(String.valueOf(ref.getProperty(AddonConstants.SERVICE_FILE)));
            Object id = ref.getProperty(AddonConstants.SERVICE_CONTEXT_ID);
            if (id instanceof Number n) {
                instances.contextIds.add(n.longValue());
            }
            Addon addon = (Addon) context.getService(ref);
            if (addon != null) {
                try {
                    instances.outcomes.add(caller.callOnce(addon));
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        return instances;
    }
}
