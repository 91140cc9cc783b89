package dev.addons.osgi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.addons.core.Platform;

/**
 * One clause of the {@code Addon-Module} header: a module name, its path in the bundle, the platform
 * attributes that select it, and whether each context maps a private copy ({@code isolated=true}). Parsing follows
 * the OSGi header grammar ({@link OsgiHeader}): clauses separated by commas, parameters by semicolons, values
 * optionally quoted (a quoted value may hold {@code , ; =} and backslash escapes).
 */
record ModuleClause(String module, String path, List<String> osnames, List<String> processors, boolean isolated) {

    /** A header that cannot be used, with the reason. */
    static final class HeaderException extends Exception {
        private static final long serialVersionUID = 1L;

        HeaderException(String message) {
            super(message);
        }
    }

    /** The attributes a clause may have; osname and processor may list several values, comma-separated. */
    private static final List<String> KNOWN = List.of("path", "osname", "processor", "isolated");
    private static final List<String> LISTS = List.of("osname", "processor");

    static List<ModuleClause> parse(String header) throws HeaderException {
        List<ModuleClause> clauses = new ArrayList<>();
        for (OsgiHeader.Clause clause : OsgiHeader.parse(header)) {
            if (clause.paths().size() != 1) {
                throw new HeaderException("clause '" + clause.text() + "': "
                        + (clause.paths().isEmpty() ? "no module name before the attributes"
                                : "'" + clause.paths().get(1) + "' is not an attribute (expected key=value)"));
            }
            String module = clause.paths().get(0);
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            for (OsgiHeader.Parameter parameter : clause.parameters()) {
                String key = parameter.name().toLowerCase(Locale.ROOT);
                if (!KNOWN.contains(key)) {
                    throw new HeaderException("module '" + module + "': unknown attribute '" + key
                            + "' (known: path, osname, processor, isolated)");
                }
                List<String> values = attributes.computeIfAbsent(key, k -> new ArrayList<>());
                if (LISTS.contains(key)) {
                    for (String v : parameter.value().split(",")) {
                        if (!v.isBlank()) {
                            values.add(v.trim());
                        }
                    }
                } else {
                    values.add(parameter.value());
                }
            }
            List<String> paths = attributes.getOrDefault("path", List.of());
            if (paths.size() != 1 || paths.get(0).isEmpty()) {
                throw new HeaderException("module '" + module + "': exactly one path=... attribute is required");
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

    /**
     * Why {@code path} cannot name an entry, or null if it can. A path names exactly one entry: no wildcard
     * (the bundle's entry lookup would expand it), no segment that leaves or stays in a folder.
     */
    static String pathProblem(String path) {
        if (path.indexOf('*') >= 0) {
            return "path '" + path + "' contains '*': a path names one entry of the bundle, wildcards are not "
                    + "supported";
        }
        String clean = path.startsWith("/") ? path.substring(1) : path;
        for (String segment : clean.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "path '" + path + "' must not contain '.' or '..' segments";
            }
        }
        return null;
    }

    /** The clause a module loads from on a platform, and the other clauses for that platform, which are ignored. */
    record Selection(ModuleClause chosen, List<ModuleClause> ignored) {
    }

    /** The first of {@code clauses} (all of one module) matching the platform; null as chosen if none does. */
    static Selection select(List<ModuleClause> clauses, String osname, String processor) {
        List<ModuleClause> matching = clauses.stream().filter(c -> c.matches(osname, processor)).toList();
        return matching.isEmpty() ? new Selection(null, List.of())
                : new Selection(matching.get(0), matching.subList(1, matching.size()));
    }

    /** True if this clause applies to a framework with these os name and processor properties. */
    boolean matches(String osname, String processor) {
        String os = Platform.canonicalOs(osname);
        String cpu = Platform.canonicalProcessor(processor);
        return (osnames.isEmpty() || osnames.stream().anyMatch(o -> Platform.canonicalOs(o).equals(os)))
                && (processors.isEmpty()
                        || processors.stream().anyMatch(p -> Platform.canonicalProcessor(p).equals(cpu)));
    }
}
