package dev.addons.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle to a live JavaScript object of one module instance: a class instance, a wrapped object, an object with
 * accessors or a type tag, a function, the exports. Property reads, writes and method calls run the addon's code
 * (getters, setters, methods) inside the context, serialized with its other calls, as {@link Addon#call} does;
 * values convert as there. Every method throws {@link IllegalStateException} once the handle is released or its
 * context closed. See docs/object-model.md.
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

    /** {@code object instanceof constructor}. */
    boolean instanceOf(JsFunction constructor);
}
