package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import dev.addons.api.AddonInspector;
import dev.addons.api.AddonLoadException;

/**
 * A bundle whose declared modules all fail is ACTIVE with an empty context: the failures must not stay a log line.
 * Each is posted as a FrameworkEvent.ERROR of the bundle, carrying the AddonLoadException, and listed by the
 * inspector while the bundle is active.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class FailedModulesTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    AddonInspector inspector;

    @Test
    void everyFailedModuleIsAFrameworkErrorOfItsBundleAndIsListedWhileTheBundleIsActive() throws Exception {
        Bundle bundle = Support.install(context, "itest:allbad", Support.addonBundle("itest.allbad",
                "broken;path=native/libthrowing_init.so,gone;path=native/libmissing.so", "throwing_init"));
        BlockingQueue<FrameworkEvent> errors = new LinkedBlockingQueue<>();
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.ERROR && event.getBundle() == bundle) {
                errors.add(event);
            }
        };
        context.addFrameworkListener(listener);
        long failuresBefore = inspector.counters().failures();
        try {
            bundle.start();
            assertEquals(Bundle.ACTIVE, bundle.getState());

            List<String> modules = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                FrameworkEvent event = errors.poll(10, TimeUnit.SECONDS); // delivered asynchronously
                assertNotNull(event, "FrameworkEvent.ERROR #" + (i + 1) + " of bundle itest.allbad");
                AddonLoadException error = assertInstanceOf(AddonLoadException.class, event.getThrowable());
                modules.add(error.module());
            }
            assertEquals(List.of("broken", "gone"), modules);

            String owner = "itest.allbad [" + bundle.getBundleId() + "]";
            List<AddonInspector.ModuleFailure> failed = inspector.failedModules().stream()
                    .filter(f -> f.owner().equals(owner)).toList();
            assertEquals(List.of("broken", "gone"), failed.stream().map(AddonInspector.ModuleFailure::module).toList());
            assertTrue(failed.get(0).message().contains("init refused: no licence"), failed.get(0).message());
            assertTrue(failed.get(1).message().contains("is not an entry of the bundle"), failed.get(1).message());
            assertEquals(List.of(List.of()), inspector.contexts().stream().filter(c -> c.owner().equals(owner))
                    .map(AddonInspector.ContextInfo::modules).toList(), "an empty context");
            assertEquals(failuresBefore + 2, inspector.counters().failures(), "each failure counted once");

            bundle.stop();
            assertEquals(List.of(), inspector.failedModules().stream().filter(f -> f.owner().equals(owner)).toList(),
                    "gone with the bundle's context");
        } finally {
            context.removeFrameworkListener(listener);
        }
    }
}
