package dev.addons.api;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The exports of one addon module in one context: what {@code require()} returns in Node.js.
 *
 * <p>Arguments and results cross the boundary as Java values: {@link Undefined#INSTANCE} (undefined), {@code null}
 * (null), {@link Boolean}, {@link Integer}/{@link Long}/{@link Double} (numbers), {@link String}, {@code byte[]}
 * (Buffer and ArrayBuffer; a {@link java.nio.ByteBuffer} argument is copied too), and copies of plain data:
 * {@link java.util.List} (arrays) and {@link java.util.Map} (plain objects). Functions, symbols, externals and
 * objects that are not plain data (class instances, wrapped objects, objects with accessors or a type tag) come
 * back as handles to the live value: {@link JsFunction}, {@link JsSymbol}, {@link JsExternal}, {@link JsObject}.
 * Typed arrays, BigInt and Date cross as Java arrays, {@link TypedArray}, {@link java.math.BigInteger} and
 * {@link java.time.Instant}; a {@link JavaFunction} argument is a function the addon can call back; a promise comes
 * back as a {@link java.util.concurrent.CompletableFuture}.
 * Calls into one context are serialized.
 */
@ProviderType
public interface Addon {

    /** The module name, as declared in the bundle header or given to {@link AddonContext#load}. */
    String moduleName();

    /** Where the module was loaded from; load it again in another context with {@link AddonContext#load}. */
    ModuleSpec spec();

    /** The context this module instance lives in. */
    AddonContext context();

    /** Names of the properties on the exports object, in definition order. */
    Set<String> exportNames();

    /**
     * Calls the exported function {@code function} with {@code args}.
     *
     * @throws AddonException if the addon throws (message and code are the addon's), if {@code function} is not
     *         an exported function, or if an argument cannot be converted
     * @throws IllegalStateException if the context is closing or closed
     */
    Object call(String function, Object... args);

    /**
     * Returns an implementation of {@code api} whose methods call the exported functions of the same name (or the
     * name given by {@link AddonFunction}). Methods with up to four {@code int}, {@code long}, {@code double} or
     * {@code boolean} parameters and such a result (or {@code void}) take a fast path that neither boxes nor
     * allocates on the Java heap; other methods convert their arguments as {@link #call} does. Default methods of
     * {@code api} are kept. The implementation is bound to this addon's context and fails with
     * {@link IllegalStateException} once it is closed. Binding the same interface again returns the same
     * implementation (the first bind generates a class and resolves the exports; later ones are a lookup).
     *
     * @throws AddonException naming the missing exports if a method has no exported function to call
     * @throws IllegalArgumentException if {@code api} is not an interface
     */
    <T> T bind(Class<T> api);

    /**
     * Returns the value of the exported property {@code name}, converted as results are (a function is a
     * {@link JsFunction}).
     *
     * @throws AddonException if there is no such export
     * @throws IllegalStateException if the context is closing or closed
     */
    Object get(String name);

    /**
     * {@code new exports[constructorExport](args...)}: an instance of an exported class, as a handle.
     *
     * @throws AddonException if the constructor throws, or with name TypeError if the export is not a function
     * @throws IllegalStateException if the context is closing or closed
     * @since 1.3
     */
    JsObject construct(String constructorExport, Object... args);

    /**
     * The exports object itself, as a handle (what {@code require()} returns).
     *
     * @throws IllegalStateException if the context is closing or closed
     * @since 1.3
     */
    JsObject exports();

    /**
     * The well-known symbol {@code Symbol[name]} of this module instance ({@code Symbol.iterator},
     * {@code Symbol.toPrimitive}...), for example as a key: {@code object.call(addon.wellKnownSymbol(ITERATOR))}.
     *
     * @throws IllegalStateException if the context is closing or closed
     * @since 1.4
     */
    JsSymbol wellKnownSymbol(WellKnownSymbol name);

    /**
     * {@code Symbol.for(key)}: the symbol of this module instance's registry, the one its addon code gets from
     * {@code node_api_symbol_for} with the same key.
     *
     * @throws IllegalStateException if the context is closing or closed
     * @since 1.4
     */
    JsSymbol symbolFor(String key);
}
