/**
 * Java API of the context-aware native addon runtime.
 *
 * <p>An {@link dev.addons.api.AddonContext} is what Node.js calls an environment: each bundle activation,
 * each consumer of the {@link dev.addons.api.AddonRuntime} service and each context created by an embedder
 * loads its addon modules afresh, with its own instance data and cleanup hooks, and closing it runs them.
 */
@Export
@Version("1.4.0")
package dev.addons.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
