package dev.addons.api;

import org.osgi.annotation.versioning.ProviderType;

/** A handle to a JavaScript symbol of one module instance: passed back, it is the same symbol. */
@ProviderType
public interface JsSymbol extends JsHandle {

    /** The description given to {@code Symbol(description)}, or null if there was none. */
    String description();
}
