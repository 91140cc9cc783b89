package dev.addons.core;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;

import dev.addons.api.JsFunction;
import dev.addons.api.JsObject;

import static dev.addons.core.NativeContract.OP_CALL_METHOD;
import static dev.addons.core.NativeContract.OP_DELETE;
import static dev.addons.core.NativeContract.OP_GET;
import static dev.addons.core.NativeContract.OP_HAS;
import static dev.addons.core.NativeContract.OP_INSTANCE_OF;
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

    @Override
    public JsObject getHandle(String key) {
        checkUsable();
        Object value = addon.objectOp(this, OP_GET, Objects.requireNonNull(key, "key"), null, true);
        if (value instanceof JsObject) {
            return (JsObject) value;
        }
        throw new IllegalArgumentException("module '" + addon.moduleName() + "': property '" + key + "' is "
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
