package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonRuntime;
import dev.addons.api.ModuleSpec;

/** The AddonRuntime service is bundle-scoped: each consumer sees its own contexts, closed when it lets go. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class RuntimeServiceScopeTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    AddonRuntime runtime;

    private Path extractedValues() throws Exception {
        Path file = context.getDataFile("fixtures/libvalues.so").toPath();
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.write(file, Support.fixture("values"));
        }
        return file;
    }

    @Test
    void stoppingTheConsumerClosesTheContextsItCreated() throws Exception {
        Path values = extractedValues();
        // A consumer bundle with no code of its own: the test acts for it through its BundleContext.
        Bundle consumer = Support.install(context, "itest:consumer", Support.bundleJar("itest.consumer",
                Map.of(Constants.IMPORT_PACKAGE, "dev.addons.api"), Map.of()));
        consumer.start();
        BundleContext consumerContext = consumer.getBundleContext();
        ServiceReference<AddonRuntime> ref = consumerContext.getServiceReference(AddonRuntime.class);
        assertNotNull(ref, "AddonRuntime service");
        assertEquals(Constants.SCOPE_BUNDLE, ref.getProperty(Constants.SERVICE_SCOPE));
        AddonRuntime consumersRuntime = consumerContext.getService(ref);
        assertNotSame(runtime, consumersRuntime, "each bundle gets its own view");

        AddonContext theirs = consumersRuntime.newContext("consumer's");
        Addon theirValues = theirs.load(ModuleSpec.of("values", values));
        AddonContext mine = runtime.newContext("mine");
        try {
            Addon myValues = mine.load(ModuleSpec.of("values", values));
            assertTrue(consumersRuntime.contexts().contains(theirs));
            assertFalse(consumersRuntime.contexts().contains(mine), "a view shows only its own contexts");
            assertFalse(runtime.contexts().contains(theirs), "a view shows only its own contexts");

            assertEquals(1L, ((Number) theirValues.call("count")).longValue());
            assertEquals(2L, ((Number) theirValues.call("count")).longValue());
            assertEquals(1L, ((Number) myValues.call("count")).longValue());

            consumer.stop(); // the framework releases the consumer's services: ungetService closes its contexts

            assertEquals(AddonContext.State.CLOSED, theirs.state());
            assertThrows(IllegalStateException.class, () -> theirValues.call("count"));
            assertThrows(IllegalStateException.class, () -> consumersRuntime.newContext("too late"));
            assertEquals(AddonContext.State.OPEN, mine.state(), "another bundle's context is untouched");
            assertEquals(2L, ((Number) myValues.call("count")).longValue());
            assertTrue(Support.isMapped(values), "still used by my context");
        } finally {
            mine.close();
        }
        assertFalse(Support.isMapped(values), "unmapped with the last context");
    }
}
