package dev.addons.core;

import dev.addons.api.AddonInspector;

/**
 * Who a context belongs to: a bundle (symbolic name and id) or an embedder. Kept as two values so that consoles
 * read the bundle id instead of parsing it back out of {@link #label()}.
 *
 * @param name the bundle's symbolic name, or {@value AddonRuntimeCore#EMBEDDER}
 * @param bundleId the bundle's id, or {@link AddonInspector#NOT_A_BUNDLE}
 */
public record ContextOwner(String name, long bundleId) {

    /** The owner of contexts created without one. */
    public static final ContextOwner EMBEDDER = new ContextOwner(AddonRuntimeCore.EMBEDDER,
            AddonInspector.NOT_A_BUNDLE);

    public ContextOwner {
        if (name == null) {
            throw new IllegalArgumentException("a context owner needs a name");
        }
    }

    public static ContextOwner bundle(String symbolicName, long bundleId) {
        if (bundleId < 0) {
            throw new IllegalArgumentException("bundle " + symbolicName + ": a bundle id is not negative");
        }
        return new ContextOwner(symbolicName, bundleId);
    }

    public boolean isBundle() {
        return bundleId != AddonInspector.NOT_A_BUNDLE;
    }

    /** How messages name it, as the OSGi layer does: {@code symbolic.name [id]}, or {@code embedder}. */
    public String label() {
        return isBundle() ? name + " [" + bundleId + "]" : name;
    }
}
