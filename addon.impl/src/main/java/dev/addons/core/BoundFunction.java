package dev.addons.core;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import dev.addons.api.AddonException;
import dev.addons.api.Undefined;

import static dev.addons.core.NativeContract.ARG_BOOL;
import static dev.addons.core.NativeContract.ARG_DOUBLE;
import static dev.addons.core.NativeContract.ARG_INT32;
import static dev.addons.core.NativeContract.ARG_INT64;
import static dev.addons.core.NativeContract.MAX_PRIMITIVE_ARGUMENTS;
import static dev.addons.core.NativeContract.RET_BOOL;
import static dev.addons.core.NativeContract.RET_DOUBLE;
import static dev.addons.core.NativeContract.RET_INT32;
import static dev.addons.core.NativeContract.RET_INT64;
import static dev.addons.core.NativeContract.RET_VOID;
import static dev.addons.core.NativeContract.TYPES_ARG_BITS;
import static dev.addons.core.NativeContract.TYPES_COUNT_SHIFT;
import static dev.addons.core.NativeContract.TYPES_RESULT_SHIFT;

/**
 * The target of one method of a bound interface: an exported function of one module instance. Bound method
 * handles call {@link #invokePrimitive} (fast path) or {@link #invokeBoxed}.
 */
final class BoundFunction {

    private final AddonImpl addon;
    private final String export;
    private final Class<?> returnType;
    private final long function;
    private final int types;

    private BoundFunction(AddonImpl addon, String export, Class<?> returnType, long function, int types) {
        this.addon = addon;
        this.export = export;
        this.returnType = returnType;
        this.function = function;
        this.types = types;
    }

    static BoundFunction primitive(AddonImpl addon, String export, Method method, long function) {
        Class<?>[] parameters = method.getParameterTypes();
        int types = parameters.length << TYPES_COUNT_SHIFT | resultCode(method.getReturnType()) << TYPES_RESULT_SHIFT;
        for (int i = 0; i < parameters.length; i++) {
            types |= argumentCode(parameters[i]) << (TYPES_ARG_BITS * i);
        }
        return new BoundFunction(addon, export, method.getReturnType(), function, types);
    }

    static BoundFunction boxed(AddonImpl addon, String export, Method method) {
        return new BoundFunction(addon, export, method.getReturnType(), 0, 0);
    }

    /** True if the method can take the primitive fast path. */
    static boolean isPrimitive(Method method) {
        if (method.getParameterCount() > MAX_PRIMITIVE_ARGUMENTS || resultCode(method.getReturnType()) < 0) {
            return false;
        }
        for (Class<?> p : method.getParameterTypes()) {
            if (argumentCode(p) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int argumentCode(Class<?> type) {
        if (type == int.class) {
            return ARG_INT32;
        }
        if (type == double.class) {
            return ARG_DOUBLE;
        }
        if (type == boolean.class) {
            return ARG_BOOL;
        }
        if (type == long.class) {
            return ARG_INT64;
        }
        return -1;
    }

    private static int resultCode(Class<?> type) {
        if (type == void.class) {
            return RET_VOID;
        }
        if (type == int.class) {
            return RET_INT32;
        }
        if (type == double.class) {
            return RET_DOUBLE;
        }
        if (type == boolean.class) {
            return RET_BOOL;
        }
        if (type == long.class) {
            return RET_INT64;
        }
        return -1;
    }

    /** Arguments and result as raw 64-bit patterns (doubles as their bits). */
    long invokePrimitive(long a0, long a1, long a2, long a3) {
        return addon.callPrimitive(function, types, a0, a1, a2, a3);
    }

    /** Any other signature: converted like {@code Addon.call}, the result coerced to the declared type. */
    Object invokeBoxed(Object[] args) {
        if (dev.addons.api.JsHandle.class.isAssignableFrom(returnType)) {
            return coerce(addon.callForHandle(export, args)); // a handle even for a plain object
        }
        Object result = addon.call(export, args);
        return coerce(result);
    }

    private Object coerce(Object result) {
        if (returnType == void.class || result == null && !returnType.isPrimitive()) {
            return null;
        }
        if (result == Undefined.INSTANCE && !returnType.isPrimitive() && !returnType.isInstance(result)) {
            return null; // undefined where a String, List... is declared: null, as before undefined was its own value
        }
        if (result instanceof Number n) {
            if (returnType == int.class || returnType == Integer.class) {
                return n.intValue();
            }
            if (returnType == long.class || returnType == Long.class) {
                return n.longValue();
            }
            if (returnType == double.class || returnType == Double.class) {
                return n.doubleValue();
            }
            if (returnType == float.class || returnType == Float.class) {
                return n.floatValue();
            }
            if (returnType == short.class || returnType == Short.class) {
                return n.shortValue();
            }
            if (returnType == byte.class || returnType == Byte.class) {
                return n.byteValue();
            }
        }
        Class<?> boxed = box(returnType);
        if (boxed.isInstance(result)) {
            return result;
        }
        if (returnType == List.class && result instanceof List || returnType == Map.class && result instanceof Map) {
            return result;
        }
        throw new AddonException("function " + export + " of module '" + addon.moduleName() + "' returned "
                + (result == null ? "null" : result == Undefined.INSTANCE ? "undefined"
                        : result.getClass().getSimpleName() + " " + result)
                + " where the bound method expects " + returnType.getName());
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
