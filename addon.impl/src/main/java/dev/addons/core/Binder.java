package dev.addons.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.addons.api.AddonException;
import dev.addons.api.AddonFunction;

/**
 * Implements {@code Addon.bind}: one hidden class per binding, in the interface's package and class loader,
 * whose methods call constant method handles (see {@link HiddenClassWriter}). If the interface's package cannot
 * be opened to us (a named module that does not open it), a {@link Proxy} does the same work, boxing.
 */
final class Binder {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle INVOKE_PRIMITIVE;
    private static final MethodHandle INVOKE_BOXED;
    private static final MethodHandle DOUBLE_TO_BITS;
    private static final MethodHandle BITS_TO_DOUBLE;

    static {
        try {
            INVOKE_PRIMITIVE = LOOKUP.findVirtual(BoundFunction.class, "invokePrimitive",
                    MethodType.methodType(long.class, long.class, long.class, long.class, long.class));
            INVOKE_BOXED = LOOKUP.findVirtual(BoundFunction.class, "invokeBoxed",
                    MethodType.methodType(Object.class, Object[].class));
            DOUBLE_TO_BITS = LOOKUP.findStatic(Double.class, "doubleToRawLongBits",
                    MethodType.methodType(long.class, double.class));
            BITS_TO_DOUBLE = LOOKUP.findStatic(Double.class, "longBitsToDouble",
                    MethodType.methodType(double.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Binder() {
    }

    static <T> T bind(AddonImpl addon, Class<T> api) {
        if (!api.isInterface()) {
            throw new IllegalArgumentException(api.getName() + " is not an interface");
        }
        Map<String, Method> methods = abstractMethods(api);
        List<MethodHandle> handles = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Method m : methods.values()) {
            String export = exportName(m);
            if (!addon.exportNames().contains(export)) {
                missing.add(m.getName() + (export.equals(m.getName()) ? "" : " (export '" + export + "')"));
                continue;
            }
            handles.add(handleFor(addon, export, m));
        }
        if (!missing.isEmpty()) {
            throw new AddonException("cannot bind " + api.getName() + " to module '" + addon.moduleName()
                    + "': no exported function for " + String.join(", ", missing));
        }
        List<Method> ordered = new ArrayList<>(methods.values());
        try {
            return api.cast(hiddenClassInstance(api, ordered, handles));
        } catch (IllegalAccessException | LinkageError e) {
            return api.cast(proxy(api, ordered, handles));
        }
    }

    /** Sorted by name and type: getMethods() has no defined order, and errors should read the same each time. */
    private static Map<String, Method> abstractMethods(Class<?> api) {
        Map<String, Method> methods = new java.util.TreeMap<>();
        for (Method m : api.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                methods.putIfAbsent(m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes()), m);
            }
        }
        return methods;
    }

    private static String exportName(Method m) {
        AddonFunction named = m.getAnnotation(AddonFunction.class);
        return named == null ? m.getName() : named.value();
    }

    /** A handle of exactly the method's type (receiver excluded). */
    static MethodHandle handleFor(AddonImpl addon, String export, Method m) {
        MethodType exact = MethodType.methodType(m.getReturnType(), m.getParameterTypes());
        if (!BoundFunction.isPrimitive(m)) {
            MethodHandle h = INVOKE_BOXED.bindTo(BoundFunction.boxed(addon, export, m));
            return h.asCollector(Object[].class, m.getParameterCount()).asType(exact);
        }
        long function = addon.resolveFunction(export);
        if (function == 0) {
            throw new AddonException("cannot bind " + m.getName() + ": export '" + export + "' of module '"
                    + addon.moduleName() + "' is not a function");
        }
        MethodHandle h = INVOKE_PRIMITIVE.bindTo(BoundFunction.primitive(addon, export, m, function));
        // (long, long, long, long) -> long, then fill the unused argument slots with 0.
        int n = m.getParameterCount();
        Object[] zeros = new Object[NativeContract.MAX_PRIMITIVE_ARGUMENTS - n];
        java.util.Arrays.fill(zeros, 0L);
        h = MethodHandles.insertArguments(h, n, zeros);
        for (int i = 0; i < n; i++) {
            Class<?> p = m.getParameterTypes()[i];
            if (p == double.class) {
                h = MethodHandles.filterArguments(h, i, DOUBLE_TO_BITS);
            }
        }
        Class<?> r = m.getReturnType();
        if (r == double.class) {
            h = MethodHandles.filterReturnValue(h, BITS_TO_DOUBLE);
        } else if (r == void.class) {
            h = MethodHandles.dropReturn(h);
        }
        // int -> long (widening), boolean <-> long (0/1): what explicitCastArguments does for primitives.
        return MethodHandles.explicitCastArguments(h, exact);
    }

    private static Object hiddenClassInstance(Class<?> api, List<Method> methods, List<MethodHandle> handles)
            throws IllegalAccessException {
        MethodHandles.Lookup inApi = MethodHandles.privateLookupIn(api, LOOKUP);
        byte[] bytes = new HiddenClassWriter().write(api, methods);
        MethodHandles.Lookup hidden = inApi.defineHiddenClassWithClassData(bytes, List.copyOf(handles), true);
        try {
            return hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot instantiate the bound implementation of " + api.getName(), e);
        }
    }

    private static Object proxy(Class<?> api, List<Method> methods, List<MethodHandle> handles) {
        Map<Method, MethodHandle> byMethod = new LinkedHashMap<>();
        for (int i = 0; i < methods.size(); i++) {
            byMethod.put(methods.get(i), handles.get(i).asSpreader(Object[].class, methods.get(i).getParameterCount()));
        }
        return Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (proxy, method, args) -> {
            MethodHandle h = byMethod.get(method);
            if (h != null) {
                return h.invoke(args == null ? new Object[0] : args);
            }
            if (method.isDefault()) {
                return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(byMethod, args); // equals, hashCode, toString: of the dispatch table
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
