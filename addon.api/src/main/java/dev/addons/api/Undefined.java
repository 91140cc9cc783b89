package dev.addons.api;

/**
 * JavaScript's {@code undefined}, distinct from {@code null} in both directions: a result that is undefined (a
 * function that returns nothing, a missing property) is {@link #INSTANCE}, a result that is null is Java
 * {@code null}; an argument {@link #INSTANCE} reaches the addon as undefined, an argument {@code null} as null.
 */
public enum Undefined {
    INSTANCE;

    @Override
    public String toString() {
        return "undefined";
    }
}
