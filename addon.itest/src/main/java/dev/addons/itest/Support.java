package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.proc.ProcSelf;

/** What the tests share: the embedded bundles and fixtures, bundles built on the fly, /proc/self/maps, logs. */
final class Support {

    /** The demo bundles and the fixtures jar, copied into this bundle by the build (see pom.xml). */
    static final String INSTANCE_DATA_JAR = "bundles/instancedata.jar";
    static final String CLEANUP_HOOKS_JAR = "bundles/cleanuphooks.jar";
    /**
     * An addon bundle built with the kit whose module imports node_api_create_buffer_from_arraybuffer (of a newer
     * Node-API), which the runtime lacks.
     */
    static final String UNSUPPORTED_JAR = "bundles/unsupported.jar";
    static final String FIXTURES_JAR = "bundles/fixtures.jar";

    private static final Map<String, byte[]> FIXTURES = new ConcurrentHashMap<>();

    private Support() {
    }

    /** An entry of this test bundle, e.g. one of the embedded jars. */
    static InputStream embedded(String path) throws IOException {
        URL url = FrameworkUtil.getBundle(Support.class).getEntry(path);
        assertNotNull(url, path + " is not in the test bundle: did the build copy it?");
        return url.openStream();
    }

    /** Installs one of the embedded bundle jars through {@code context} (which uninstalls it after the test). */
    static Bundle installEmbedded(BundleContext context, String path) throws IOException, BundleException {
        try (InputStream in = embedded(path)) {
            return context.installBundle("itest:" + path, in);
        }
    }

    /**
     * The bytes of fixture {@code lib<name>.so} from the embedded fixtures jar (whatever its platform folder is:
     * the build produces one, for the platform it runs on).
     */
    static byte[] fixture(String name) {
        return FIXTURES.computeIfAbsent(name, n -> {
            String suffix = "/lib" + n + ".so";
            try (JarInputStream jar = new JarInputStream(embedded(FIXTURES_JAR))) {
                for (JarEntry e; (e = jar.getNextJarEntry()) != null;) {
                    if (e.getName().startsWith("fixtures/") && e.getName().endsWith(suffix)) {
                        return jar.readAllBytes();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new AssertionError("no fixture lib" + n + ".so in " + FIXTURES_JAR);
        });
    }

    /** A bundle jar made on the spot: a manifest with the given headers plus the given entries. */
    static byte[] bundleJar(String symbolicName, Map<String, String> headers, Map<String, byte[]> entries) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What every addon bundle requires: the runtime's extender, contract version 1.x. */
    static final String EXTENDER_REQUIREMENT =
            "osgi.extender;filter:=\"(&(osgi.extender=dev.addons.napi)(version>=1.0)(!(version>=2.0)))\"";

    /** A bundle declaring {@code header} as its Addon-Module header, with the given fixtures under native/. */
    static byte[] addonBundle(String symbolicName, String header, String... fixtures) {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        for (String f : fixtures) {
            entries.put("native/lib" + f + ".so", fixture(f));
        }
        // As the addon.build parent gives addon bundles: the framework resolves it against addon.impl.
        return bundleJar(symbolicName, Map.of(AddonConstants.ADDON_MODULE_HEADER, header,
                Constants.REQUIRE_CAPABILITY, EXTENDER_REQUIREMENT), entries);
    }

    static Bundle install(BundleContext context, String location, byte[] jar) throws BundleException {
        return context.installBundle(location, new ByteArrayInputStream(jar));
    }

    /** The Addon services a bundle registered, by module name. */
    static List<ServiceReference<?>> addonServices(Bundle bundle) {
        List<ServiceReference<?>> list = new ArrayList<>();
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (registered != null) {
            for (ServiceReference<?> ref : registered) {
                for (String objectClass : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                    if (objectClass.equals(Addon.class.getName())) {
                        list.add(ref);
                    }
                }
            }
        }
        return list;
    }

    /** The one Addon service of {@code module} registered by {@code bundle}; fails if there is none or several. */
    static ServiceReference<Addon> addonService(BundleContext context, Bundle bundle, String module) {
        try {
            Collection<ServiceReference<Addon>> refs = context.getServiceReferences(Addon.class,
                    "(&(" + AddonConstants.SERVICE_MODULE + "=" + module + ")(service.bundleid=" + bundle.getBundleId()
                            + "))");
            assertEquals(1, refs.size(), "Addon services of module " + module + " from " + bundle);
            return refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Refreshes {@code bundles} and waits for the PACKAGES_REFRESHED event. */
    static void refresh(BundleContext context, Collection<Bundle> bundles) throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch refreshed = new CountDownLatch(1);
        List<FrameworkEvent> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            } else if (event.getType() == FrameworkEvent.ERROR) {
                errors.add(event);
            }
        });
        assertTrue(refreshed.await(10, TimeUnit.SECONDS), "no PACKAGES_REFRESHED within 10 s");
        assertTrue(errors.isEmpty(), () -> "refresh reported errors: " + errors.get(0).getThrowable());
    }

    /** True if {@code file} (or its deleted former self) is mapped into this process, per /proc/self/maps. */
    static boolean isMapped(Path file) {
        return ProcSelf.isMapped(file);
    }

    static Path file(ServiceReference<?> addonService) {
        Object file = addonService.getProperty(AddonConstants.SERVICE_FILE);
        assertNotNull(file, AddonConstants.SERVICE_FILE + " property missing on " + addonService);
        return Paths.get((String) file);
    }

    /** Waits up to {@code millis} for {@code condition}; fails with {@code message} if it never holds. */
    static void eventually(long millis, BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(message + " (waited " + millis + " ms)");
            }
            Thread.sleep(5);
        }
    }

    /** A processor the framework is not running on, for a clause that must match nothing here. */
    static String otherProcessor(BundleContext context) {
        String here = String.valueOf(context.getProperty(Constants.FRAMEWORK_PROCESSOR)).toLowerCase(Locale.ROOT);
        return here.equals("aarch64") || here.equals("arm64") ? "x86-64" : "aarch64";
    }

    /**
     * Collects what the runtime logs. It logs through {@code System.getLogger("dev.addons")}, which without a
     * custom LoggerFinder is the java.util.logging logger of that name.
     */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("dev.addons");
        private final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

        LogCapture() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            messages.add(record.getLevel() + " " + record.getMessage());
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
