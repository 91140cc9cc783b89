package dev.addons.api;

/**
 * A Java function that an addon can call as a JavaScript function: a callback.
 *
 * <p>Passed to {@link Addon#call} (as an argument, or inside a {@code List} or {@code Map} argument at any depth),
 * or returned by another {@code JavaFunction}, it is a function value to the addon: {@code napi_typeof} says
 * {@code napi_function}, and {@code napi_call_function} calls {@link #apply} on the same thread, with the
 * receiver and the arguments converted as results are (a JavaScript object arrives as a {@code Map}, an array as
 * a {@code List}...), while the context's lock is held. Its result goes back to the addon converted as arguments
 * are.
 *
 * <pre>{@code
 * List<Object> seen = new ArrayList<>();
 * addon.call("forEach", List.of(1, 2, 3), (JavaFunction) (self, args) -> seen.add(args[0]));
 * }</pre>
 *
 * <p>An exception thrown here becomes a pending JavaScript {@code Error} in the addon, with the exception's message
 * (and the code of an {@link AddonException}); an addon that does not catch it throws it back to its caller, who
 * gets an {@link AddonException}. From inside, calls into addons of the same context work (the lock is
 * re-entrant, as JavaScript calling back into an addon from a callback); closing that context does not.
 *
 * <p>The same object passed again is the same JavaScript function as long as the addon holds it. The runtime lets go
 * of the object when the addon frees the function value, or when the context closes.
 *
 * @since 1.3
 */
@FunctionalInterface
public interface JavaFunction {

    /**
     * Called by the addon.
     *
     * @param thisArg the receiver the addon passed ({@code recv} of {@code napi_call_function}), converted
     * @param args the arguments, converted; never null
     * @return the result for the addon ({@code null} is JavaScript's {@code null})
     * @throws Exception to throw a JavaScript {@code Error} in the addon
     */
    Object apply(Object thisArg, Object[] args) throws Exception;
}
