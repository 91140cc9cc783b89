package dev.addons.core;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;

import dev.addons.api.JsFunction;
import dev.addons.api.JsObject;
import dev.addons.api.JsSymbol;

import static dev.addons.core.NativeContract.OP_CALL_METHOD;
import static dev.addons.core.NativeContract.OP_DELETE;
import static dev.addons.core.NativeContract.OP_GET;
import static dev.addons.core.NativeContract.OP_HAS;
import static dev.addons.core.NativeContract.OP_INSTANCE_OF;
import static dev.addons.core.NativeContract.OP_KEY_IN_ARGUMENTS;
import static dev.addons.core.NativeContract.OP_SET;

/** A handle to an object: each operation is one entry into the context ({@link AddonImpl#objectOp}). */
class JsObjectImpl extends JsHandleImpl implements JsObject {

    JsObjectImpl(AddonImpl addon, HandleTable.State state) {
        super(addon, state);
    }

    @Override
    String what() {
        return "an object";
    }

    final Object op(int op, String key, Object[] args) {
        checkUsable();
        return addon.objectOp(this, op, key, args, false);
    }

    @Override
    public Object get(String key) {
        return op(OP_GET, Objects.requireNonNull(key, "key"), null);
    }

    @Override
    public void set(String key, Object value) {
        op(OP_SET, Objects.requireNonNull(key, "key"), new Object[] {value});
    }

    @Override
    public boolean has(String key) {
        return (Boolean) op(OP_HAS, Objects.requireNonNull(key, "key"), null);
    }

    @Override
    public boolean delete(String key) {
        return (Boolean) op(OP_DELETE, Objects.requireNonNull(key, "key"), null);
    }

    @Override
    public Object call(String method, Object... args) {
        return op(OP_CALL_METHOD, Objects.requireNonNull(method, "method"), args);
    }

    /**
     * An operation keyed by a symbol: the symbol crosses as argument 0 (a handle, refused if it is another module
     * instance's), the operation's arguments after it. The member named in messages is the symbol's text.
     */
    private Object symbolOp(int op, JsSymbol key, Object[] args, boolean handleResult) {
        Objects.requireNonNull(key, "key");
        checkUsable();
        Object[] all = new Object[1 + (args == null ? 0 : args.length)];
        all[0] = key;
        if (args != null) {
            System.arraycopy(args, 0, all, 1, args.length);
        }
        return addon.objectOp(this, op | OP_KEY_IN_ARGUMENTS, key.toString(), all, handleResult);
    }

    @Override
    public Object get(JsSymbol key) {
        return symbolOp(OP_GET, key, null, false);
    }

    @Override
    public void set(JsSymbol key, Object value) {
        symbolOp(OP_SET, key, new Object[] {value}, false);
    }

    @Override
    public boolean has(JsSymbol key) {
        return (Boolean) symbolOp(OP_HAS, key, null, false);
    }

    @Override
    public boolean delete(JsSymbol key) {
        return (Boolean) symbolOp(OP_DELETE, key, null, false);
    }

    @Override
    public Object call(JsSymbol method, Object... args) {
        return symbolOp(OP_CALL_METHOD, method, args, false);
    }

    @Override
    public JsObject getHandle(String key) {
        checkUsable();
        Object value = addon.objectOp(this, OP_GET, Objects.requireNonNull(key, "key"), null, true);
        return asObject(value, "'" + key + "'");
    }

    @Override
    public JsObject getHandle(JsSymbol key) {
        return asObject(symbolOp(OP_GET, key, null, true), key.toString());
    }

    private JsObject asObject(Object value, String property) {
        if (value instanceof JsObject) {
            return (JsObject) value;
        }
        throw new IllegalArgumentException("module '" + addon.moduleName() + "': property " + property + " is "
                + (value == null ? "null" : value == dev.addons.api.Undefined.INSTANCE ? "undefined"
                        : "a " + value.getClass().getSimpleName()) + ", not an object");
    }

    @Override
    public <R> R withBytes(Function<ByteBuffer, R> reader) {
        return addon.withBytes(this, false, Objects.requireNonNull(reader, "reader"));
    }

    @Override
    public <R> R withWritableBytes(Function<ByteBuffer, R> writer) {
        return addon.withBytes(this, true, Objects.requireNonNull(writer, "writer"));
    }

    @Override
    public boolean instanceOf(JsFunction constructor) {
        return (Boolean) op(OP_INSTANCE_OF, "instanceof", new Object[] {Objects.requireNonNull(constructor)});
    }
}
