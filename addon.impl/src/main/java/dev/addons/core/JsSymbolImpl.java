package dev.addons.core;

import dev.addons.api.JsSymbol;

/** A handle to a symbol. */
final class JsSymbolImpl extends JsHandleImpl implements JsSymbol {

    private final String description;

    JsSymbolImpl(AddonImpl addon, HandleTable.State state, String description) {
        super(addon, state);
        this.description = description;
    }

    @Override
    String what() {
        return description == null ? "a symbol" : "symbol '" + description + "'";
    }

    /** As Node prints a symbol. */
    @Override
    public String toString() {
        return "Symbol(" + (description == null ? "" : description) + ")" + (isReleased() ? " (released)" : "");
    }

    @Override
    public String description() {
        return description;
    }
}
