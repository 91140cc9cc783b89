package dev.addons.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A framework from a jar of its own, in a class loader whose parent is the platform loader: the OSGi API it uses is
 * its own (another release than the class path's Felix 7 and osgi.core 8), so the test drives it by reflection,
 * through the OSGi interfaces as that framework's loader defines them.
 */
final class IsolatedFramework implements AutoCloseable {

    private final URLClassLoader loader;
    final Object framework;

    private IsolatedFramework(URLClassLoader loader, Object framework) {
        this.loader = loader;
        this.framework = framework;
    }

    /** Creates and starts the framework the jar's {@code FrameworkFactory} service makes. */
    static IsolatedFramework start(Path frameworkJar, Map<String, String> config) throws Exception {
        assertTrue(Files.isRegularFile(frameworkJar), frameworkJar + " is missing: run the tests through Maven");
        URLClassLoader loader = new URLClassLoader("isolated framework", new URL[] {frameworkJar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        try {
            Class<?> factoryType = loader.loadClass("org.osgi.framework.launch.FrameworkFactory");
            Object factory = ServiceLoader.load(factoryType, loader).findFirst().orElseThrow(
                    () -> new AssertionError(frameworkJar + " has no FrameworkFactory service"));
            Object framework = factoryType.getMethod("newFramework", Map.class).invoke(factory, config);
            IsolatedFramework isolated = new IsolatedFramework(loader, framework);
            isolated.call(framework, "org.osgi.framework.launch.Framework", "start");
            return isolated;
        } catch (Exception | Error e) {
            loader.close();
            throw e;
        }
    }

    /**
     * Calls {@code method} of the public interface {@code type} (as this framework defines it) on {@code target},
     * choosing the method by name and the arguments' types.
     */
    Object call(Object target, String type, String method, Object... args) throws Exception {
        return call(loader.loadClass(type), target, method, args);
    }

    /** The same for an interface loaded elsewhere (e.g. by a bundle of the framework). */
    static Object call(Class<?> type, Object target, String method, Object... args) throws Exception {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && accepts(m.getParameterTypes(), args)) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + method + " with " + args.length + " arguments");
    }

    /** Whether the arguments fit the parameters (a primitive parameter takes its box; null fits any object). */
    private static boolean accepts(Class<?>[] parameters, Object[] args) {
        if (parameters.length != args.length) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            Class<?> p = parameters[i].isPrimitive()
                    ? java.lang.invoke.MethodType.methodType(parameters[i]).wrap().returnType() : parameters[i];
            if (args[i] != null && !p.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    /** Stops the framework, waits for it, and closes the class loader. */
    @Override
    public void close() throws Exception {
        try {
            call(framework, "org.osgi.framework.launch.Framework", "stop");
            call(framework, "org.osgi.framework.launch.Framework", "waitForStop", 30_000L);
        } finally {
            loader.close();
        }
    }
}
