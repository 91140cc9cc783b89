package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;

/**
 * A module that registers with napi_module_register from a library constructor: the constructor only runs when
 * the library is mapped, so the second start (after stop unmapped it) must still find the registration.
 */
@ExtendWith(BundleContextExtension.class)
class LegacyRegistrationTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void legacyModuleWorksAcrossStartStopCycles() throws Exception {
        Bundle bundle = Support.install(context, "itest:legacy",
                Support.addonBundle("itest.legacy", "legacy;path=native/liblegacy.so", "legacy"));
        Set<Object> contextIds = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            bundle.start();
            ServiceReference<Addon> ref = Support.addonService(context, bundle, "legacy");
            assertTrue(contextIds.add(ref.getProperty(AddonConstants.SERVICE_CONTEXT_ID)), "a new context each time");
            Path module = Support.file(ref);
            Addon legacy = context.getService(ref);
            assertTrue(legacy.exportNames().contains("hello"), "exports: " + legacy.exportNames());
            assertEquals("hello from a legacy module", legacy.call("hello"), "start " + (i + 1));
            context.ungetService(ref);
            bundle.stop();
            assertFalse(Support.isMapped(module), "unmapped after stop " + (i + 1));
        }
    }
}
