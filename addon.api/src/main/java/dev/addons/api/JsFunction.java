package dev.addons.api;

import org.osgi.annotation.versioning.ProviderType;

/** A handle to a live JavaScript function (a class constructor too) of one module instance. */
@ProviderType
public interface JsFunction extends JsObject {

    /** The function's name, {@code ""} if it has none. */
    String name();

    /**
     * Calls the function with {@code this} = {@code thisArg} ({@code Function.prototype.call}); {@code null} is
     * null, {@link Undefined#INSTANCE} undefined.
     */
    Object invoke(Object thisArg, Object... args);

    /** {@code new f(args...)}. */
    JsObject construct(Object... args);
}
