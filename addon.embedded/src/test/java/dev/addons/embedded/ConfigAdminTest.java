package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import dev.addons.api.Addon;
import dev.addons.api.AddonInspector;

/**
 * The runtime's settings through Configuration Admin (PID dev.addons.runtime), with Apache Felix Configuration
 * Admin: a lower conversion depth set there makes a call with deeper arguments fail with an error naming the
 * setting (issue 13: settings came from framework properties only, fixed at start).
 */
class ConfigAdminTest {

    private static final String PID = "dev.addons.runtime";
    private static final String MAX_DEPTH = "addon.convert.maxDepth";
    private static final String CONFIG_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String CONFIGURATION = "org.osgi.service.cm.Configuration";

    @Test
    void aConversionLimitSetInConfigurationAdminApplies() throws Exception {
        Frameworks.assertNativeAccessFlag();
        Framework framework = Frameworks.launch(Frameworks.FELIX, "config-admin", Map.of());
        try {
            BundleContext system = framework.getBundleContext();
            // Before addon.impl resolves, so that its optional import of org.osgi.service.cm is wired.
            Bundle configAdmin = Frameworks.install(system, "org.apache.felix.configadmin");
            configAdmin.start();
            Frameworks.installRuntime(framework);
            Frameworks.install(system, "addon.demo.instancedata").start();
            Addon addon = Frameworks.service(system, Addon.class, "(addon.module=multiple_load)");
            Object deep = List.of(List.of(List.of(1)));
            assertEquals(1, addon.call("increment", deep), "three levels: within the default limit");

            CountDownLatch applied = new CountDownLatch(1);
            ServiceListener inspectorChanged = event -> {
                if (event.getType() == ServiceEvent.MODIFIED
                        && Integer.valueOf(2).equals(event.getServiceReference().getProperty(MAX_DEPTH))) {
                    applied.countDown();
                }
            };
            system.addServiceListener(inspectorChanged, "(objectClass=" + AddonInspector.class.getName() + ")");
            update(system, configAdmin, Map.of(MAX_DEPTH, "2"));
            assertTrue(applied.await(30, TimeUnit.SECONDS), "the runtime shows " + MAX_DEPTH + "=2 on its "
                    + "AddonInspector service within 30 s");
            system.removeServiceListener(inspectorChanged);

            Exception tooDeep = assertThrows(Exception.class, () -> addon.call("increment", deep));
            assertTrue(tooDeep.getMessage().contains(MAX_DEPTH), tooDeep.getMessage());
            assertEquals(2, addon.call("increment", List.of(1)), "within the new limit");
        } finally {
            Frameworks.stopQuietly(framework);
        }
    }

    /** Updates the configuration {@value #PID} through the ConfigurationAdmin service (its API is the bundle's). */
    private static void update(BundleContext system, Bundle configAdmin, Map<String, String> values)
            throws Exception {
        ServiceReference<?> reference = system.getServiceReference(CONFIG_ADMIN);
        Object admin = system.getService(reference);
        Class<?> adminType = configAdmin.loadClass(CONFIG_ADMIN);
        Object configuration = IsolatedFramework.call(adminType, admin, "getConfiguration", PID, "?");
        IsolatedFramework.call(configAdmin.loadClass(CONFIGURATION), configuration, "update",
                new Hashtable<>(values));
        system.ungetService(reference);
    }
}
