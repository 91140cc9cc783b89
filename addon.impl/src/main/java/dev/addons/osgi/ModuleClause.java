package dev.addons.osgi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One clause of the {@code Addon-Module} header: a module name, its path in the bundle, the platform
 * attributes that select it, and whether each context maps a private copy ({@code isolated=true}). Parsing follows the OSGi header grammar (clauses separated by commas, parameters
 * by semicolons, values optionally quoted).
 */
record ModuleClause(String module, String path, List<String> osnames, List<String> processors, boolean isolated) {

    /** A header that cannot be used, with the reason. */
    static final class HeaderException extends Exception {
        private static final long serialVersionUID = 1L;

        HeaderException(String message) {
            super(message);
        }
    }

    static List<ModuleClause> parse(String header) throws HeaderException {
        List<ModuleClause> clauses = new ArrayList<>();
        for (String clause : split(header, ',')) {
            if (clause.isBlank()) {
                continue;
            }
            List<String> parts = split(clause, ';');
            String module = parts.get(0).trim();
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            for (String part : parts.subList(1, parts.size())) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new HeaderException("clause '" + clause.trim() + "': '" + part.trim()
                            + "' is not an attribute (expected key=value)");
                }
                String key = part.substring(0, eq).trim().replaceAll(":$", "").toLowerCase(Locale.ROOT);
                String value = unquote(part.substring(eq + 1).trim());
                List<String> values = attributes.computeIfAbsent(key, k -> new ArrayList<>());
                for (String v : value.split(",")) {
                    if (!v.isBlank()) {
                        values.add(v.trim());
                    }
                }
            }
            List<String> paths = attributes.getOrDefault("path", List.of());
            if (paths.size() != 1) {
                throw new HeaderException("module '" + module + "': exactly one path=... attribute is required");
            }
            for (String key : attributes.keySet()) {
                if (!List.of("path", "osname", "processor", "isolated").contains(key)) {
                    throw new HeaderException("module '" + module + "': unknown attribute '" + key
                            + "' (known: path, osname, processor, isolated)");
                }
            }
            List<String> isolated = attributes.getOrDefault("isolated", List.of("false"));
            if (isolated.size() != 1 || !List.of("true", "false").contains(isolated.get(0))) {
                throw new HeaderException("module '" + module + "': isolated must be true or false");
            }
            clauses.add(new ModuleClause(module, paths.get(0), attributes.getOrDefault("osname", List.of()),
                    attributes.getOrDefault("processor", List.of()), Boolean.parseBoolean(isolated.get(0))));
        }
        if (clauses.isEmpty()) {
            throw new HeaderException("the header declares no module");
        }
        return clauses;
    }

    /** True if this clause applies to a framework with these os name and processor properties. */
    boolean matches(String osname, String processor) {
        return (osnames.isEmpty() || osnames.stream().anyMatch(o -> Aliases.sameOs(o, osname)))
                && (processors.isEmpty() || processors.stream().anyMatch(p -> Aliases.sameProcessor(p, processor)));
    }

    /** Splits on separator outside double quotes. */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** The OSGi alias tables for os names and processors (Core spec, "Bundle-NativeCode"). */
    static final class Aliases {
        private Aliases() {
        }

        static boolean sameOs(String a, String b) {
            return canonicalOs(a).equals(canonicalOs(b));
        }

        static boolean sameProcessor(String a, String b) {
            return canonicalProcessor(a).equals(canonicalProcessor(b));
        }

        static String canonicalOs(String s) {
            String v = s == null ? "" : s.toLowerCase(Locale.ROOT);
            if (v.startsWith("linux")) {
                return "linux";
            }
            if (v.startsWith("mac") || v.equals("osx")) {
                return "macosx";
            }
            if (v.startsWith("win")) {
                return "windows";
            }
            return v;
        }

        static String canonicalProcessor(String s) {
            String v = s == null ? "" : s.toLowerCase(Locale.ROOT);
            switch (v) {
                case "x86-64":
                case "amd64":
                case "em64t":
                case "x86_64":
                    return "x86-64";
                case "aarch64":
                case "arm64":
                    return "aarch64";
                case "x86":
                case "pentium":
                case "i386":
                case "i486":
                case "i586":
                case "i686":
                    return "x86";
                default:
                    return v;
            }
        }
    }
}
