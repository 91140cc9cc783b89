package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Assumptions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.proc.ProcSelf;

/**
 * What the tests share: framework factories found on the class path, frameworks with their own storage under
 * target/, the bundle jars the build copied to target/bundles, and /proc/self/maps.
 */
final class Frameworks {

    static final String FELIX = "org.apache.felix.framework.FrameworkFactory";
    static final String EQUINOX = "org.eclipse.osgi.launch.EquinoxFactory";

    /**
     * The version addon.api exports dev.addons.api with (its package-info, read from the built bundle's manifest so
     * that it follows a new API version); the system bundle exports the class-path copy under the same version so
     * that addon.impl's import resolves to it.
     */
    static final String API_PACKAGE = "dev.addons.api;version="
            + exportedVersion(bundle("addon.api"), "dev.addons.api");

    static final String NATIVE_ACCESS_FLAG = "--enable-native-access=ALL-UNNAMED";

    private Frameworks() {
    }

    /** The jar the build copied for artifact {@code artifactId} (maven-dependency-plugin, versions stripped). */
    static Path bundle(String artifactId) {
        Path jar = Paths.get(System.getProperty("embedded.bundles.dir", "target/bundles"))
                .resolve(artifactId + ".jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run the tests through Maven (process-test-resources"
                + " copies the bundles)");
        return jar;
    }

    /** The storage directory of the framework called {@code name}. */
    static Path storage(String name) {
        return Paths.get(System.getProperty("embedded.work.dir", "target/frameworks")).resolve(name)
                .toAbsolutePath().normalize();
    }

    /** The version of {@code pkg} in the Export-Package header of the bundle {@code jar}. */
    static String exportedVersion(Path jar, String pkg) {
        String exports;
        try (JarFile file = new JarFile(jar.toFile())) {
            exports = file.getManifest().getMainAttributes().getValue("Export-Package");
        } catch (IOException e) {
            throw new UncheckedIOException(jar + ": cannot read its manifest", e);
        }
        assertNotNull(exports, jar + " has no Export-Package header");
        for (String clause : splitOutsideQuotes(exports, ',')) {
            List<String> parts = splitOutsideQuotes(clause, ';');
            if (parts.get(0).trim().equals(pkg)) {
                for (String part : parts) {
                    String attribute = part.trim();
                    if (attribute.startsWith("version=")) {
                        return attribute.substring("version=".length()).replace("\"", "");
                    }
                }
            }
        }
        throw new AssertionError(jar + " does not export " + pkg + " with a version: " + exports);
    }

    /** Splits an OSGi header at {@code separator}s that are not inside a quoted value. */
    private static List<String> splitOutsideQuotes(String header, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** The framework factories ServiceLoader finds on the class path, by implementation class name. */
    static Map<String, FrameworkFactory> factories() {
        Map<String, FrameworkFactory> found = new LinkedHashMap<>();
        for (FrameworkFactory f : ServiceLoader.load(FrameworkFactory.class)) {
            found.put(f.getClass().getName(), f);
        }
        return found;
    }

    /** The factory {@code className} from ServiceLoader; the test is skipped (not passed) if it is not there. */
    static FrameworkFactory factory(String className) {
        FrameworkFactory factory = factories().get(className);
        Assumptions.assumeTrue(factory != null, className + " is not on this test class path");
        return factory;
    }

    /** "Felix" or "Equinox", for test names and messages. */
    static String label(String factoryClassName) {
        return factoryClassName.equals(FELIX) ? "Felix" : factoryClassName.equals(EQUINOX) ? "Equinox"
                : factoryClassName;
    }

    /**
     * Starts a framework whose storage is {@code storage(name)}, emptied on first init, and whose system bundle
     * exports dev.addons.api from the class path. {@code extra} may hold objects where the framework documents
     * them (Felix: {@code felix.log.logger}).
     */
    @SuppressWarnings("unchecked")
    static Framework launch(String factoryClassName, String name, Map<String, ?> extra) throws BundleException {
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage(name).toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, API_PACKAGE);
        config.putAll(extra);
        Framework framework = factory(factoryClassName).newFramework((Map<String, String>) (Map<String, ?>) config);
        framework.start();
        return framework;
    }

    /** Installs addon.impl with its addon.native fragment and starts addon.impl: the runtime is up. */
    static Bundle installRuntime(Framework framework) throws BundleException {
        BundleContext context = framework.getBundleContext();
        Bundle impl = install(context, "addon.impl");
        install(context, "addon.native"); // before addon.impl resolves, so that the fragment attaches
        impl.start();
        assertEquals(Bundle.ACTIVE, impl.getState(), "addon.impl state");
        return impl;
    }

    /** Installs one of the copied bundle jars from its file. */
    static Bundle install(BundleContext context, String artifactId) throws BundleException {
        return context.installBundle(bundle(artifactId).toUri().toString());
    }

    /** Stops the framework and waits until it has stopped. */
    static void stop(Framework framework) throws BundleException, InterruptedException {
        framework.stop();
        FrameworkEvent event = framework.waitForStop(30_000);
        assertEquals(FrameworkEvent.STOPPED, event.getType(), "framework " + framework + " did not stop cleanly: "
                + event.getThrowable());
    }

    /** Stops the framework if it is running, for cleanup after a failure. */
    static void stopQuietly(Framework framework) {
        if (framework == null || (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return;
        }
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException | InterruptedException | RuntimeException e) {
            System.err.println("cannot stop " + framework + ": " + e);
        }
    }

    /** The one service of {@code type} matching {@code filter} (may be null) in the framework. */
    static <T> ServiceReference<T> reference(BundleContext context, Class<T> type, String filter) {
        try {
            Collection<ServiceReference<T>> refs = context.getServiceReferences(type, filter);
            assertEquals(1, refs.size(), type.getSimpleName() + " services matching " + filter);
            return refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The service object of the one service of {@code type} matching {@code filter}. */
    static <T> T service(BundleContext context, Class<T> type, String filter) {
        T service = context.getService(reference(context, type, filter));
        assertNotNull(service, type.getSimpleName() + " " + filter + " went away");
        return service;
    }

    /** The Addon service reference of {@code module} (exactly one in the framework). */
    static ServiceReference<Addon> addonReference(BundleContext context, String module) {
        return reference(context, Addon.class, "(" + AddonConstants.SERVICE_MODULE + "=" + module + ")");
    }

    /** The extracted module file the Addon service was loaded from (its {@code addon.file} property). */
    static Path file(ServiceReference<Addon> reference) {
        Object file = reference.getProperty(AddonConstants.SERVICE_FILE);
        assertNotNull(file, AddonConstants.SERVICE_FILE + " property of " + reference);
        return Paths.get((String) file);
    }

    /** The files mapped into this process now, per /proc/self/maps (" (deleted)" suffix removed). */
    static List<String> mappedFiles() {
        return new ProcSelf().snapshot().files();
    }

    /** True if {@code file} (or its deleted former self) is mapped into this process. */
    static boolean isMapped(Path file) {
        return ProcSelf.isMapped(file);
    }

    /** The distinct mapped files matching {@code filter}. */
    static List<String> mapped(Predicate<String> filter) {
        return mappedFiles().stream().filter(filter).distinct().toList();
    }

    /** The copies of the runtime's own JNI library mapped now (one per framework class loader that loaded it). */
    static List<String> mappedRuntimeLibraries() {
        return mapped(f -> Paths.get(f).getFileName().toString().startsWith("libaddonrt"));
    }

    /**
     * Fails unless the JVM runs with --enable-native-access=ALL-UNNAMED (surefire's argLine, from the root pom):
     * JDK 22+ warns without it, later JDKs refuse System.loadLibrary from bundle class loaders.
     */
    static void assertNativeAccessFlag() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(arguments.contains(NATIVE_ACCESS_FLAG), "JVM arguments " + arguments + " lack " + NATIVE_ACCESS_FLAG
                + " (surefire argLine)");
    }

    /** Refreshes {@code bundle} and waits for the PACKAGES_REFRESHED event; an ERROR event of the refresh fails. */
    static void refresh(BundleContext system, Bundle bundle) throws InterruptedException {
        FrameworkWiring wiring = system.getBundle().adapt(FrameworkWiring.class);
        CountDownLatch refreshed = new CountDownLatch(1);
        List<FrameworkEvent> errors = new CopyOnWriteArrayList<>();
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            } else if (event.getType() == FrameworkEvent.ERROR) {
                errors.add(event);
            }
        });
        assertTrue(refreshed.await(30, TimeUnit.SECONDS), "no PACKAGES_REFRESHED within 30 s");
        assertTrue(errors.isEmpty(),
                () -> "refresh of " + bundle + " reported errors: " + errors.get(0).getThrowable());
    }
}
