package dev.addons.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates contexts. In OSGi this is a bundle-scoped service: each consumer bundle gets its own view, and the
 * contexts it created are closed when it releases the service (or stops).
 */
@ProviderType
public interface AddonRuntime {

    /** Creates an empty open context; load modules into it with {@link AddonContext#load}. */
    AddonContext newContext(String name);

    /** Convenience: a new context with {@code spec} loaded into it. The context is closed if the load fails. */
    default Addon load(String contextName, ModuleSpec spec) {
        AddonContext context = newContext(contextName);
        try {
            return context.load(spec);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** The open contexts created through this runtime (or this view of it). */
    List<AddonContext> contexts();
}
