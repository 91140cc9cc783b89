package dev.addons.api;

import org.osgi.annotation.versioning.ProviderType;

/** A handle to an external value ({@code napi_create_external}): opaque to Java, passed back as it is. */
@ProviderType
public interface JsExternal extends JsHandle {
}
