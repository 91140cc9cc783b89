package dev.addons.webconsole.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.ContextInfo;
import dev.addons.api.AddonInspector.LifecycleCounters;
import dev.addons.api.AddonInspector.ModuleFailure;
import dev.addons.api.AddonInspector.ModuleInfo;

/**
 * One snapshot of the runtime's state, written as the plugin's HTML, or as TEXT or JSON for the inventory printer
 * (the Web Console's status dump) and {@code /system/console/addons.json}. Plain Java: no servlet or OSGi types, so
 * that it can be tested on the class path.
 */
final class AddonsReport {

    private final List<ContextInfo> contexts;
    private final List<ModuleInfo> modules;
    private final LifecycleCounters counters;
    private final List<ModuleFailure> failedModules;
    private final Instant now;

    AddonsReport(List<ContextInfo> contexts, List<ModuleInfo> modules, LifecycleCounters counters, Instant now) {
        this(contexts, modules, counters, List.of(), now);
    }

    AddonsReport(List<ContextInfo> contexts, List<ModuleInfo> modules, LifecycleCounters counters,
            List<ModuleFailure> failedModules, Instant now) {
        this.contexts = contexts;
        this.modules = modules;
        this.counters = counters;
        this.failedModules = failedModules;
        this.now = now;
    }

    /** A snapshot of {@code inspector}, or of nothing (the runtime is not running) if it is null. */
    static AddonsReport of(AddonInspector inspector) {
        if (inspector == null) {
            return new AddonsReport(null, null, null, List.of(), Instant.now());
        }
        return new AddonsReport(inspector.contexts(), inspector.modules(), inspector.counters(),
                inspector.failedModules(), Instant.now());
    }

    boolean runtimeAvailable() {
        return counters != null;
    }

    static final String NO_RUNTIME = "The addon runtime (bundle addon.impl) is not active: no AddonInspector service.";

    // ---------------------------------------------------------------------------------------------------- HTML

    /**
     * The plugin page's content (the console draws the frame around it).
     *
     * @param appRoot the console's root ({@code /system/console}), for links to bundles
     * @param pluginRoot this plugin's root ({@code /system/console/addons}), for the JSON and text links
     */
    void writeHtml(PrintWriter pw, String appRoot, String pluginRoot) {
        pw.println("<div id='addons-plugin'>");
        if (!runtimeAvailable()) {
            pw.println("<p class='statline ui-state-error'>" + Escape.html(NO_RUNTIME) + "</p>");
            pw.println("</div>");
            return;
        }
        pw.println("<p class='statline ui-state-highlight'>" + Escape.html(statusLine())
                + " &middot; as <a href='" + Escape.html(pluginRoot) + ".json'>JSON</a> or <a href='"
                + Escape.html(pluginRoot) + ".txt'>text</a></p>");

        header(pw, "Contexts (" + contexts.size() + ")");
        pw.println("<table id='addons-contexts' class='nicetable'>");
        pw.println("<thead><tr><th>ID</th><th>Name</th><th>Owner</th><th>Modules</th><th>State</th>"
                + "<th>Age</th><th>Calls</th></tr></thead>");
        pw.println("<tbody>");
        if (contexts.isEmpty()) {
            pw.println("<tr class='addons-empty'><td colspan='7'>No live contexts.</td></tr>");
        }
        for (ContextInfo c : contexts) {
            pw.print("<tr class='addons-context' data-context-id='" + c.id() + "' data-owner='"
                    + Escape.html(c.owner()) + "'>");
            cell(pw, Long.toString(c.id()));
            cell(pw, Escape.html(c.name()));
            cell(pw, owner(c.owner(), c.ownerBundleId(), appRoot));
            cell(pw, Escape.html(String.join(", ", c.modules())));
            cell(pw, Escape.html(c.state()));
            pw.print("<td title='created " + Escape.html(c.created().truncatedTo(ChronoUnit.SECONDS)) + "'>"
                    + Escape.html(age(c.created())) + "</td>");
            cell(pw, Long.toString(c.calls()));
            pw.println("</tr>");
        }
        pw.println("</tbody></table>");

        // A bundle whose modules all failed is ACTIVE with an empty context: the reasons belong next to it.
        header(pw, "Modules that failed to load (" + failedModules.size() + ", in the live contexts)");
        pw.println("<table id='addons-module-failures' class='nicetable'>");
        pw.println("<thead><tr><th>Context</th><th>Owner</th><th>Module</th><th>Reason</th><th>When</th>"
                + "</tr></thead>");
        pw.println("<tbody>");
        if (failedModules.isEmpty()) {
            pw.println("<tr class='addons-empty'><td colspan='5'>None.</td></tr>");
        }
        for (ModuleFailure f : failedModules) {
            pw.print("<tr class='addons-module-failure' data-context-id='" + f.contextId() + "' data-module='"
                    + Escape.html(moduleName(f)) + "'>");
            cell(pw, Long.toString(f.contextId()));
            cell(pw, owner(f.owner(), f.ownerBundleId(), appRoot));
            cell(pw, Escape.html(moduleName(f)));
            cell(pw, "<code>" + Escape.html(f.message()) + "</code>");
            pw.print("<td title='" + Escape.html(f.time().truncatedTo(ChronoUnit.SECONDS)) + "'>"
                    + Escape.html(age(f.time())) + " ago</td>");
            pw.println("</tr>");
        }
        pw.println("</tbody></table>");

        header(pw, "Loaded modules (" + modules.size() + ")");
        pw.println("<table id='addons-modules' class='nicetable'>");
        pw.println("<thead><tr><th>Module</th><th>File</th><th>References</th><th>Mapped</th><th>Size</th>"
                + "<th>First loaded by</th></tr></thead>");
        pw.println("<tbody>");
        if (modules.isEmpty()) {
            pw.println("<tr class='addons-empty'><td colspan='6'>No module files mapped.</td></tr>");
        }
        for (ModuleInfo m : modules) {
            pw.print("<tr class='addons-module' data-module='" + Escape.html(m.name()) + "'>");
            cell(pw, Escape.html(m.name()));
            cell(pw, "<code>" + Escape.html(m.file()) + "</code>");
            cell(pw, Integer.toString(m.contexts()));
            cell(pw, m.mapped() ? "yes" : "no");
            pw.print("<td title='" + m.size() + " bytes'>" + Escape.html(size(m.size())) + "</td>");
            cell(pw, Escape.html(m.owner()));
            pw.println("</tr>");
        }
        pw.println("</tbody></table>");

        header(pw, "Lifecycle counters (since the runtime started)");
        pw.println("<table id='addons-counters' class='nicetable'>");
        pw.println("<thead><tr><th>Counter</th><th>Value</th></tr></thead><tbody>");
        for (String[] row : counterRows()) {
            pw.println("<tr data-counter='" + row[0] + "'><td>" + Escape.html(row[1]) + "</td><td>" + row[2]
                    + "</td></tr>");
        }
        pw.println("</tbody></table>");

        header(pw, "Recent failures and warnings (" + counters.recentFailures().size() + " of "
                + counters.failures() + ", oldest first)");
        pw.println("<table id='addons-failures' class='nicetable'><tbody>");
        if (counters.recentFailures().isEmpty()) {
            pw.println("<tr class='addons-empty'><td>None.</td></tr>");
        }
        for (String failure : counters.recentFailures()) {
            pw.println("<tr class='addons-failure'><td><code>" + Escape.html(failure) + "</code></td></tr>");
        }
        pw.println("</tbody></table>");
        pw.println("</div>");
    }

    private static void header(PrintWriter pw, String title) {
        pw.println("<div class='ui-widget-header ui-corner-top' style='margin-top:1em;padding:0.3em 0.5em'>"
                + Escape.html(title) + "</div>");
    }

    private static void cell(PrintWriter pw, String html) {
        pw.print("<td>" + html + "</td>");
    }

    // ---------------------------------------------------------------------------------------------------- TEXT

    void writeText(PrintWriter pw) {
        pw.println("Addon runtime");
        pw.println("=============");
        if (!runtimeAvailable()) {
            pw.println(NO_RUNTIME);
            return;
        }
        pw.println(statusLine());
        pw.println();

        pw.println("Contexts (" + contexts.size() + ")");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "Name", "Owner", "Modules", "State", "Age", "Calls", "Created"});
        for (ContextInfo c : contexts) {
            rows.add(new String[] {Long.toString(c.id()), c.name(), c.owner(), String.join(",", c.modules()),
                    String.valueOf(c.state()), age(c.created()), Long.toString(c.calls()),
                    c.created().truncatedTo(ChronoUnit.MILLIS).toString()});
        }
        table(pw, rows);
        pw.println();

        pw.println("Modules that failed to load (" + failedModules.size() + ")");
        rows = new ArrayList<>();
        rows.add(new String[] {"Context", "Owner", "Module", "When", "Reason"});
        for (ModuleFailure f : failedModules) {
            rows.add(new String[] {Long.toString(f.contextId()), f.owner(), moduleName(f),
                    f.time().truncatedTo(ChronoUnit.MILLIS).toString(), f.message()});
        }
        table(pw, rows);
        pw.println();

        pw.println("Loaded modules (" + modules.size() + ")");
        rows = new ArrayList<>();
        rows.add(new String[] {"Module", "References", "Mapped", "Size", "First loaded by", "File"});
        for (ModuleInfo m : modules) {
            rows.add(new String[] {m.name(), Integer.toString(m.contexts()), m.mapped() ? "yes" : "no",
                    Long.toString(m.size()), m.owner(), String.valueOf(m.file())});
        }
        table(pw, rows);
        pw.println();

        pw.println("Lifecycle counters");
        rows = new ArrayList<>();
        for (String[] row : counterRows()) {
            rows.add(new String[] {row[1], row[2]});
        }
        table(pw, rows);
        pw.println();

        pw.println("Recent failures and warnings (" + counters.recentFailures().size() + " of "
                + counters.failures() + ")");
        if (counters.recentFailures().isEmpty()) {
            pw.println("  none");
        }
        for (String failure : counters.recentFailures()) {
            pw.println("  " + Escape.text(failure));
        }
    }

    /** Left-aligned columns, two spaces apart; cells are made single-line first. */
    private static void table(PrintWriter pw, List<String[]> rows) {
        if (rows.size() == 1 && rows.get(0).length > 2) {
            pw.println("  none");
            return;
        }
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        List<String[]> clean = new ArrayList<>();
        for (String[] row : rows) {
            String[] c = new String[columns];
            for (int i = 0; i < columns; i++) {
                c[i] = Escape.text(row[i]);
                width[i] = Math.max(width[i], c[i].length());
            }
            clean.add(c);
        }
        for (String[] row : clean) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            pw.println(line);
        }
    }

    // ---------------------------------------------------------------------------------------------------- JSON

    void writeJson(PrintWriter pw) {
        StringBuilder j = new StringBuilder(1024);
        j.append("{\n  \"runtime\": ").append(Escape.json(runtimeAvailable() ? "active" : "absent"));
        j.append(",\n  \"time\": ").append(Escape.json(now.toString()));
        if (runtimeAvailable()) {
            j.append(",\n  \"contexts\": [");
            for (int i = 0; i < contexts.size(); i++) {
                ContextInfo c = contexts.get(i);
                j.append(i == 0 ? "\n    {" : ",\n    {");
                j.append("\"id\": ").append(c.id());
                j.append(", \"name\": ").append(Escape.json(c.name()));
                j.append(", \"owner\": ").append(Escape.json(c.owner()));
                j.append(", \"ownerBundleId\": ").append(bundleIdJson(c.ownerBundleId()));
                j.append(", \"modules\": [");
                for (int k = 0; k < c.modules().size(); k++) {
                    j.append(k == 0 ? "" : ", ").append(Escape.json(c.modules().get(k)));
                }
                j.append("], \"state\": ").append(Escape.json(String.valueOf(c.state())));
                j.append(", \"created\": ").append(Escape.json(c.created().toString()));
                j.append(", \"ageMillis\": ").append(Math.max(0, Duration.between(c.created(), now).toMillis()));
                j.append(", \"calls\": ").append(c.calls()).append('}');
            }
            j.append(contexts.isEmpty() ? "]" : "\n  ]");
            j.append(",\n  \"failedModules\": [");
            for (int i = 0; i < failedModules.size(); i++) {
                ModuleFailure f = failedModules.get(i);
                j.append(i == 0 ? "\n    {" : ",\n    {");
                j.append("\"contextId\": ").append(f.contextId());
                j.append(", \"owner\": ").append(Escape.json(f.owner()));
                j.append(", \"ownerBundleId\": ").append(bundleIdJson(f.ownerBundleId()));
                j.append(", \"module\": ").append(f.module() == null ? "null" : Escape.json(f.module()));
                j.append(", \"message\": ").append(Escape.json(f.message()));
                j.append(", \"time\": ").append(Escape.json(f.time().toString())).append('}');
            }
            j.append(failedModules.isEmpty() ? "]" : "\n  ]");
            j.append(",\n  \"modules\": [");
            for (int i = 0; i < modules.size(); i++) {
                ModuleInfo m = modules.get(i);
                j.append(i == 0 ? "\n    {" : ",\n    {");
                j.append("\"name\": ").append(Escape.json(m.name()));
                j.append(", \"file\": ").append(Escape.json(String.valueOf(m.file())));
                j.append(", \"references\": ").append(m.contexts());
                j.append(", \"mapped\": ").append(m.mapped());
                j.append(", \"size\": ").append(m.size());
                j.append(", \"owner\": ").append(Escape.json(m.owner())).append('}');
            }
            j.append(modules.isEmpty() ? "]" : "\n  ]");
            j.append(",\n  \"counters\": {");
            List<String[]> counterRows = counterRows();
            for (int i = 0; i < counterRows.size(); i++) {
                j.append(i == 0 ? "\n    " : ",\n    ").append(Escape.json(counterRows.get(i)[0])).append(": ")
                        .append(counterRows.get(i)[2]);
            }
            j.append(",\n    \"recentFailures\": [");
            List<String> failures = counters.recentFailures();
            for (int i = 0; i < failures.size(); i++) {
                j.append(i == 0 ? "\n      " : ",\n      ").append(Escape.json(failures.get(i)));
            }
            j.append(failures.isEmpty() ? "]" : "\n    ]").append("\n  }");
        }
        j.append("\n}");
        pw.println(j);
    }

    // ---------------------------------------------------------------------------------------------------- shared

    String statusLine() {
        return String.format(Locale.ROOT,
                "%d live context%s, %d module file%s mapped; %d contexts created, %d closed; %d failures", //
                contexts.size(), contexts.size() == 1 ? "" : "s", modules.size(), modules.size() == 1 ? "" : "s",
                counters.contextsCreated(), counters.contextsClosed(), counters.failures());
    }

    /** Key (JSON), label (people), value. */
    private List<String[]> counterRows() {
        LifecycleCounters k = counters;
        return List.of(
                row("contextsCreated", "Contexts created", k.contextsCreated()),
                row("contextsClosed", "Contexts closed", k.contextsClosed()),
                row("modulesLoaded", "Modules loaded (files mapped)", k.modulesLoaded()),
                row("modulesUnloaded", "Modules unloaded (files unmapped)", k.modulesUnloaded()),
                row("modulesLeftMapped", "Modules the loader refused to unload", k.modulesLeftMapped()),
                row("hooksRun", "Cleanup hooks run", k.hooksRun()),
                row("finalizersRun", "Finalizers run", k.finalizersRun()),
                row("calls", "Calls into addons", k.calls()),
                row("failures", "Failures and warnings", k.failures()));
    }

    private static String[] row(String key, String label, long value) {
        return new String[] {key, label, Long.toString(value)};
    }

    /** The module's name, or what stood for it when the bundle's header could not be read. */
    private static String moduleName(ModuleFailure f) {
        return f.module() != null ? f.module() : "(Addon-Module header)";
    }

    /** An owner's cell: a link to the Web Console's page of the bundle, or the name of an owner that is not one. */
    private static String owner(String label, long bundleId, String appRoot) {
        return bundleId == AddonInspector.NOT_A_BUNDLE ? Escape.html(label)
                : "<a href='" + Escape.html(appRoot) + "/bundles/" + bundleId + "'>" + Escape.html(label) + "</a>";
    }

    /** The owner's bundle id in JSON: null for an owner that is not a bundle. */
    private static String bundleIdJson(long bundleId) {
        return bundleId == AddonInspector.NOT_A_BUNDLE ? "null" : Long.toString(bundleId);
    }

    String age(Instant created) {
        return age(Duration.between(created, now));
    }

    /** {@code 42 s}, {@code 3 min 5 s}, {@code 2 h 10 min}, {@code 4 d 1 h}. */
    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86400 + " d " + s % 86400 / 3600 + " h";
    }

    /** {@code 812 B}, {@code 15.9 KiB}, {@code 2.0 MiB}; {@code unknown} for -1. */
    static String size(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
