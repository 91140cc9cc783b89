package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonRuntime;

/** The instance-data demo bundle, and contexts of one addon that must not share instance data. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class InstanceDataTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    AddonRuntime runtime;

    private Addon startDemo(Bundle demo) throws Exception {
        demo.start();
        assertEquals(Bundle.ACTIVE, demo.getState());
        Collection<ServiceReference<Addon>> refs = context.getServiceReferences(Addon.class,
                "(" + AddonConstants.SERVICE_MODULE + "=multiple_load)");
        assertEquals(1, refs.size(), "one multiple_load service: " + refs);
        ServiceReference<Addon> ref = refs.iterator().next();
        assertEquals(demo, ref.getBundle(), "registered by the demo bundle itself");
        return context.getService(ref);
    }

    @Test
    void demoBundleCountsInItsOwnContext() throws Exception {
        Bundle demo = Support.installEmbedded(context, Support.INSTANCE_DATA_JAR);
        assertEquals("addon.demo.instancedata", demo.getSymbolicName());
        Addon addon = startDemo(demo);

        assertEquals(1, addon.call("increment"));
        assertEquals(2, addon.call("increment"));
        assertEquals(3, addon.call("increment"));
        assertEquals(2, addon.call("decrement"));

        demo.stop();
        assertEquals(AddonContext.State.CLOSED, addon.context().state());
        assertTrue(Support.addonServices(demo).isEmpty());

        // A new activation is a new context: fresh instance data.
        Addon again = startDemo(demo);
        assertNotEquals(addon.context().id(), again.context().id());
        assertEquals(1, again.call("increment"));
    }

    @Test
    void aSecondContextOfTheSameFileHasItsOwnInstanceData() throws Exception {
        Bundle demo = Support.installEmbedded(context, Support.INSTANCE_DATA_JAR);
        Addon bundleOwned = startDemo(demo);
        assertEquals(1, bundleOwned.call("increment"));
        assertEquals(2, bundleOwned.call("increment"));

        // Same file (one mapping, shared), another context: a Worker in Node terms.
        AddonContext worker = runtime.newContext("worker");
        try {
            Addon workers = worker.load(bundleOwned.spec());
            assertEquals(bundleOwned.spec().file(), workers.spec().file());
            assertNotEquals(bundleOwned.context().id(), worker.id());

            assertEquals(1, workers.call("increment"));
            assertEquals(3, bundleOwned.call("increment"));
            assertEquals(0, workers.call("decrement"));
            assertEquals(2, bundleOwned.call("decrement"));
            assertEquals(1, workers.call("increment"));

            // Stopping the bundle closes its context only.
            demo.stop();
            assertEquals(AddonContext.State.CLOSED, bundleOwned.context().state());
            assertThrows(IllegalStateException.class, () -> bundleOwned.call("increment"));
            assertEquals(AddonContext.State.OPEN, worker.state());
            assertTrue(Support.isMapped(workers.spec().file()), "still used by the worker context");
            assertEquals(2, workers.call("increment"));
        } finally {
            worker.close();
        }
        assertTrue(!Support.isMapped(bundleOwned.spec().file()), "unmapped with the last context");
    }

    @Test
    void twoBundlesDeclaringTheSameModuleCountSeparately() throws Exception {
        String header = "values;path=native/libvalues.so";
        Bundle a = Support.install(context, "itest:values-a", Support.addonBundle("itest.values.a", header, "values"));
        Bundle b = Support.install(context, "itest:values-b", Support.addonBundle("itest.values.b", header, "values"));
        a.start();
        b.start();
        ServiceReference<Addon> refA = Support.addonService(context, a, "values");
        ServiceReference<Addon> refB = Support.addonService(context, b, "values");
        assertNotEquals(refA.getProperty(AddonConstants.SERVICE_CONTEXT_ID),
                refB.getProperty(AddonConstants.SERVICE_CONTEXT_ID));
        Addon valuesA = context.getService(refA);
        Addon valuesB = context.getService(refB);

        assertEquals(1L, ((Number) valuesA.call("count")).longValue());
        assertEquals(2L, ((Number) valuesA.call("count")).longValue());
        assertEquals(3L, ((Number) valuesA.call("count")).longValue());
        assertEquals(1L, ((Number) valuesB.call("count")).longValue());
        a.stop();
        assertEquals(2L, ((Number) valuesB.call("count")).longValue());
    }
}
