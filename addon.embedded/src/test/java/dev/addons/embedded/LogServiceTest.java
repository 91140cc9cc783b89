package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import dev.addons.api.AddonConstants;

/**
 * With an OSGi Log Service (a LoggerFactory service) in the framework, the runtime's messages go through it, as the
 * runtime bundle's (issue 13: all went to java.util.logging, so Karaf's log showed no bundle for them). The
 * LoggerFactory here is the test's own: a service factory, as a Log Service implementation is, recording which
 * bundle logged what.
 */
class LogServiceTest {

    /** One call of a Logger method: the bundle that got the LoggerFactory, the method, the arguments. */
    record Entry(String bundle, String method, List<Object> arguments) {
    }

    @Test
    void theMessageForABadAddonBundleGoesToTheLogServiceAsTheRuntimeBundles() throws Exception {
        Frameworks.assertNativeAccessFlag();
        Framework framework = Frameworks.launch(Frameworks.FELIX, "log-service", Map.of(
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                Frameworks.API_PACKAGE + ",org.osgi.service.log;version=1.4.0"));
        try {
            BundleContext system = framework.getBundleContext();
            List<Entry> entries = new CopyOnWriteArrayList<>();
            ServiceRegistration<?> logService = system.registerService(LoggerFactory.class.getName(),
                    new RecordingLogService(entries), null);
            Bundle impl = Frameworks.installRuntime(framework);
            Bundle broken = system.installBundle("log-service:broken", brokenAddonBundle());
            broken.start();

            String expected = "bundle log.service.broken [" + broken.getBundleId()
                    + "], addon module 'broken': path 'native/libmissing.so' is not an entry of the bundle";
            assertTrue(entries.stream().anyMatch(e -> e.bundle().equals(impl.getSymbolicName())
                    && e.method().equals("error") && e.arguments().toString().contains(expected)),
                    "an error entry of addon.impl with '" + expected + "' in " + entries);
            logService.unregister();
        } finally {
            Frameworks.stopQuietly(framework);
        }
    }

    /** An addon bundle whose module file is not in it. */
    private static ByteArrayInputStream brokenAddonBundle() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "log.service.broken");
        main.putValue(AddonConstants.ADDON_MODULE_HEADER, "broken;path=native/libmissing.so");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();
        return new ByteArrayInputStream(jar.toByteArray());
    }

    /** A LoggerFactory per bundle that gets it; its Loggers record every call and are enabled at every level. */
    private static final class RecordingLogService implements ServiceFactory<Object> {

        private final List<Entry> entries;

        RecordingLogService(List<Entry> entries) {
            this.entries = entries;
        }

        @Override
        public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
            Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
                    new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("is")) {
                            return true;
                        }
                        if (method.getReturnType() == void.class) {
                            entries.add(new Entry(bundle.getSymbolicName(), method.getName(),
                                    args == null ? List.of() : flatten(args)));
                        }
                        return method.getName().equals("getName") ? "dev.addons" : null;
                    });
            return Proxy.newProxyInstance(LoggerFactory.class.getClassLoader(), new Class<?>[] {LoggerFactory.class},
                    (proxy, method, args) -> method.getName().equals("getLogger") ? logger : null);
        }

        @Override
        public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
        }

        private static List<Object> flatten(Object[] args) {
            List<Object> all = new java.util.ArrayList<>();
            for (Object a : args) {
                if (a instanceof Object[] more) {
                    all.addAll(Arrays.asList(more));
                } else {
                    all.add(a);
                }
            }
            return all;
        }
    }
}
