package dev.addons.osgi;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

import dev.addons.api.AddonRuntime;
import dev.addons.core.AddonRuntimeCore;

/** Bundle scope: each consumer bundle gets its own {@link BundleRuntimeView}. */
final class RuntimeServiceFactory implements ServiceFactory<AddonRuntime> {

    private final AddonRuntimeCore core;

    RuntimeServiceFactory(AddonRuntimeCore core) {
        this.core = core;
    }

    @Override
    public AddonRuntime getService(Bundle bundle, ServiceRegistration<AddonRuntime> registration) {
        return new BundleRuntimeView(core, bundle);
    }

    @Override
    public void ungetService(Bundle bundle, ServiceRegistration<AddonRuntime> registration, AddonRuntime service) {
        ((BundleRuntimeView) service).release();
    }
}
