package ${package}.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonInspector;

import ${package}.Counter;

/**
 * Runs in Apache Felix (test.bndrun), in a bundle of its own: the addon bundle started, called through its
 * interface, stopped. (A package of its own too: a package the tests bundle contained would hide the addon's.)
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class AddonIT {

    static final String MODULE = "${artifactId}";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    AddonInspector inspector;

    @Test
    void startCallStop() throws Exception {
        Bundle addonBundle = FrameworkUtil.getBundle(Counter.class);
        addonBundle.stop();
        assertNull(addonService(), "no Addon service while the bundle is stopped");

        addonBundle.start();
        ServiceReference<Addon> ref = addonService();
        assertNotNull(ref, "the runtime registers the Addon service of module " + MODULE + " on start");
        Counter counter = context.getService(ref).bind(Counter.class);
        assertEquals(1, counter.count());
        assertEquals(2, counter.count(), "instance data lives as long as the context");

        long hooksBefore = inspector.counters().hooksRun();
        addonBundle.stop();
        assertEquals(1, inspector.counters().hooksRun() - hooksBefore, "the cleanup hook ran on stop");
        assertNull(addonService(), "the Addon service is gone");

        addonBundle.start();
        Counter again = context.getService(addonService()).bind(Counter.class);
        assertEquals(1, again.count(), "a new context, new instance data");
    }

    private ServiceReference<Addon> addonService() throws Exception {
        var refs = context.getServiceReferences(Addon.class, "(" + AddonConstants.SERVICE_MODULE + "=" + MODULE + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
    }
}
