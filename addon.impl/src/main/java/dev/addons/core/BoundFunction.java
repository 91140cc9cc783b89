package dev.addons.core;

import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import dev.addons.api.AddonException;
import dev.addons.api.TypedArray;
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
    private final Method method;
    private final Class<?> returnType;
    private final long function;
    private final int types;

    private BoundFunction(AddonImpl addon, String export, Method method, long function, int types) {
        this.addon = addon;
        this.export = export;
        this.method = method;
        this.returnType = method.getReturnType();
        this.function = function;
        this.types = types;
    }

    static BoundFunction primitive(AddonImpl addon, String export, Method method, long function) {
        Class<?>[] parameters = method.getParameterTypes();
        int types = parameters.length << TYPES_COUNT_SHIFT | resultCode(method.getReturnType()) << TYPES_RESULT_SHIFT;
        for (int i = 0; i < parameters.length; i++) {
            types |= argumentCode(parameters[i]) << (TYPES_ARG_BITS * i);
        }
        return new BoundFunction(addon, export, method, function, types);
    }

    static BoundFunction boxed(AddonImpl addon, String export, Method method) {
        return new BoundFunction(addon, export, method, 0, 0);
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
        if (result instanceof BigInteger big) {
            return fromBigInteger(big, result);
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
            if (returnType == BigInteger.class && (n instanceof Integer || n instanceof Long)) {
                return BigInteger.valueOf(n.longValue()); // an integral number: exact
            }
        }
        Class<?> boxed = box(returnType);
        if (boxed.isInstance(result)) {
            return result;
        }
        if (returnType == List.class && result instanceof List || returnType == Map.class && result instanceof Map) {
            return result;
        }
        Object binary = fromBinary(result);
        if (binary != null) {
            return binary;
        }
        throw mismatch(result);
    }

    /** A BigInt for an integral Java type: exact or refused, never cut to its low bits. */
    private Object fromBigInteger(BigInteger big, Object result) {
        try {
            if (returnType == long.class || returnType == Long.class) {
                return big.longValueExact();
            }
            if (returnType == int.class || returnType == Integer.class) {
                return big.intValueExact();
            }
        } catch (ArithmeticException e) {
            throw mismatch(result);
        }
        if (returnType.isInstance(result)) { // BigInteger, Number, Object
            return result;
        }
        throw mismatch(result);
    }

    /**
     * Binary results in another binary type: any typed array (a Java primitive array, a Buffer's byte[]) as a
     * {@link TypedArray}, and a typed array of bytes (Int8, Uint8, Uint8Clamped, DataView) as a byte[]. Null when
     * neither applies.
     */
    private Object fromBinary(Object result) {
        if (returnType == TypedArray.class) {
            TypedArray.Kind kind = TypedArrays.kindOfArray(result);
            if (kind != null) {
                return TypedArrays.toTypedArray(result, kind);
            }
            if (result instanceof byte[] bytes) {
                return TypedArray.of(TypedArray.Kind.UINT8, bytes); // a Buffer is a Uint8Array
            }
        }
        if (returnType == byte[].class && result instanceof TypedArray typed && typed.kind().bytesPerElement() == 1) {
            return typed.bytes();
        }
        return null;
    }

    private AddonException mismatch(Object result) {
        Class<?> api = method.getDeclaringClass();
        return new AddonException("bound method " + (api.getCanonicalName() != null ? api.getCanonicalName()
                : api.getName()) + "."
                + method.getName() + ": function '" + export + "' of module '" + addon.moduleName() + "' returned "
                + describe(result) + " where the bound method expects " + returnType.getTypeName());
    }

    private static String describe(Object result) {
        if (result == null) {
            return "null";
        }
        if (result == Undefined.INSTANCE) {
            return "undefined";
        }
        TypedArray.Kind kind = TypedArrays.kindOfArray(result);
        if (kind != null) {
            return "a " + kind.jsName() + " of " + TypedArrays.length(result) + " elements";
        }
        if (result instanceof byte[] bytes) {
            return "a Buffer of " + bytes.length + " bytes";
        }
        String text = String.valueOf(result);
        return result.getClass().getSimpleName() + " " + (text.length() > 100 ? text.substring(0, 100) + "..." : text);
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
