/**
 * The OSGi layer of the runtime: the extender, the bundle-scoped runtime service and the activator.
 *
 * <p>The capabilities below let resolvers (bnd, Karaf features, OSGi repositories) find this bundle: addon bundles
 * require {@code osgi.extender=dev.addons.napi} (version 1.0: the {@code Addon-Module} header as documented in
 * {@link dev.addons.api.AddonConstants#ADDON_MODULE_HEADER}), consumers require the services. The {@code Addon}
 * services are registered on behalf of each addon bundle (with its bundle context), so addon bundles declare that
 * capability themselves (the addon.build parent writes both). See docs/containers.md.
 */
// The extender's version changes with the contract addon bundles rely on (header syntax, lifecycle), not with the
// runtime's release: 2.0 would mean addon bundles written for 1.x need changes. addon.build requires [1,2).
@Capability(namespace = "osgi.extender", name = "dev.addons.napi", version = "1.0", uses = AddonRuntime.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=dev.addons.api.AddonRuntime",
        uses = AddonRuntime.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=dev.addons.api.AddonInspector",
        uses = AddonRuntime.class)
package dev.addons.osgi;

import org.osgi.annotation.bundle.Capability;

import dev.addons.api.AddonRuntime;
