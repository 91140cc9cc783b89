package dev.addons.webconsole.internal;

/**
 * Escaping for everything the plugin writes. Bundle names, context names, file paths and failure messages come from
 * users' bundles: none of it may reach a page, a JSON document or a text dump unescaped.
 */
final class Escape {

    private Escape() {
    }

    /**
     * Text for HTML element content and quoted attribute values. Besides the five HTML specials, {@code $} and
     * {@code \} are written as character references: the Web Console runs text/html output through a filter that
     * expands {@code ${...}} (localization and request variables) and eats backslashes.
     */
    static String html(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '$' -> "&#36;";
                case '\\' -> "&#92;";
                default -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f ? "&#xfffd;" : null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (rep != null) {
                    out.append(rep);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** A JSON string literal, quotes included. */
    static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // "</" and U+2028/9 escaped too: safe to embed in a <script> and in JavaScript sources.
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** One line of the text dump: control characters (a newline in a message, say) cannot start a fake line. */
    static String text(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 && c != '\t' || c == 0x7f;
            if (bad && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (bad) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
