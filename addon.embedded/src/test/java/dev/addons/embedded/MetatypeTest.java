package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import dev.addons.core.ConversionLimits;
import dev.addons.core.RuntimeConfig;

/**
 * The runtime's settings are described for Metatype (addon.impl's OSGI-INF/metatype/dev.addons.runtime.xml), so
 * that consoles show them: Apache Felix Metatype finds the description of PID dev.addons.runtime in the runtime
 * bundle, with every setting the runtime reads and the defaults it applies.
 */
class MetatypeTest {

    private static final String PID = "dev.addons.runtime";
    private static final String METATYPE_SERVICE = "org.osgi.service.metatype.MetaTypeService";
    private static final String INFORMATION = "org.osgi.service.metatype.MetaTypeInformation";
    private static final String OCD = "org.osgi.service.metatype.ObjectClassDefinition";
    private static final String AD = "org.osgi.service.metatype.AttributeDefinition";
    private static final int ALL = -1; // ObjectClassDefinition.ALL

    @Test
    void theRuntimeDescribesItsSettingsWithTheirDefaults() throws Exception {
        Frameworks.assertNativeAccessFlag();
        // Felix Metatype imports the Log Service API: the class path's, as LogServiceTest does.
        Framework framework = Frameworks.launch(Frameworks.FELIX, "metatype", Map.of(
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                Frameworks.API_PACKAGE + ",org.osgi.service.log;version=1.4.0"));
        try {
            BundleContext system = framework.getBundleContext();
            Bundle metatype = Frameworks.install(system, "org.apache.felix.metatype");
            metatype.start();
            Bundle runtime = Frameworks.installRuntime(framework);

            ServiceReference<?> reference = system.getServiceReference(METATYPE_SERVICE);
            assertNotNull(reference, "Felix Metatype registers its service");
            Object service = system.getService(reference);
            Object information = IsolatedFramework.call(metatype.loadClass(METATYPE_SERVICE), service,
                    "getMetaTypeInformation", runtime);
            Class<?> informationType = metatype.loadClass(INFORMATION);
            String[] pids = (String[]) IsolatedFramework.call(informationType, information, "getPids");
            assertTrue(Arrays.asList(pids).contains(PID), "PIDs described by addon.impl: " + Arrays.toString(pids));

            Object ocd = IsolatedFramework.call(informationType, information, "getObjectClassDefinition", PID,
                    null);
            Object[] attributes = (Object[]) IsolatedFramework.call(metatype.loadClass(OCD), ocd,
                    "getAttributeDefinitions", ALL);
            Class<?> attributeType = metatype.loadClass(AD);
            Map<String, String> defaults = new LinkedHashMap<>();
            for (Object attribute : attributes) {
                String[] value = (String[]) IsolatedFramework.call(attributeType, attribute, "getDefaultValue");
                defaults.put((String) IsolatedFramework.call(attributeType, attribute, "getID"), value[0]);
            }
            assertEquals(Map.of(
                    RuntimeConfig.ASYNC_WAIT_PROPERTY, String.valueOf(RuntimeConfig.DEFAULT_ASYNC_WAIT_MILLIS),
                    RuntimeConfig.ASYNC_THREADS_PROPERTY, String.valueOf(RuntimeConfig.DEFAULT_ASYNC_THREADS),
                    RuntimeConfig.HOOK_WATCHDOG_PROPERTY, String.valueOf(RuntimeConfig.DEFAULT_HOOK_WATCHDOG_MILLIS),
                    ConversionLimits.MAX_DEPTH_PROPERTY, String.valueOf(ConversionLimits.DEFAULT_MAX_DEPTH),
                    ConversionLimits.MAX_VALUES_PROPERTY, String.valueOf(ConversionLimits.DEFAULT_MAX_VALUES)),
                    defaults, "every setting the runtime reads, with the default it applies");
        } finally {
            Frameworks.stopQuietly(framework);
        }
    }
}
