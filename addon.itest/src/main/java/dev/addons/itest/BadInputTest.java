package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonRuntime;

/**
 * A bundle whose Addon-Module header names one bad module and one good one. The extender cannot veto the start:
 * the bundle is ACTIVE, the bad module has no service, the failure is recorded (AddonInspector's recent failures)
 * and logged, naming bundle, module and reason, and the good module of the same header is loaded and works, as does
 * everything else. A module with two clauses for this platform loads from the first and says so in a warning.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class BadInputTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    AddonRuntime runtime;

    @InjectService(timeout = 5000)
    AddonInspector inspector;

    static Stream<Arguments> badModules() {
        BundleContext any = FrameworkUtil.getBundle(BadInputTest.class).getBundleContext();
        return Stream.of(
                Arguments.of("missing file", "broken;path=native/libmissing.so", fixtures(),
                        "is not an entry of the bundle"),
                Arguments.of("no clause for this platform",
                        "broken;path=native/libvalues.so;osname=Linux;processor=" + Support.otherProcessor(any),
                        fixtures(), "no clause for this platform"),
                Arguments.of("not a loadable library", "broken;path=native/libnotalibrary.so",
                        fixtures("notalibrary"), "file too short for an ELF header: 24 bytes"),
                Arguments.of("truncated library", "broken;path=native/libtruncated.so",
                        Map.of("native/libtruncated.so", Arrays.copyOf(Support.fixture("values"), 3000)),
                        "extends beyond the end of the file (3000 bytes)"),
                Arguments.of("no init symbol", "broken;path=native/libnoinit.so", fixtures("noinit"),
                        "no init symbol"),
                Arguments.of("init that throws", "broken;path=native/libthrowing_init.so", fixtures("throwing_init"),
                        "init refused: no licence"),
                Arguments.of("init that fails", "broken;path=native/libfailing_init.so", fixtures("failing_init"),
                        "Invalid argument"),
                Arguments.of("path with ..", "broken;path=native/../native/libvalues.so", fixtures(),
                        "must not contain '.' or '..' segments"),
                Arguments.of("path with a wildcard", "broken;path=native/*.so", fixtures(),
                        "path 'native/*.so' contains '*': a path names one entry of the bundle, wildcards are not "
                                + "supported"),
                Arguments.of("Node-API version from the future", "broken;path=native/libfuture_version.so",
                        fixtures("future_version"), "built for Node-API version 10"));
    }

    /** The named fixtures as bundle entries native/lib&lt;name&gt;.so. */
    private static Map<String, byte[]> fixtures(String... names) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String name : names) {
            entries.put("native/lib" + name + ".so", Support.fixture(name));
        }
        return entries;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badModules")
    void badModuleIsLoggedAndSkippedWhileTheGoodOneLoads(String label, String badClause, Map<String, byte[]> entries,
            String reason) throws Exception {
        String header = badClause + ",values;path=native/libvalues.so";
        Map<String, byte[]> files = new LinkedHashMap<>(entries);
        files.putAll(fixtures("values"));
        Bundle bundle = Support.install(context, "itest:bad:" + label, Support.bundleJar("itest.bad",
                Map.of(AddonConstants.ADDON_MODULE_HEADER, header), files));
        Bundle bystander = Support.install(context, "itest:bystander",
                Support.addonBundle("itest.bystander", "values;path=native/libvalues.so", "values"));
        bystander.start();
        Addon bystanding = context.getService(Support.addonService(context, bystander, "values"));
        assertEquals(1L, ((Number) bystanding.call("count")).longValue());

        long failuresBefore = inspector.counters().failures();
        try (Support.LogCapture log = new Support.LogCapture()) {
            bundle.start();

            assertEquals(Bundle.ACTIVE, bundle.getState(), label + ": the extender does not veto the start");
            List<ServiceReference<?>> services = Support.addonServices(bundle);
            assertEquals(1, services.size(), label + ": only the good module has a service: " + services);
            assertEquals("values", services.get(0).getProperty(AddonConstants.SERVICE_MODULE));
            Addon values = context.getService(Support.addonService(context, bundle, "values"));
            assertEquals(5, values.call("add", 2, 3), label + ": the good module works");

            String expected = "bundle itest.bad [" + bundle.getBundleId() + "], addon module 'broken'";
            List<String> reasons = List.of(reason.split("\\|")); // alternatives: the wording is the dynamic loader's
            AddonInspector.LifecycleCounters counters = inspector.counters();
            assertEquals(failuresBefore + 1, counters.failures(), label + ": the failure is counted, once: "
                    + counters.recentFailures());
            assertEquals(1, counters.recentFailures().stream()
                    .filter(m -> m.contains(expected) && reasons.stream().anyMatch(m::contains)).count(),
                    label + ": expected one recorded failure with '" + expected + "' and '" + reason + "', got "
                            + counters.recentFailures());
            List<AddonInspector.ModuleFailure> failed = inspector.failedModules().stream()
                    .filter(f -> f.owner().equals("itest.bad [" + bundle.getBundleId() + "]")).toList();
            assertEquals(1, failed.size(), label + ": listed as a failed module: " + failed);
            assertEquals("broken", failed.get(0).module(), label);
            assertTrue(log.messages().stream()
                    .anyMatch(m -> m.contains(expected) && reasons.stream().anyMatch(m::contains)),
                    label + ": expected a log line with '" + expected + "' and '" + reason + "', got "
                            + log.messages());
            String owner = "itest.bad [" + bundle.getBundleId() + "]";
            List<List<String>> modules = inspector.contexts().stream().filter(c -> c.owner().equals(owner))
                    .map(AddonInspector.ContextInfo::modules).toList();
            assertEquals(List.of(List.of("values")), modules,
                    label + ": one context for the bundle, holding only the good module");
        }

        // The framework, the runtime and other addon bundles keep working.
        assertEquals(2L, ((Number) bystanding.call("count")).longValue(), label + ": another bundle's addon");
        AddonContext other = runtime.newContext("after " + label);
        try {
            assertEquals(AddonContext.State.OPEN, other.state());
            assertTrue(runtime.contexts().contains(other));
        } finally {
            other.close();
        }
        bundle.stop();
        assertEquals(Bundle.RESOLVED, bundle.getState());
        assertEquals(Bundle.ACTIVE, context.getBundle(0).getState());
    }

    /**
     * Two clauses of one module match this platform: the first is used, and the second is not ignored silently
     * but logged as a warning naming bundle, module and platform.
     */
    @Test
    void aSecondClauseForThisPlatformIsUsedNeverAndSaysSo() throws Exception {
        String header = "values;path=native/libvalues.so, values;path=native/libvalues-copy.so";
        Bundle bundle = Support.install(context, "itest:duplicate", Support.addonBundle("itest.duplicate", header,
                "values"));
        try (Support.LogCapture log = new Support.LogCapture()) {
            bundle.start();
            assertEquals(Bundle.ACTIVE, bundle.getState());
            Addon values = context.getService(Support.addonService(context, bundle, "values"));
            assertEquals(5, values.call("add", 2, 3), "loaded from the first clause");
            String platform = context.getProperty(Constants.FRAMEWORK_OS_NAME) + "/"
                    + context.getProperty(Constants.FRAMEWORK_PROCESSOR);
            String expected = "WARNING bundle itest.duplicate [" + bundle.getBundleId() + "], addon module 'values': "
                    + "2 clauses match this platform (" + platform + "); the first (path=native/libvalues.so) is "
                    + "used, ignored: path=native/libvalues-copy.so";
            assertTrue(log.messages().contains(expected), "expected '" + expected + "' in " + log.messages());
        }
        bundle.stop();
    }
}
