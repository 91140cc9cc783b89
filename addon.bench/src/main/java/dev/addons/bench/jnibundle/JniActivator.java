package dev.addons.bench.jnibundle;

import java.util.Hashtable;
import java.util.function.IntBinaryOperator;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Activator of the plain JNI bundle the Felix cycle compares an addon bundle with: what a bundle with native code
 * does without this project. The framework extracts the library named by {@code Bundle-NativeCode};
 * {@link System#loadLibrary} maps it (it stays mapped until this bundle's class loader is garbage collected).
 */
public final class JniActivator implements BundleActivator {

    public static final String LIBRARY = "addonbench_rawjni";
    public static final String SERVICE_PROPERTY = "addon.bench";
    public static final String SERVICE_VALUE = "jni";

    private ServiceRegistration<IntBinaryOperator> registration;

    @Override
    public void start(BundleContext context) {
        System.loadLibrary(LIBRARY);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(SERVICE_PROPERTY, SERVICE_VALUE);
        registration = context.registerService(IntBinaryOperator.class, new JniAdder(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
