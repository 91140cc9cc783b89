package dev.addons.bench.jnibundle;

import java.util.function.IntBinaryOperator;

/** The plain JNI bundle's service: the same addition as the bench addon, as a static native method. */
public final class JniAdder implements IntBinaryOperator {

    static native int add(int a, int b);

    @Override
    public int applyAsInt(int a, int b) {
        return add(a, b);
    }
}
