package dev.addons.core;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.JsHandle;

/** What every handle has: its module instance, its id and what it received (see {@link HandleTable}). */
abstract class JsHandleImpl implements JsHandle {

    final AddonImpl addon;
    final HandleTable.State state;

    JsHandleImpl(AddonImpl addon, HandleTable.State state) {
        this.addon = addon;
        this.state = state;
    }

    /** "an object", "function 'f'", "symbol 'd'": for messages. */
    abstract String what();

    @Override
    public final Addon addon() {
        return addon;
    }

    long id() {
        return state.id;
    }

    @Override
    public final void release() {
        if (addon.handles().queueRelease(state)) {
            addon.drainReleases(); // now, if the context is open; else its close let go of the value already
        }
    }

    @Override
    public final boolean isReleased() {
        return addon.handles().isReleased(state);
    }

    /** Throws if this handle can no longer be used, naming module and context. */
    final void checkUsable() {
        boolean closed = addon.context().state() != AddonContext.State.OPEN;
        if (closed || isReleased()) {
            throw new IllegalStateException("handle to " + what() + " of module '" + addon.moduleName() + "' in "
                    + addon.contextDescription() + (closed ? ": the context is " + addon.context().state().name()
                            .toLowerCase(java.util.Locale.ROOT) : " was released"));
        }
    }

    @Override
    public String toString() {
        return "[" + what() + " of module '" + addon.moduleName() + "'" + (isReleased() ? ", released" : "") + "]";
    }
}
