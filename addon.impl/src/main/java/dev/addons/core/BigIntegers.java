package dev.addons.core;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * A JavaScript BigInt on the wire ({@link NativeContract#TAG_BIGINT}): a sign byte, then the magnitude as 64-bit
 * words, least significant first, as {@code napi_create_bigint_words} takes them.
 */
final class BigIntegers {

    private static final BigInteger WORD = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger WORD_MASK = WORD.subtract(BigInteger.ONE);

    private BigIntegers() {
    }

    static void write(ValueCodec.Writer w, BigInteger value) {
        BigInteger magnitude = value.abs();
        int count = (magnitude.bitLength() + 63) / 64;
        w.u8(NativeContract.TAG_BIGINT);
        w.u8((byte) (value.signum() < 0 ? 1 : 0));
        w.u32(count);
        for (int i = 0; i < count; i++) {
            w.i64(magnitude.shiftRight(64 * i).and(WORD_MASK).longValue());
        }
    }

    static BigInteger read(ByteBuffer in) {
        boolean negative = in.get() != 0;
        int count = in.getInt();
        BigInteger magnitude = BigInteger.ZERO;
        for (int i = count - 1; i >= 0; i--) {
            long word = in.getLong(in.position() + 8 * i);
            magnitude = magnitude.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(word)));
        }
        in.position(in.position() + 8 * count);
        return negative ? magnitude.negate() : magnitude;
    }
}
