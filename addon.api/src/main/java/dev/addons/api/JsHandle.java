package dev.addons.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle to a live value of one module instance ({@link Addon}): the value stays alive while the handle does,
 * and the same value always comes back as the same handle object ({@code ==}). Passed back to the addon as an
 * argument, the handle is the very value (Node-API's {@code napi_strict_equals} is true).
 *
 * <p>The value is let go when the handle is {@linkplain #release() released}, when Java no longer reaches the
 * handle (the garbage collector's notice is acted on at the next call into the context), or when the context
 * closes. Afterwards every use throws {@link IllegalStateException} naming module and context.
 */
@ProviderType
public interface JsHandle extends AutoCloseable {

    /** The module instance the value lives in. */
    Addon addon();

    /**
     * Lets the value go (the addon may free it, running its finalizers). Idempotent; does nothing once the context
     * is closed, which let go of every value already.
     */
    void release();

    /** True once released, explicitly or by the close of its context. */
    boolean isReleased();

    /** {@link #release()}: a handle in try-with-resources lives as long as the block. */
    @Override
    default void close() {
        release();
    }
}
