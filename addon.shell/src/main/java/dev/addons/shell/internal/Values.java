package dev.addons.shell.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Addon values as the console shows them (close to Node's {@code util.inspect}) and as it reads arguments. */
public final class Values {

    private Values() {
    }

    /** Node's inspect shows a Buffer's first 50 bytes. */
    private static final int BUFFER_BYTES_SHOWN = 50;

    /**
     * {@code null}, numbers and booleans as is, strings in single quotes, {@code [a, b]}, {@code { k: v }}, bytes as
     * {@code <Buffer 68 69>}.
     */
    public static String format(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value instanceof byte[] bytes) {
            StringBuilder text = new StringBuilder("<Buffer");
            for (int i = 0; i < Math.min(bytes.length, BUFFER_BYTES_SHOWN); i++) {
                text.append(' ').append(HexFormat.of().toHexDigits(bytes[i]));
            }
            if (bytes.length > BUFFER_BYTES_SHOWN) {
                text.append(" ... ").append(bytes.length - BUFFER_BYTES_SHOWN).append(" more bytes");
            }
            return text.append('>').toString();
        }
        if (value instanceof Object[] array) {
            return format(List.of(array));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Values::format).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}"
                    : map.entrySet().stream().map(e -> e.getKey() + ": " + format(e.getValue()))
                            .collect(Collectors.joining(", ", "{ ", " }"));
        }
        return String.valueOf(value);
    }

    public static String formatArguments(Object[] arguments) {
        List<String> parts = new ArrayList<>();
        for (Object a : arguments) {
            parts.add(format(a));
        }
        return String.join(", ", parts);
    }

    /**
     * A console word as an addon argument: {@code null}, {@code true}/{@code false}, an integer (Integer, or Long
     * beyond 32 bits), a decimal number (Double); any other word is a string. Values that are not strings (a Gogo
     * list or map, a number) are passed as they are.
     */
    public static Object parse(Object word) {
        if (!(word instanceof String s)) {
            return word;
        }
        switch (s) {
            case "null":
                return null;
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
        return s;
    }
}
