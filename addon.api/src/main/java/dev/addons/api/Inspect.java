package dev.addons.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Addon values as Node 20's {@code util.inspect(value)} prints them with its default options (depth 2, break length
 * 80, compact 3, at most 100 array items and 10,000 string characters), for consoles and logs: {@code [ 1, 2, 3 ]},
 * {@code { a: 1, 'b-c': 2 }}, {@code 'text'}, {@code 12n}, {@code -0}, {@code <Buffer 78 da>},
 * {@code Float64Array(3) [ 1, 2, 3 ]}, {@code 2017-07-14T02:40:00.000Z}, nested values past depth 2 as
 * {@code [Object]} / {@code [Array]}, long ones broken over lines as Node breaks them.
 *
 * <p>The Java values are read as the JavaScript values they stand for (docs/values.md): {@code byte[]} and
 * {@code ByteBuffer} (its remaining bytes) as a Buffer, {@code int[]} as an Int32Array, {@code double[]},
 * {@code float[]}, {@code short[]}, {@code char[]} (Uint16Array), {@code long[]} (BigInt64Array), {@link TypedArray}
 * of its kind (a DataView with its ArrayBuffer), {@code BigInteger} as a BigInt, {@code Instant} as a Date (one
 * outside a Date's range is an {@code Invalid Date}), {@code List} and {@code Object[]} as arrays, {@code Map} as an
 * object (integer-like keys first, in ascending order, as JavaScript orders them), {@code CharSequence} and
 * {@code Character} as strings, other numbers as numbers.
 *
 * <p>Any other object prints as its {@code toString()}, with each line after the first indented to where it stands,
 * as Node treats a string returned by a {@code [util.inspect.custom]} method: that is how handles to live values
 * (functions, class instances, symbols, {@code undefined}) print as {@code [Function: name]},
 * {@code MyObject { value: 10 }}, {@code Symbol(desc)} or {@code undefined}.
 *
 * <p>Each call keeps its own state: {@link #format} may be called from several threads at once.
 */
public final class Inspect {

    private static final int DEPTH = 2;
    private static final int BREAK_LENGTH = 80;
    private static final int COMPACT = 3;
    private static final int MAX_ARRAY_LENGTH = 100;
    private static final int MAX_STRING_LENGTH = 10_000;
    /** {@code require('buffer').INSPECT_MAX_BYTES}. */
    private static final int BUFFER_MAX_BYTES = 50;
    /** Strings up to this length are never split at their newlines. */
    private static final int MIN_LINE_LENGTH = 16;
    /** A Date's time value is at most 10^8 days either side of 1970. */
    private static final long MAX_DATE_MILLIS = 8_640_000_000_000_000L;
    private static final double MAX_SAFE_INTEGER = 9_007_199_254_740_991d;

    private int indentation;
    private int currentDepth;
    /** The containers being printed, outermost first: meeting one again is a cycle. */
    private final List<Object> seen = new ArrayList<>();
    /** The containers met again, numbered in the order first met again ({@code <ref *1>}). */
    private final IdentityHashMap<Object, Integer> circular = new IdentityHashMap<>();

    private Inspect() {
    }

    /** {@code value} as {@code util.inspect(value)} prints the JavaScript value it stands for. */
    public static String format(Object value) {
        return new Inspect().formatValue(value, 0);
    }

    private String formatValue(Object value, int recurseTimes) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return formatString(value.toString());
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return formatNumber(n);
        }
        if (value instanceof Instant instant) {
            return formatDate(instant);
        }
        if (value instanceof byte[] bytes) {
            return formatBuffer(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return formatBuffer(bytes);
        }
        if (value instanceof List<?> || value instanceof Object[] || value instanceof boolean[]) {
            return formatArray(value, asList(value), recurseTimes);
        }
        if (value instanceof Map<?, ?> map) {
            return formatObject(map, recurseTimes);
        }
        if (value instanceof TypedArray typed) {
            return formatTyped(typed, recurseTimes);
        }
        if (value instanceof ArrayBufferView buffer) {
            return formatArrayBuffer(buffer, recurseTimes);
        }
        if (value instanceof int[] a) {
            return formatTypedArray(a, "Int32Array", a.length, i -> a[i], recurseTimes);
        }
        if (value instanceof double[] a) {
            return formatTypedArray(a, "Float64Array", a.length, i -> a[i], recurseTimes);
        }
        if (value instanceof float[] a) {
            return formatTypedArray(a, "Float32Array", a.length, i -> a[i], recurseTimes);
        }
        if (value instanceof short[] a) {
            return formatTypedArray(a, "Int16Array", a.length, i -> a[i], recurseTimes);
        }
        if (value instanceof char[] a) {
            return formatTypedArray(a, "Uint16Array", a.length, i -> (int) a[i], recurseTimes);
        }
        if (value instanceof long[] a) {
            return formatTypedArray(a, "BigInt64Array", a.length, i -> BigInteger.valueOf(a[i]), recurseTimes);
        }
        // The hook for values this class does not know (handles to live values): their own text, indented as Node
        // indents the string a [util.inspect.custom] method returns.
        return String.valueOf(value).replace("\n", "\n" + " ".repeat(indentation));
    }

    private static List<?> asList(Object array) {
        if (array instanceof List<?> list) {
            return list;
        }
        if (array instanceof Object[] objects) {
            return Arrays.asList(objects);
        }
        boolean[] booleans = (boolean[]) array;
        List<Object> list = new ArrayList<>(booleans.length);
        for (boolean b : booleans) {
            list.add(b);
        }
        return list;
    }

    // ---- primitives

    private String formatString(String value) {
        String trailer = "";
        if (value.length() > MAX_STRING_LENGTH) {
            int remaining = value.length() - MAX_STRING_LENGTH;
            value = value.substring(0, MAX_STRING_LENGTH);
            trailer = "... " + remaining + " more character" + (remaining > 1 ? "s" : "");
        }
        if (value.length() > MIN_LINE_LENGTH && value.length() > BREAK_LENGTH - indentation - 4) {
            // One quoted piece per line, each ending with its newline, joined by ' +'.
            List<String> pieces = new ArrayList<>();
            for (String line : value.split("(?<=\n)")) {
                pieces.add(quote(line));
            }
            return String.join(" +\n" + " ".repeat(indentation + 2), pieces) + trailer;
        }
        return quote(value) + trailer;
    }

    /**
     * In single quotes, or in double quotes or backticks when that spares escaping single quotes; control
     * characters, C1 controls, backslashes and lone surrogates escaped.
     */
    static String quote(String s) {
        char quote = '\'';
        if (s.indexOf('\'') >= 0) {
            if (s.indexOf('"') < 0) {
                quote = '"';
            } else if (s.indexOf('`') < 0 && !s.contains("${")) {
                quote = '`';
            }
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && quote == '\'') {
                out.append("\\'");
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c < 32 || (c > 126 && c < 160)) {
                out.append(escapeControl(c));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    out.append("\\u").append(Integer.toHexString(c));
                }
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    private static String escapeControl(char c) {
        switch (c) {
            case '\b':
                return "\\b";
            case '\t':
                return "\\t";
            case '\n':
                return "\\n";
            case '\f':
                return "\\f";
            case '\r':
                return "\\r";
            default:
                return String.format("\\x%02X", (int) c);
        }
    }

    private static String formatNumber(Number n) {
        if (n instanceof BigInteger big) {
            return big + "n";
        }
        if (n instanceof Double || n instanceof Float) {
            return jsNumber(n.doubleValue());
        }
        return n.toString(); // Integer, Long, Short, Byte: their digits; other Number classes: their own text
    }

    /** JavaScript's Number::toString: the shortest digits that read back as the same double, in JS notation. */
    static String jsNumber(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        if (d < 0) {
            return "-" + jsNumber(-d);
        }
        if (d == Math.rint(d) && d <= MAX_SAFE_INTEGER) {
            return Long.toString((long) d);
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // the value is 0.digits * 10^n
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int e = n - 1;
        String exponent = "e" + (e < 0 ? "-" : "+") + Math.abs(e);
        return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
    }

    /** {@code Date.prototype.toISOString}, or {@code Invalid Date} for an instant no Date can hold. */
    private static String formatDate(Instant instant) {
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return "Invalid Date";
        }
        if (Math.abs(millis) > MAX_DATE_MILLIS) {
            return "Invalid Date";
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
        int year = t.getYear();
        String y = year >= 0 && year <= 9999 ? String.format("%04d", year)
                : (year < 0 ? "-" : "+") + String.format("%06d", Math.abs(year));
        return String.format("%s-%02d-%02dT%02d:%02d:%02d.%03dZ", y, t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
    }

    /** Buffer's own inspect: at most 50 bytes in hex. */
    private static String formatBuffer(byte[] bytes) {
        int shown = Math.min(BUFFER_MAX_BYTES, bytes.length);
        String hex = hexPairs(bytes, shown);
        int remaining = bytes.length - BUFFER_MAX_BYTES;
        if (remaining > 0) {
            hex += " ... " + remaining + " more byte" + (remaining > 1 ? "s" : "");
        }
        return "<Buffer " + hex + ">";
    }

    private static String hexPairs(byte[] bytes, int count) {
        StringBuilder s = new StringBuilder(count * 3);
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : " ").append(Character.forDigit((bytes[i] >> 4) & 0xF, 16))
                    .append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return s.toString();
    }

    // ---- containers

    /** What a container prints inside its braces, given the level its entries are at. */
    private interface Entries {
        List<String> format(int recurseTimes);
    }

    /**
     * The common part of Node's formatRaw for a container that is not empty: the depth limit, cycles, and
     * lining up the entries.
     */
    private String formatContainer(Object value, String name, String open, String close, boolean arrayLike,
            List<?> elements, int recurseTimes, Entries entries) {
        if (seen.stream().anyMatch(s -> s == value)) {
            int index = circular.computeIfAbsent(value, v -> circular.size() + 1);
            return "[Circular *" + index + "]";
        }
        if (recurseTimes > DEPTH) {
            return "[" + name + "]";
        }
        recurseTimes++;
        seen.add(value);
        currentDepth = recurseTimes;
        List<String> output = entries.format(recurseTimes);
        Integer reference = circular.get(value);
        String base = reference == null ? "" : "<ref *" + reference + ">";
        seen.remove(seen.size() - 1);
        return reduceToSingleString(output, base, open, close, arrayLike, elements, recurseTimes);
    }

    private String formatArray(Object value, List<?> list, int recurseTimes) {
        if (list.isEmpty()) {
            return "[]";
        }
        return formatContainer(value, "Array", "[", "]", true, list, recurseTimes, level -> {
            int shown = Math.min(MAX_ARRAY_LENGTH, list.size());
            List<String> output = new ArrayList<>(shown + 1);
            for (int i = 0; i < shown; i++) {
                output.add(formatProperty(list.get(i), level));
            }
            if (list.size() > shown) {
                output.add(remainingText(list.size() - shown));
            }
            return output;
        });
    }

    private String formatObject(Map<?, ?> map, int recurseTimes) {
        if (map.isEmpty()) {
            return "{}";
        }
        return formatContainer(map, "Object", "{", "}", false, null, recurseTimes, level -> {
            List<String> output = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : inJavaScriptOrder(map)) {
                output.add(formatKey(String.valueOf(e.getKey())) + ": " + formatProperty(e.getValue(), level));
            }
            return output;
        });
    }

    /** Array-index keys ({@code '0'} to {@code '4294967294'}) first in ascending order, then the others as they are. */
    private static List<Map.Entry<?, ?>> inJavaScriptOrder(Map<?, ?> map) {
        List<Map.Entry<?, ?>> indices = new ArrayList<>();
        List<Map.Entry<?, ?>> others = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            (arrayIndex(String.valueOf(e.getKey())) >= 0 ? indices : others).add(e);
        }
        indices.sort((a, b) -> Long.compare(arrayIndex(String.valueOf(a.getKey())),
                arrayIndex(String.valueOf(b.getKey()))));
        indices.addAll(others);
        return indices;
    }

    private static long arrayIndex(String key) {
        if (!key.matches("0|[1-9][0-9]{0,9}")) {
            return -1;
        }
        long index = Long.parseLong(key);
        return index <= 0xFFFF_FFFEL ? index : -1;
    }

    private static String formatKey(String key) {
        if (key.equals("__proto__")) {
            return "['__proto__']";
        }
        return key.matches("[a-zA-Z_][a-zA-Z_0-9]*") ? key : quote(key);
    }

    /** An element or a property's value, two columns further in. */
    private String formatProperty(Object value, int recurseTimes) {
        indentation += 2;
        try {
            return formatValue(value, recurseTimes);
        } finally {
            indentation -= 2;
        }
    }

    private interface Element {
        Object get(int index);
    }

    private String formatTypedArray(Object value, String kind, int length, Element element, int recurseTimes) {
        String open = kind + "(" + length + ") [";
        if (length == 0) {
            return open + "]";
        }
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            elements.add(element.get(i));
        }
        return formatContainer(value, kind, open, "]", true, elements, recurseTimes, level -> {
            int shown = Math.min(MAX_ARRAY_LENGTH, length);
            List<String> output = new ArrayList<>(shown + 1);
            for (int i = 0; i < shown; i++) {
                output.add(formatNumber((Number) elements.get(i)));
            }
            if (length > shown) {
                output.add(remainingText(length - shown));
            }
            return output;
        });
    }

    private String formatTyped(TypedArray typed, int recurseTimes) {
        switch (typed.kind()) {
            case DATA_VIEW:
                return formatDataView(typed, recurseTimes);
            case BIGINT64:
            case BIGUINT64:
                return formatTypedArray(typed, typed.kind().jsName(), typed.length(), typed::getBigInteger,
                        recurseTimes);
            default:
                return formatTypedArray(typed, typed.kind().jsName(), typed.length(), typed::get, recurseTimes);
        }
    }

    /** A DataView's byteLength, byteOffset (0: a copy starts at its first byte) and its ArrayBuffer. */
    private String formatDataView(TypedArray view, int recurseTimes) {
        byte[] bytes = view.bytes();
        return formatContainer(view, "DataView", "DataView {", "}", false, null, recurseTimes, level -> List.of(
                "byteLength: " + formatProperty(bytes.length, level),
                "byteOffset: " + formatProperty(0, level),
                "buffer: " + formatProperty(new ArrayBufferView(bytes), level)));
    }

    /** The ArrayBuffer under a DataView (a Java {@code byte[]} is a Buffer, not this). */
    private record ArrayBufferView(byte[] bytes) {
    }

    private String formatArrayBuffer(ArrayBufferView buffer, int recurseTimes) {
        byte[] bytes = buffer.bytes();
        return formatContainer(buffer, "ArrayBuffer", "ArrayBuffer {", "}", false, null, recurseTimes, level -> {
            String hex = hexPairs(bytes, Math.min(MAX_ARRAY_LENGTH, bytes.length));
            int remaining = bytes.length - MAX_ARRAY_LENGTH;
            if (remaining > 0) {
                hex += " ... " + remaining + " more byte" + (remaining > 1 ? "s" : "");
            }
            return List.of("[Uint8Contents]: <" + hex + ">", "byteLength: " + formatProperty(bytes.length, level));
        });
    }

    private static String remainingText(int remaining) {
        return "... " + remaining + " more item" + (remaining > 1 ? "s" : "");
    }

    // ---- lining up

    private String reduceToSingleString(List<String> output, String base, String open, String close,
            boolean arrayLike, List<?> elements, int recurseTimes) {
        int entries = output.size();
        if (arrayLike && entries > 6) {
            output = groupArrayElements(output, elements);
        }
        // Entries on one line if the innermost container met last is less than 3 levels further in and they fit.
        if (currentDepth - recurseTimes < COMPACT && entries == output.size()) {
            int start = output.size() + indentation + open.length() + base.length() + 10;
            if (isBelowBreakLength(output, start, base)) {
                String joined = String.join(", ", output);
                if (!joined.contains("\n")) {
                    return (base.isEmpty() ? "" : base + " ") + open + " " + joined + " " + close;
                }
            }
        }
        String lineStart = "\n" + " ".repeat(indentation);
        return (base.isEmpty() ? "" : base + " ") + open + lineStart + "  "
                + String.join("," + lineStart + "  ", output) + lineStart + close;
    }

    private static boolean isBelowBreakLength(List<String> output, int start, String base) {
        int total = output.size() + start;
        if (total + output.size() > BREAK_LENGTH) {
            return false;
        }
        for (String entry : output) {
            total += entry.length();
            if (total > BREAK_LENGTH) {
                return false;
            }
        }
        return base.isEmpty() || !base.contains("\n");
    }

    /** Node's groupArrayElements: more than 6 short entries in columns, numbers aligned right. */
    private List<String> groupArrayElements(List<String> output, List<?> elements) {
        int totalLength = 0;
        int maxLength = 0;
        int outputLength = output.size();
        if (MAX_ARRAY_LENGTH < output.size()) {
            outputLength--; // the "... n more items" entry does not count
        }
        int separatorSpace = 2; // a comma and a space
        int[] dataLen = new int[outputLength];
        for (int i = 0; i < outputLength; i++) {
            int len = width(output.get(i));
            dataLen[i] = len;
            totalLength += len + separatorSpace;
            maxLength = Math.max(maxLength, len);
        }
        int actualMax = maxLength + separatorSpace;
        if (actualMax * 3 + indentation < BREAK_LENGTH
                && ((double) totalLength / actualMax > 5 || maxLength <= 6)) {
            double averageBias = Math.sqrt(actualMax - (double) totalLength / output.size());
            double biasedMax = Math.max(actualMax - 3 - averageBias, 1);
            int columns = (int) Math.min(Math.min(
                    Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
                    Math.floorDiv(BREAK_LENGTH - indentation, actualMax)),
                    Math.min(COMPACT * 4, 15));
            if (columns <= 1) {
                return output;
            }
            int[] maxLineLength = new int[columns];
            for (int i = 0; i < columns; i++) {
                int lineMaxLength = 0;
                for (int j = i; j < outputLength; j += columns) {
                    lineMaxLength = Math.max(lineMaxLength, dataLen[j]);
                }
                maxLineLength[i] = lineMaxLength + separatorSpace;
            }
            boolean padStart = true;
            for (int i = 0; i < output.size() && i < elements.size(); i++) {
                if (!(elements.get(i) instanceof Number)) {
                    padStart = false;
                    break;
                }
            }
            List<String> grouped = new ArrayList<>();
            for (int i = 0; i < outputLength; i += columns) {
                int max = Math.min(i + columns, outputLength);
                StringBuilder line = new StringBuilder();
                int j = i;
                for (; j < max - 1; j++) {
                    int padding = maxLineLength[j - i] + output.get(j).length() - dataLen[j];
                    line.append(pad(output.get(j) + ", ", padding, padStart));
                }
                if (padStart) {
                    int padding = maxLineLength[j - i] + output.get(j).length() - dataLen[j] - separatorSpace;
                    line.append(pad(output.get(j), padding, true));
                } else {
                    line.append(output.get(j));
                }
                grouped.add(line.toString());
            }
            if (MAX_ARRAY_LENGTH < output.size()) {
                grouped.add(output.get(outputLength));
            }
            return grouped;
        }
        return output;
    }

    private static String pad(String s, int length, boolean start) {
        if (s.length() >= length) {
            return s;
        }
        String spaces = " ".repeat(length - s.length());
        return start ? spaces + s : s + spaces;
    }

    /** Columns a string takes on a terminal: wide East Asian characters two, controls and combining marks none. */
    static int width(String s) {
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isZeroWidth(cp)) {
                continue;
            }
            width += isFullWidth(cp) ? 2 : 1;
        }
        return width;
    }

    private static boolean isZeroWidth(int cp) {
        return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x300 && cp <= 0x36F)
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    private static boolean isFullWidth(int cp) {
        return cp >= 0x1100 && (cp <= 0x115F || cp == 0x2329 || cp == 0x232A
                || (cp >= 0x2E80 && cp <= 0x3247 && cp != 0x303F) || (cp >= 0x3250 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0xA4C6) || (cp >= 0xA960 && cp <= 0xA97C) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE6B)
                || (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1B000 && cp <= 0x1B001)
                || (cp >= 0x1F200 && cp <= 0x1F251) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x20000 && cp <= 0x3FFFD));
    }
}
