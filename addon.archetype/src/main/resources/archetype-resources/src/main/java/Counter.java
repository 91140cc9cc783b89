package ${package};

/**
 * The addon's exports as a Java interface: {@code addon.bind(Counter.class)} maps each method to the exported
 * function of the same name (see {@code dev.addons.api.AddonFunction} for other names).
 */
public interface Counter {

    /** @return the number of calls in this context so far: 1, 2, 3, ... */
    int count();
}
