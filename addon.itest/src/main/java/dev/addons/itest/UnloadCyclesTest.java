package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import dev.addons.api.Addon;

/** Install, start, call, stop, uninstall, refresh, a hundred times: nothing stays mapped or on disk. */
@ExtendWith(BundleContextExtension.class)
class UnloadCyclesTest {

    private static final int CYCLES = 100;

    @InjectBundleContext
    BundleContext context;

    @Test
    void hundredCyclesLeaveNothingMappedOrExtracted() throws Exception {
        byte[] jar = Support.addonBundle("itest.cycles", "values;path=native/libvalues.so", "values");
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < CYCLES; i++) {
            String cycle = "cycle " + i;
            Bundle bundle = Support.install(context, "itest:cycles", jar);
            bundle.start();
            ServiceReference<Addon> ref = Support.addonService(context, bundle, "values");
            Path module = Support.file(ref);
            assertTrue(seen.add(module), cycle + ": each installation extracts its own file: " + module);
            assertTrue(Files.isRegularFile(module), cycle + ": extracted to " + module);
            assertTrue(Support.isMapped(module), cycle + ": mapped while the bundle is active");
            Addon values = context.getService(ref);
            assertEquals(i + 2, values.call("add", i, 2), cycle);
            assertEquals(1L, ((Number) values.call("count")).longValue(), cycle + ": fresh instance data");
            context.ungetService(ref);

            bundle.stop();
            assertFalse(Support.isMapped(module), cycle + ": unmapped once stop() returns");
            bundle.uninstall();
            Support.refresh(context, List.of(bundle));

            assertFalse(Support.isMapped(module), cycle + ": not mapped after uninstall and refresh");
            // The runtime deletes <data area>/modules/<bundle id> on UNINSTALLED (an asynchronous event).
            Path bundleDir = module.getParent().getParent();
            assertEquals(Long.toString(bundle.getBundleId()), bundleDir.getFileName().toString(), module.toString());
            Support.eventually(5000, () -> !Files.exists(bundleDir),
                    cycle + ": " + bundleDir + " deleted after uninstall");
        }
        assertEquals(CYCLES, seen.size());
    }
}
