package dev.addons.osgi;

import java.util.ArrayList;
import java.util.List;

/**
 * The OSGi manifest header grammar (Core specification, "Common Header Syntax"):
 *
 * <pre>
 * header    ::= clause ( ',' clause )*
 * clause    ::= path ( ';' path )* ( ';' parameter )*
 * parameter ::= directive | attribute
 * directive ::= extended ':=' argument
 * attribute ::= extended '=' argument
 * argument  ::= extended | quoted-string
 * quoted-string ::= '"' ( ~["\#x0D#x0A#x00] | '\"' | '\\' )* '"'
 * </pre>
 *
 * A quoted string may hold {@code , ; =}; inside it a backslash makes the next character literal. Whitespace
 * around paths, names and values is ignored.
 */
final class OsgiHeader {

    /** A clause: its paths (the part before the parameters) and its parameters, in order. */
    record Clause(List<String> paths, List<Parameter> parameters, String text) {
    }

    /** {@code name=value} or {@code name:=value}; the value is unquoted and unescaped. */
    record Parameter(String name, String value, boolean directive) {
    }

    private OsgiHeader() {
    }

    static List<Clause> parse(String header) throws ModuleClause.HeaderException {
        List<Clause> clauses = new ArrayList<>();
        for (List<String> pieces : split(header)) {
            String text = String.join(";", pieces).trim();
            if (text.isEmpty()) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            List<Parameter> parameters = new ArrayList<>();
            for (String piece : pieces) {
                if (piece.isBlank()) {
                    continue;
                }
                int eq = piece.indexOf('=');
                int quote = piece.indexOf('"');
                if (eq < 0 || (quote >= 0 && quote < eq)) {
                    if (!parameters.isEmpty()) {
                        throw new ModuleClause.HeaderException("clause '" + text + "': '" + piece.trim()
                                + "' is not an attribute (expected key=value)");
                    }
                    paths.add(piece.trim());
                    continue;
                }
                boolean directive = eq > 0 && piece.charAt(eq - 1) == ':';
                String name = piece.substring(0, directive ? eq - 1 : eq).trim();
                if (name.isEmpty()) {
                    throw new ModuleClause.HeaderException("clause '" + text + "': '" + piece.trim()
                            + "' has no name before '='");
                }
                parameters.add(new Parameter(name, argument(piece.substring(eq + 1).trim(), text), directive));
            }
            clauses.add(new Clause(paths, parameters, text));
        }
        return clauses;
    }

    /** An argument: a plain token as it is, or a quoted string without its quotes and escapes. */
    private static String argument(String raw, String clause) throws ModuleClause.HeaderException {
        if (!raw.startsWith("\"")) {
            if (raw.indexOf('"') >= 0) {
                throw new ModuleClause.HeaderException("clause '" + clause + "': value '" + raw
                        + "' has a quote inside it; quote the whole value");
            }
            return raw;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                value.append(raw.charAt(++i));
            } else if (c == '"') {
                if (i != raw.length() - 1) {
                    throw new ModuleClause.HeaderException("clause '" + clause + "': text after the quoted value "
                            + raw);
                }
                return value.toString();
            } else {
                value.append(c);
            }
        }
        throw new ModuleClause.HeaderException("clause '" + clause + "': unterminated quoted value " + raw);
    }

    /**
     * Splits into clauses at commas and each clause into pieces at semicolons, neither inside a quoted string.
     * Pieces keep their quotes and escapes for {@link #argument}.
     */
    private static List<List<String>> split(String header) throws ModuleClause.HeaderException {
        List<List<String>> clauses = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\' && i + 1 < header.length()) {
                current.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (c == ';' || c == ',')) {
                pieces.add(current.toString());
                current.setLength(0);
                if (c == ',') {
                    clauses.add(pieces);
                    pieces = new ArrayList<>();
                }
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new ModuleClause.HeaderException("unterminated quoted string in '" + header.trim() + "'");
        }
        pieces.add(current.toString());
        clauses.add(pieces);
        return clauses;
    }
}
