package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;

import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonRuntime;

/**
 * Context ids are unique across restarts and refreshes of addon.impl in one framework (issue 13: they started at 1
 * again after a refresh, so that the id in a log line or a console named two different contexts).
 */
class ContextIdsAcrossRestartsTest {

    private static final String MULTIPLE_LOAD = "multiple_load";

    /** The framework of this execution (Felix by default, Equinox in the equinox execution): nothing skipped. */
    static Stream<String> implementations() {
        return SeveralFrameworksTest.implementations();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void idsNeverRepeatAcrossRestartsAndRefreshesOfTheRuntime(String kind) throws Exception {
        Frameworks.assertNativeAccessFlag();
        Framework framework = Frameworks.launch(kind, "context-ids-" + Frameworks.label(kind), Map.of());
        try {
            BundleContext system = framework.getBundleContext();
            Bundle impl = Frameworks.installRuntime(framework);
            Frameworks.install(system, "addon.demo.instancedata").start();
            List<Long> ids = new ArrayList<>();
            ids.add(addonContextId(system));
            ids.add(ownContextId(system));

            impl.stop();
            impl.start();
            ids.add(addonContextId(system));
            ids.add(ownContextId(system));

            Frameworks.refresh(system, impl);
            assertEquals(Bundle.ACTIVE, impl.getState(), "addon.impl after the refresh");
            ids.add(addonContextId(system));
            ids.add(ownContextId(system));

            for (int i = 1; i < ids.size(); i++) {
                assertTrue(ids.get(i) > ids.get(i - 1), "context ids in order of creation, across a restart and "
                        + "a refresh of addon.impl: " + ids);
            }
        } finally {
            Frameworks.stopQuietly(framework);
        }
    }

    /** The context id of the addon bundle's multiple_load service (a context the extender opened). */
    private static long addonContextId(BundleContext system) {
        return (Long) Frameworks.addonReference(system, MULTIPLE_LOAD).getProperty(AddonConstants.SERVICE_CONTEXT_ID);
    }

    /** The id of a context a consumer of the AddonRuntime service opens (and closes). */
    private static long ownContextId(BundleContext system) {
        var reference = Frameworks.reference(system, AddonRuntime.class, null);
        try (AddonContext context = system.getService(reference).newContext("ids")) {
            return context.id();
        } finally {
            system.ungetService(reference);
        }
    }

}
