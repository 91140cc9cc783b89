package dev.addons.core;

import dev.addons.api.JsFunction;
import dev.addons.api.JsObject;

import static dev.addons.core.NativeContract.OP_CONSTRUCT;
import static dev.addons.core.NativeContract.OP_INVOKE;

/** A handle to a function. */
final class JsFunctionImpl extends JsObjectImpl implements JsFunction {

    private final String name;

    JsFunctionImpl(AddonImpl addon, HandleTable.State state, String name) {
        super(addon, state);
        this.name = name;
    }

    @Override
    String what() {
        return "function '" + name + "'";
    }

    /** As Node prints a function (consoles show results with toString). */
    @Override
    public String toString() {
        return "[Function: " + name + "]" + (isReleased() ? " (released)" : "");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Object invoke(Object thisArg, Object... args) {
        Object[] all = new Object[1 + (args == null ? 0 : args.length)];
        all[0] = thisArg;
        if (args != null) {
            System.arraycopy(args, 0, all, 1, args.length);
        }
        return op(OP_INVOKE, name, all);
    }

    @Override
    public JsObject construct(Object... args) {
        checkUsable();
        return (JsObject) addon.objectOp(this, OP_CONSTRUCT, name, args, true);
    }
}
