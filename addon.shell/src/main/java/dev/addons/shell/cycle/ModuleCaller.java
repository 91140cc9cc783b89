package dev.addons.shell.cycle;

import java.util.HashMap;
import java.util.Map;

import dev.addons.api.Addon;
import dev.addons.api.JsFunction;
import dev.addons.shell.internal.Values;

/**
 * Makes the one call per module and cycle: the function given to the runner, or else the module's first exported
 * function (looked up once per module), and says whether it returned the expected value.
 */
final class ModuleCaller {

    /** What a call returned (or threw), as the report lists it, and whether that was the expected value. */
    record Outcome(String description, boolean expected) {
    }

    private final String function;
    private final Object[] arguments;
    private final boolean checkResult;
    private final Object expectedResult;
    private final Map<String, String> firstFunction = new HashMap<>();

    /** {@code function} null: each module's first exported function; {@code checkResult}: compare to expected. */
    ModuleCaller(String function, Object[] arguments, boolean checkResult, Object expectedResult) {
        this.function = function;
        this.arguments = arguments.clone();
        this.checkResult = checkResult;
        this.expectedResult = expectedResult;
    }

    Outcome callOnce(Addon addon) {
        String module = addon.moduleName();
        String fn = function != null ? function : firstFunction.computeIfAbsent(module, m -> firstFunction(addon));
        if (fn.isEmpty()) {
            return new Outcome(module + ": no exported function to call", !checkResult);
        }
        String call = module + "." + fn + "(" + Values.formatArguments(arguments) + ")";
        try {
            Object result = addon.call(fn, arguments);
            boolean expected = !checkResult || Values.format(expectedResult).equals(Values.format(result));
            return new Outcome(call + " -> " + Values.format(result), expected);
        } catch (RuntimeException e) {
            return new Outcome(call + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    /** What the report says a call should have returned. */
    String expectation() {
        return "expected " + Values.format(expectedResult);
    }

    boolean checksResult() {
        return checkResult;
    }

    private static String firstFunction(Addon addon) {
        for (String name : addon.exportNames()) {
            Object value = addon.get(name);
            if (value instanceof JsFunction) {
                return name;
            }
        }
        return "";
    }
}
