package dev.addons.core;

import dev.addons.api.JsExternal;

/** A handle to an external value: nothing to do with it in Java but pass it back. */
final class JsExternalImpl extends JsHandleImpl implements JsExternal {

    JsExternalImpl(AddonImpl addon, HandleTable.State state) {
        super(addon, state);
    }

    @Override
    String what() {
        return "an external";
    }
}
