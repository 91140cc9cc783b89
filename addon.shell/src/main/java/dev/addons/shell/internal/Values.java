package dev.addons.shell.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.addons.api.Inspect;
import dev.addons.api.TypedArray;
import dev.addons.api.TypedArray.Kind;
import dev.addons.api.Undefined;

/**
 * Addon values as the console shows them ({@link Inspect}: as Node's {@code util.inspect}) and as it reads
 * arguments. What the console prints for a Buffer, a BigInt or a typed array can be typed back as an argument (in
 * quotes where it has spaces).
 */
public final class Values {

    private static final Pattern BIGINT = Pattern.compile("-?\\d+n");
    private static final Pattern HEX = Pattern.compile("hex:([0-9a-fA-F]*)");
    private static final Pattern BUFFER = Pattern.compile("<Buffer((?: [0-9a-fA-F]{2})*) ?>");
    /** {@code Int32Array:1,2,3}, or as printed: {@code Int32Array(3) [ 1, 2, 3 ]}. */
    private static final Pattern TYPED = Pattern.compile(
            "([A-Za-z0-9]+(?:Array|View)):(.*)|([A-Za-z0-9]+(?:Array|View))(?:\\((\\d+)\\))? ?\\[(.*)\\]",
            Pattern.DOTALL);

    private Values() {
    }

    /** As Node's {@code util.inspect} prints the JavaScript value {@code value} stands for. */
    public static String format(Object value) {
        return Inspect.format(value);
    }

    public static String formatArguments(Object[] arguments) {
        List<String> parts = new ArrayList<>();
        for (Object a : arguments) {
            parts.add(format(a));
        }
        return String.join(", ", parts);
    }

    /**
     * A console word as an addon argument: {@code null}, {@code undefined}, {@code true}/{@code false}, an integer
     * (Integer, or Long beyond 32 bits), a decimal number (Double), {@code 12n} (a BigInt: BigInteger),
     * {@code hex:78da} or {@code <Buffer 78 da>} (a Buffer: byte[]), {@code Int32Array:1,2,3} or
     * {@code Int32Array(3) [ 1, 2, 3 ]} (a typed array of that kind: int[], double[]... or a TypedArray, as
     * docs/values.md maps them); any other word is a string. Values that are not strings (a Gogo list or map, a
     * number) are passed as they are.
     *
     * @throws IllegalArgumentException for a word that names a Buffer or a typed array but is not a valid one
     */
    public static Object parse(Object word) {
        if (!(word instanceof String s)) {
            return word;
        }
        switch (s) {
            case "null":
                return null;
            case "undefined":
                return Undefined.INSTANCE;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        if (s.matches("-?\\d{1,18}")) {
            long l = Long.parseLong(s);
            if (l == (int) l) {
                return Integer.valueOf((int) l); // not a ?: expression: that would widen it to a Long
            }
            return Long.valueOf(l);
        }
        if (s.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return Double.valueOf(s);
        }
        if (BIGINT.matcher(s).matches()) {
            return new BigInteger(s.substring(0, s.length() - 1));
        }
        Matcher m = HEX.matcher(s);
        if (m.matches()) {
            return hexBytes(s, m.group(1));
        }
        m = BUFFER.matcher(s);
        if (m.matches()) {
            return hexBytes(s, m.group(1).replace(" ", ""));
        }
        m = TYPED.matcher(s);
        if (m.matches()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            Kind kind = kind(name);
            if (kind != null) {
                String elements = m.group(1) != null ? m.group(2) : m.group(5);
                Object typed = typedArray(s, kind, elements(elements));
                if (m.group(4) != null && Integer.parseInt(m.group(4)) != length(typed)) {
                    throw new IllegalArgumentException("'" + s + "' says " + m.group(4) + " elements but has "
                            + length(typed));
                }
                return typed;
            }
        }
        return s;
    }

    private static byte[] hexBytes(String word, String hex) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("'" + word + "': a Buffer needs two hex digits a byte, "
                    + hex.length() + " digits are an odd number");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static Kind kind(String jsName) {
        for (Kind k : Kind.values()) {
            if (k.jsName().equals(jsName)) {
                return k;
            }
        }
        return null;
    }

    private static List<String> elements(String list) {
        List<String> out = new ArrayList<>();
        for (String e : list.split(",")) {
            if (!e.isBlank()) {
                out.add(e.strip());
            }
        }
        return out;
    }

    private static int length(Object typed) {
        return typed instanceof TypedArray t ? t.length() : java.lang.reflect.Array.getLength(typed);
    }

    /** The Java value docs/values.md maps the kind to: a primitive array where one holds it, else a TypedArray. */
    private static Object typedArray(String word, Kind kind, List<String> elements) {
        int n = elements.size();
        try {
            switch (kind) {
                case INT32: {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Integer.parseInt(elements.get(i));
                    }
                    return a;
                }
                case FLOAT64: {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = decimal(elements.get(i));
                    }
                    return a;
                }
                case FLOAT32: {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (float) decimal(elements.get(i));
                    }
                    return a;
                }
                case INT16: {
                    short[] a = new short[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Short.parseShort(elements.get(i));
                    }
                    return a;
                }
                case UINT16: {
                    char[] a = new char[n];
                    for (int i = 0; i < n; i++) {
                        int v = Integer.parseInt(elements.get(i));
                        if (v < 0 || v > 0xFFFF) {
                            throw new NumberFormatException("out of range");
                        }
                        a[i] = (char) v;
                    }
                    return a;
                }
                case BIGINT64: {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = bigInteger(elements.get(i)).longValueExact();
                    }
                    return a;
                }
                case INT8: {
                    byte[] a = new byte[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Byte.parseByte(elements.get(i));
                    }
                    return TypedArray.int8(a);
                }
                case UINT32: {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Long.parseLong(elements.get(i));
                    }
                    return TypedArray.uint32(a);
                }
                case BIGUINT64: {
                    BigInteger[] a = new BigInteger[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = bigInteger(elements.get(i));
                    }
                    return TypedArray.bigUint64(a);
                }
                default: { // the one-byte kinds: Uint8, Uint8Clamped and a DataView's bytes, each 0 to 255
                    int[] a = new int[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = Integer.parseInt(elements.get(i));
                    }
                    if (kind == Kind.DATA_VIEW) {
                        byte[] bytes = TypedArray.uint8(a).bytes();
                        return TypedArray.dataView(bytes);
                    }
                    return kind == Kind.UINT8 ? TypedArray.uint8(a) : TypedArray.uint8Clamped(a);
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + word + "': the elements of a " + kind.jsName()
                    + " must be numbers it holds (" + String.join(", ", elements) + ")", e);
        }
    }

    private static double decimal(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!s.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new NumberFormatException("not a number: " + s);
                }
                return Double.parseDouble(s);
        }
    }

    private static BigInteger bigInteger(String s) {
        return new BigInteger(s.toLowerCase(Locale.ROOT).endsWith("n") ? s.substring(0, s.length() - 1) : s);
    }
}
