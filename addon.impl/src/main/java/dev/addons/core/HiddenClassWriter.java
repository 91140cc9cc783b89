package dev.addons.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the one class shape bound interfaces need, so that a call through the interface is a constant
 * {@code MethodHandle.invokeExact} the JIT can inline, with no boxing and no argument array:
 *
 * <pre>
 * final class Iface$$AddonBound implements Iface {
 *     private static final MethodHandle h0, h1, ...;           // from the class data, in static init
 *     public R m0(A a, B b) { return (R) h0.invokeExact(a, b); }
 *     ...
 * }
 * </pre>
 *
 * The class names nothing but the interface and java.* types, so it can live in the interface's own class loader
 * (an OSGi bundle's) without seeing this bundle. No branches, so no stack map frames are needed.
 */
final class HiddenClassWriter {

    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_PRIVATE = 0x0002;
    private static final int ACC_STATIC = 0x0008;
    private static final int ACC_FINAL = 0x0010;
    private static final int ACC_SUPER = 0x0020;
    private static final int JAVA_17 = 61;

    private final ConstantPool pool = new ConstantPool();

    /** The class bytes; the class data must be a {@code List<MethodHandle>} in the order of {@code methods}. */
    byte[] write(Class<?> api, List<Method> methods) {
        String internalName = api.getName().replace('.', '/') + "$$AddonBound";
        int thisClass = pool.classRef(internalName);
        int superClass = pool.classRef("java/lang/Object");
        int iface = pool.classRef(api.getName().replace('.', '/'));

        List<byte[]> methodInfos = new ArrayList<>();
        methodInfos.add(constructor());
        methodInfos.add(staticInit(internalName, methods.size()));
        for (int i = 0; i < methods.size(); i++) {
            methodInfos.add(delegate(internalName, i, methods.get(i)));
        }

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(JAVA_17);
            // Fields reference pool entries too: resolve their names before the pool is written.
            int handleType = pool.utf8("Ljava/lang/invoke/MethodHandle;");
            int[] fieldNames = new int[methods.size()];
            for (int i = 0; i < methods.size(); i++) {
                fieldNames[i] = pool.utf8("h" + i);
            }
            pool.writeTo(out);
            out.writeShort(ACC_PUBLIC | ACC_FINAL | ACC_SUPER);
            out.writeShort(thisClass);
            out.writeShort(superClass);
            out.writeShort(1);
            out.writeShort(iface);
            out.writeShort(methods.size());
            for (int i = 0; i < methods.size(); i++) {
                out.writeShort(ACC_PRIVATE | ACC_STATIC | ACC_FINAL);
                out.writeShort(fieldNames[i]);
                out.writeShort(handleType);
                out.writeShort(0);
            }
            out.writeShort(methodInfos.size());
            for (byte[] m : methodInfos) {
                out.write(m);
            }
            out.writeShort(0); // no class attributes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private byte[] constructor() {
        Code code = new Code();
        code.op(0x2A); // aload_0
        code.op(0xB7).u2(pool.methodRef("java/lang/Object", "<init>", "()V")); // invokespecial
        code.op(0xB1); // return
        return method(ACC_PUBLIC, "<init>", "()V", code, 1, 1);
    }

    private byte[] staticInit(String owner, int count) {
        Code code = new Code();
        code.op(0xB8).u2(pool.methodRef("java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;")); // invokestatic
        code.op(0x12).u1(pool.string("_")); // ldc: ConstantDescs.DEFAULT_NAME
        code.op(0x12).u1(pool.classRef("java/util/List")); // ldc List.class
        code.op(0xB8).u2(pool.methodRef("java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;"));
        code.op(0xC0).u2(pool.classRef("java/util/List")); // checkcast
        code.op(0x4B); // astore_0
        for (int i = 0; i < count; i++) {
            code.op(0x2A); // aload_0
            code.op(0x11).u2(i); // sipush i
            code.op(0xB9).u2(pool.interfaceMethodRef("java/util/List", "get", "(I)Ljava/lang/Object;")).u1(2).u1(0);
            code.op(0xC0).u2(pool.classRef("java/lang/invoke/MethodHandle")); // checkcast
            code.op(0xB3).u2(pool.fieldRef(owner, "h" + i, "Ljava/lang/invoke/MethodHandle;")); // putstatic
        }
        code.op(0xB1);
        return method(ACC_STATIC, "<clinit>", "()V", code, 3, 1);
    }

    private byte[] delegate(String owner, int index, Method m) {
        MethodType type = MethodType.methodType(m.getReturnType(), m.getParameterTypes());
        Code code = new Code();
        code.op(0xB2).u2(pool.fieldRef(owner, "h" + index, "Ljava/lang/invoke/MethodHandle;")); // getstatic
        int slot = 1;
        for (Class<?> p : m.getParameterTypes()) {
            code.op(loadOpcode(p)).u1(slot);
            slot += slots(p);
        }
        code.op(0xB6).u2(pool.methodRef("java/lang/invoke/MethodHandle", "invokeExact",
                type.toMethodDescriptorString())); // invokevirtual, signature-polymorphic
        code.op(returnOpcode(m.getReturnType()));
        int maxStack = Math.max(1 + (slot - 1), slots(m.getReturnType()));
        return method(ACC_PUBLIC, m.getName(), type.toMethodDescriptorString(), code, maxStack, slot);
    }

    private byte[] method(int access, String name, String descriptor, Code code, int maxStack, int maxLocals) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(access);
            out.writeShort(pool.utf8(name));
            out.writeShort(pool.utf8(descriptor));
            out.writeShort(1);
            out.writeShort(pool.utf8("Code"));
            byte[] body = code.bytes.toByteArray();
            out.writeInt(12 + body.length);
            out.writeShort(maxStack);
            out.writeShort(maxLocals);
            out.writeInt(body.length);
            out.write(body);
            out.writeShort(0); // exception table
            out.writeShort(0); // attributes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int slots(Class<?> type) {
        return type == void.class ? 0 : type == long.class || type == double.class ? 2 : 1;
    }

    private static int loadOpcode(Class<?> type) {
        if (!type.isPrimitive()) {
            return 0x19; // aload
        }
        if (type == long.class) {
            return 0x16; // lload
        }
        if (type == float.class) {
            return 0x17; // fload
        }
        if (type == double.class) {
            return 0x18; // dload
        }
        return 0x15; // iload: int, short, byte, char, boolean
    }

    private static int returnOpcode(Class<?> type) {
        if (type == void.class) {
            return 0xB1;
        }
        if (!type.isPrimitive()) {
            return 0xB0; // areturn
        }
        if (type == long.class) {
            return 0xAD;
        }
        if (type == float.class) {
            return 0xAE;
        }
        if (type == double.class) {
            return 0xAF;
        }
        return 0xAC; // ireturn
    }

    /** Bytecode of one method. */
    private static final class Code {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Code op(int opcode) {
            bytes.write(opcode);
            return this;
        }

        Code u1(int v) {
            if (v > 0xFF) {
                throw new IllegalStateException("constant pool or local index too large for a one-byte operand: " + v);
            }
            bytes.write(v);
            return this;
        }

        Code u2(int v) {
            bytes.write(v >>> 8);
            bytes.write(v & 0xFF);
            return this;
        }
    }

    /** A constant pool with de-duplication; entries are numbered from 1. */
    private static final class ConstantPool {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final Map<String, Integer> entries = new HashMap<>();
        private int count = 1;

        private int entry(String key, IoWriter writer) {
            Integer existing = entries.get(key);
            if (existing != null) {
                return existing;
            }
            try {
                writer.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            entries.put(key, count);
            return count++;
        }

        int utf8(String s) {
            return entry("U" + s, o -> {
                o.writeByte(1);
                o.writeUTF(s);
            });
        }

        int classRef(String internalName) {
            int name = utf8(internalName);
            return entry("C" + internalName, o -> {
                o.writeByte(7);
                o.writeShort(name);
            });
        }

        int string(String s) {
            int value = utf8(s);
            return entry("S" + s, o -> {
                o.writeByte(8);
                o.writeShort(value);
            });
        }

        private int nameAndType(String name, String descriptor) {
            int n = utf8(name);
            int d = utf8(descriptor);
            return entry("N" + name + ":" + descriptor, o -> {
                o.writeByte(12);
                o.writeShort(n);
                o.writeShort(d);
            });
        }

        private int member(int tag, String owner, String name, String descriptor) {
            int c = classRef(owner);
            int nt = nameAndType(name, descriptor);
            return entry(tag + owner + "." + name + ":" + descriptor, o -> {
                o.writeByte(tag);
                o.writeShort(c);
                o.writeShort(nt);
            });
        }

        int fieldRef(String owner, String name, String descriptor) {
            return member(9, owner, name, descriptor);
        }

        int methodRef(String owner, String name, String descriptor) {
            return member(10, owner, name, descriptor);
        }

        int interfaceMethodRef(String owner, String name, String descriptor) {
            return member(11, owner, name, descriptor);
        }

        void writeTo(DataOutputStream target) throws IOException {
            target.writeShort(count);
            out.flush();
            target.write(bytes.toByteArray());
        }

        private interface IoWriter {
            void write(DataOutputStream out) throws IOException;
        }
    }
}
