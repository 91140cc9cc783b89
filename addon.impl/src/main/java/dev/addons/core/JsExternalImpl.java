package dev.addons.core;

import dev.addons.api.JsExternal;

/** A handle to an external value: nothing to do with it in Java but pass it back. */
final class JsExternalImpl extends JsHandleImpl implements JsExternal {

    JsExternalImpl(AddonImpl addon, HandleTable.State state) {
        super(addon, state);
    }

    /** As Node prints an external. */
    @Override
    public String toString() {
        return "[External]" + (isReleased() ? " (released)" : "");
    }

    @Override
    String what() {
        return "an external";
    }
}
