package dev.addons.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntBinaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.addons.bench.jnibundle.JniActivator;

/**
 * An embedded Felix with the addon runtime (addon.api, addon.impl and its addon.native fragment) started, and
 * the two bundles whose life cycle the benchmark compares:
 * <ul>
 * <li>the instance-data example addon bundle ({@code addon.demo.instancedata}: an {@code Addon-Module} header,
 * no Java code): start creates a context and loads the module, the call is {@code increment} on its
 * {@code Addon} service;
 * <li>a plain JNI bundle assembled here ({@code Bundle-NativeCode} + an activator calling
 * {@link System#loadLibrary} and registering an {@link IntBinaryOperator} whose {@code applyAsInt} is a native
 * addition): the call is {@code applyAsInt(20, 22)} on that service.
 * </ul>
 * A cycle is the same for both: install (from bytes in memory), start, look the service up, get it, call it, unget
 * it, stop, uninstall, refresh the uninstalled bundle and wait for the refresh to finish. The services are looked
 * up with {@code getAllServiceReferences}: the system bundle, which asks, does not import {@code dev.addons.api}.
 */
public final class FelixHost implements AutoCloseable {

    public static final String ADDON_BUNDLE = "addon.demo.instancedata";

    private final Path storage;
    private final Framework framework;
    private final BundleContext context;
    private final FrameworkWiring wiring;
    private final Method addonCall;
    private final byte[] addonBundle;
    private final byte[] jniBundle;
    private long cycles;

    public FelixHost() {
        try {
            storage = Files.createTempDirectory("addon-bench-felix");
            Map<String, String> config = new HashMap<>();
            config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            config.put("felix.log.level", "1");
            framework = new org.apache.felix.framework.FrameworkFactory().newFramework(config);
            framework.init();
            framework.start();
            context = framework.getBundleContext();
            wiring = framework.adapt(FrameworkWiring.class);
            Bundle api = install("addon.api");
            Bundle impl = install("addon.impl");
            install("addon.native"); // fragment of addon.impl: attaches when addon.impl resolves
            api.start();
            impl.start();
            addonCall = api.loadClass("dev.addons.api.Addon").getMethod("call", String.class, Object[].class);
            addonBundle = BenchFiles.bytes("bundles/" + ADDON_BUNDLE + ".jar");
            jniBundle = jniBundleBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BundleException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the embedded Felix with the addon runtime: " + e, e);
        }
    }

    private Bundle install(String artifact) throws BundleException {
        return context.installBundle("bench:" + artifact,
                new ByteArrayInputStream(BenchFiles.bytes("bundles/" + artifact + ".jar")));
    }

    /** One cycle of the addon bundle; answers what {@code increment} returned (1: a fresh context each time). */
    public int addonBundleCycle() throws Exception {
        Bundle bundle = context.installBundle("bench:addon-bundle:" + ++cycles, new ByteArrayInputStream(addonBundle));
        bundle.start();
        ServiceReference<?>[] refs = context.getAllServiceReferences("dev.addons.api.Addon", "(addon.module=multiple_load)");
        if (refs == null || refs.length != 1) {
            throw new IllegalStateException("expected one multiple_load Addon service, found "
                    + (refs == null ? 0 : refs.length));
        }
        Object addon = context.getService(refs[0]);
        int result = ((Number) addonCall.invoke(addon, "increment", new Object[0])).intValue();
        context.ungetService(refs[0]);
        finish(bundle);
        return result;
    }

    /** One cycle of the plain JNI bundle; answers what its service returned (42). */
    public int jniBundleCycle() throws Exception {
        Bundle bundle = context.installBundle("bench:jni-bundle:" + ++cycles, new ByteArrayInputStream(jniBundle));
        bundle.start();
        ServiceReference<?>[] refs = context.getAllServiceReferences(IntBinaryOperator.class.getName(),
                "(" + JniActivator.SERVICE_PROPERTY + "=" + JniActivator.SERVICE_VALUE + ")");
        if (refs == null || refs.length != 1) {
            throw new IllegalStateException("expected one JNI adder service, found " + (refs == null ? 0 : refs.length));
        }
        IntBinaryOperator adder = (IntBinaryOperator) context.getService(refs[0]);
        int result = adder.applyAsInt(20, 22);
        context.ungetService(refs[0]);
        finish(bundle);
        return result;
    }

    /** Stop, uninstall, refresh, and wait until the refresh is done. */
    private void finish(Bundle bundle) throws BundleException, InterruptedException {
        bundle.stop();
        bundle.uninstall();
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        if (!refreshed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("refresh of " + bundle + " did not finish in 60 s");
        }
    }

    /** The plain JNI bundle: manifest, the two classes of {@code dev.addons.bench.jnibundle}, the library. */
    static byte[] jniBundleBytes() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "addon.bench.jnibundle");
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        main.putValue(Constants.BUNDLE_ACTIVATOR, JniActivator.class.getName());
        main.putValue(Constants.IMPORT_PACKAGE, "org.osgi.framework");
        main.putValue(Constants.BUNDLE_NATIVECODE, "native/lib" + JniActivator.LIBRARY
                + ".so;osname=Linux;processor=x86-64;processor=amd64");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            String pkg = JniActivator.class.getPackageName().replace('.', '/') + "/";
            for (String cls : new String[] {"JniActivator.class", "JniAdder.class"}) {
                jar.putNextEntry(new JarEntry(pkg + cls));
                jar.write(BenchFiles.bytes(pkg + cls));
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("native/lib" + JniActivator.LIBRARY + ".so"));
            jar.write(BenchFiles.bytes("bench-native/" + BenchFiles.PLATFORM + "/lib" + JniActivator.LIBRARY + ".so"));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(60_000);
        BenchFiles.deleteTree(storage);
    }
}
