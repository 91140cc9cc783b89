package dev.addons.core;

import java.lang.ref.Cleaner;

import dev.addons.api.Addon;
import dev.addons.api.AddonContext;
import dev.addons.api.JsHandle;

/** What every handle has: its module instance, its id and what it received (see {@link HandleTable}). */
abstract class JsHandleImpl implements JsHandle {

    final AddonImpl addon;
    final HandleTable.State state;
    Cleaner.Cleanable cleanable; // set by the table right after construction

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
        cleanable.clean(); // queues the give-back once, as the Cleaner would
        addon.drainReleases();
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
