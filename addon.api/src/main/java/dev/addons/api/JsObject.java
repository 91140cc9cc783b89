package dev.addons.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle to a live JavaScript object of one module instance: a class instance, a wrapped object, an object with
 * accessors or a type tag, a function, the exports. Property reads, writes and method calls run the addon's code
 * (getters, setters, methods) inside the context, serialized with its other calls, as {@link Addon#call} does;
 * values convert as there. Every method throws {@link IllegalStateException} once the handle is released or its
 * context closed. Keys are strings or {@link JsSymbol}s of the same module instance (since 1.4: a private symbol
 * of the addon, {@link Addon#wellKnownSymbol}, {@link Addon#symbolFor}). See docs/object-model.md.
 */
@ProviderType
public interface JsObject extends JsHandle {

    /** {@code object[key]}: runs a getter if the property has one; undefined is {@link Undefined#INSTANCE}. */
    Object get(String key);

    /** {@code object[key] = value}: runs a setter if the property has one. */
    void set(String key, Object value);

    /** {@code key in object}: own or inherited. */
    boolean has(String key);

    /** {@code delete object[key]}: false if the property cannot be deleted. */
    boolean delete(String key);

    /**
     * {@code object[method](args...)}, with this = the object.
     *
     * @throws AddonException if the method throws, or with name TypeError if the property is not a function
     */
    Object call(String method, Object... args);

    /**
     * {@code object[symbol]}: runs a getter if the property has one. A symbol of another module instance is
     * refused with an {@link AddonException}, as any handle argument is.
     *
     * @since 1.4
     */
    Object get(JsSymbol key);

    /**
     * {@code object[symbol] = value}: runs a setter if the property has one.
     *
     * @since 1.4
     */
    void set(JsSymbol key, Object value);

    /**
     * {@code symbol in object}: own or inherited.
     *
     * @since 1.4
     */
    boolean has(JsSymbol key);

    /**
     * {@code delete object[symbol]}: false if the property cannot be deleted.
     *
     * @since 1.4
     */
    boolean delete(JsSymbol key);

    /**
     * {@code object[symbol](args...)}, with this = the object: for example {@code Symbol.iterator}'s method.
     *
     * @throws AddonException if the method throws, or with name TypeError if the property is not a function
     * @since 1.4
     */
    Object call(JsSymbol method, Object... args);

    /**
     * {@code object[symbol]} as a handle, as {@link #getHandle(String)}.
     *
     * @throws IllegalArgumentException if the property's value is not an object
     * @since 1.4
     */
    JsObject getHandle(JsSymbol key);

    /** {@code object instanceof constructor}. */
    boolean instanceOf(JsFunction constructor);

    /**
     * {@code object[key]} as a handle: as {@link #get}, but an object, array, typed array, Buffer, ArrayBuffer,
     * Date or error comes back as a live {@code JsObject} instead of a copy (for example to read a typed array's
     * bytes in place with {@link #withBytes}).
     *
     * @throws IllegalArgumentException if the property's value is not an object (a primitive, a symbol)
     * @since 1.3
     */
    JsObject getHandle(String key);

    /**
     * Calls {@code reader} with a read-only direct {@link java.nio.ByteBuffer} over the very bytes this value shows,
     * without copying them, and returns what it returns. The value is a typed array, DataView or Buffer (the bytes
     * from its offset, as many as it shows) or an ArrayBuffer (all of them); a detached one shows none (an empty
     * buffer). The buffer's order is the platform's ({@link java.nio.ByteOrder#nativeOrder()}), as the addon sees the
     * elements.
     * <p>
     * The buffer is valid only inside {@code reader}: the context is entered (its lock held, as for any call) for
     * the whole callback, and inside it every call into the same context throws {@link IllegalStateException},
     * since addon code could detach or free the bytes. Using the buffer (or a slice or view of it) after
     * {@code reader} returns is undefined behaviour: it reads or writes memory the value may no longer own, and a
     * direct buffer cannot be invalidated. Returning the buffer itself, or a direct buffer over the same memory, is
     * refused with {@link IllegalStateException}; copy what must outlive the callback.
     *
     * @throws IllegalArgumentException naming the value's type if it is no typed array, DataView, Buffer or
     *         ArrayBuffer
     * @since 1.3
     */
    <R> R withBytes(java.util.function.Function<java.nio.ByteBuffer, R> reader);

    /**
     * As {@link #withBytes}, but the buffer is writable: what {@code writer} puts is what the addon reads from the
     * value afterwards (for example {@code buffer.asIntBuffer().put(0, 42)} on an Int32Array).
     *
     * @since 1.3
     */
    <R> R withWritableBytes(java.util.function.Function<java.nio.ByteBuffer, R> writer);
}
