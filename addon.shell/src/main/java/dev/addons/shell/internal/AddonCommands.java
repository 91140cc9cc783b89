package dev.addons.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.ContextInfo;
import dev.addons.api.AddonInspector.ModuleFailure;
import dev.addons.api.AddonInspector.ModuleInfo;
import dev.addons.shell.cycle.BundleSource;
import dev.addons.shell.cycle.CycleReport;
import dev.addons.shell.cycle.CycleRunner;

/**
 * The {@code addon:*} Gogo commands. They use only the exported API: the {@link AddonInspector} service, the
 * {@link Addon} services of bundle activations, and the framework.
 *
 * <p>A Declarative Services component (an immediate one, registered as {@code Object} with the Gogo command
 * properties, as any shell expects): it has no state beyond its bundle context, so a component says all an activator
 * said, and SCR (Felix SCR from OSGi enRoute's impl-index in the demo) starts and stops it with the bundle.
 */
@Component(service = Object.class, immediate = true, property = {
    "osgi.command.scope=" + AddonCommands.SCOPE,
    "osgi.command.function=contexts",
    "osgi.command.function=modules",
    "osgi.command.function=failures",
    "osgi.command.function=call",
    "osgi.command.function=cycle",
    "service.description=Console commands of the addon runtime"})
public final class AddonCommands {

    static final String SCOPE = "addon";

    private final BundleContext context;

    @Activate
    public AddonCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("list the open addon contexts: id, owner bundle, name, modules, state, age and calls made; then the "
            + "modules that failed to load into them")
    public void contexts() {
        AddonInspector inspector = inspector();
        List<ContextInfo> contexts = inspector.contexts();
        PrintStream out = System.out;
        if (contexts.isEmpty()) {
            out.println("no open addon contexts");
            return;
        }
        Instant now = Instant.now();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "OWNER", "NAME", "MODULES", "STATE", "AGE", "CALLS"});
        for (ContextInfo c : contexts) {
            rows.add(new String[] {Long.toString(c.id()), c.owner(), c.name(),
                    c.modules().isEmpty() ? "-" : String.join(",", c.modules()), c.state().name(),
                    age(Duration.between(c.created(), now)), Long.toString(c.calls())});
        }
        print(out, rows);
        List<ModuleFailure> failures = inspector.failedModules();
        if (!failures.isEmpty()) {
            // A bundle whose modules all failed is ACTIVE with an empty context: say so next to it.
            out.println();
            out.println("failed to load (addon:failures for the reasons):");
            Map<Long, List<String>> byContext = new TreeMap<>();
            for (ModuleFailure f : failures) {
                byContext.computeIfAbsent(f.contextId(), k -> new ArrayList<>()).add(moduleName(f));
            }
            byContext.forEach((id, modules) -> out.println("  context " + id + ": " + String.join(", ", modules)));
        }
    }

    @Descriptor("list the modules that failed to load into the open contexts: context, owner bundle, module, reason")
    public void failures() {
        List<ModuleFailure> failures = inspector().failedModules();
        PrintStream out = System.out;
        if (failures.isEmpty()) {
            out.println("no failed addon modules in the open contexts");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CONTEXT", "OWNER", "MODULE", "REASON"});
        for (ModuleFailure f : failures) {
            rows.add(new String[] {Long.toString(f.contextId()), f.owner(), moduleName(f),
                    f.message().replace('\n', ' ')});
        }
        print(out, rows);
    }

    /** The module's name, or what stood for it when the bundle's header could not be read. */
    private static String moduleName(ModuleFailure f) {
        return f.module() != null ? f.module() : "(" + AddonConstants.ADDON_MODULE_HEADER + " header)";
    }

    @Descriptor("list the mapped addon module files: module, bundle, reference count (contexts), mapped, size, file")
    public void modules() {
        List<ModuleInfo> modules = inspector().modules();
        PrintStream out = System.out;
        if (modules.isEmpty()) {
            out.println("no addon module files loaded");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MODULE", "BUNDLE", "CONTEXTS", "MAPPED", "SIZE", "FILE"});
        for (ModuleInfo m : modules) {
            rows.add(new String[] {m.name(), m.owner(), Integer.toString(m.contexts()), m.mapped() ? "yes" : "no",
                    m.size() < 0 ? "?" : m.size() + " B", m.file().toString()});
        }
        print(out, rows);
    }

    @Descriptor("call an exported function of an addon module in a context and print what it returns, as Node's"
            + " util.inspect prints it (a promise: its value, awaited)")
    public void call(
            @Descriptor("id of the context (addon:contexts); default: the oldest context of a bundle that has the module")
            @Parameter(names = {"-c", "--context"}, absentValue = "-1") long contextId,
            @Descriptor("module name (addon:modules)") String module,
            @Descriptor("exported function") String function,
            @Descriptor("arguments: integers, decimals, true, false, null, undefined, 12n (BigInt), hex:78da or"
                    + " '<Buffer 78 da>'"
                    + " (Buffer), Int32Array:1,2,3 or 'Float64Array(3) [ 1, 2, 3 ]' (typed array, any kind);"
                    + " print: or print:<label> (a function printing its arguments, as console.log);"
                    + " other words are strings") Object... args) {
        ServiceReference<Addon> ref = addonReference(module, contextId);
        Addon addon = context.getService(ref);
        if (addon == null) {
            throw new IllegalStateException("the addon service of module '" + module + "' went away");
        }
        try {
            PrintedCalls printed = new PrintedCalls(System.out);
            Object[] arguments = Arrays.stream(args).map(printed::argument).toArray();
            Object result = addon.call(function, arguments);
            System.out.println(Values.format(Awaited.value(result, module + "." + function, Awaited.TIMEOUT,
                    printed)));
        } finally {
            context.ungetService(ref);
        }
    }

    @Descriptor("install, start, call, stop, uninstall and refresh an addon bundle n times, then print the leak checks")
    public void cycle(
            @Descriptor("function to call in each cycle (default: the first exported function, without arguments)")
            @Parameter(names = {"-f", "--function"}, absentValue = "") String function,
            @Descriptor("bundle id of an installed addon bundle (copies of it are cycled), or a bundle location URL")
            String bundleOrLocation,
            @Descriptor("number of cycles") int n) throws IOException {
        BundleSource source = source(bundleOrLocation);
        CycleRunner runner = new CycleRunner(context);
        if (!function.isEmpty()) {
            runner.call(function);
        }
        CycleReport report = runner.run(source, n);
        System.out.println(report.format());
    }

    private BundleSource source(String bundleOrLocation) throws IOException {
        Bundle bundle = null;
        if (bundleOrLocation.matches("\\d+")) {
            bundle = context.getBundle(Long.parseLong(bundleOrLocation));
            if (bundle == null) {
                throw new IllegalArgumentException("no bundle with id " + bundleOrLocation);
            }
        } else {
            bundle = context.getBundle(bundleOrLocation);
        }
        if (bundle == null) {
            return BundleSource.ofLocation(bundleOrLocation);
        }
        if (bundle.getHeaders("").get(AddonConstants.ADDON_MODULE_HEADER) == null) {
            throw new IllegalArgumentException("bundle " + bundle.getSymbolicName() + " [" + bundle.getBundleId()
                    + "] has no " + AddonConstants.ADDON_MODULE_HEADER + " header: it is not an addon bundle");
        }
        return BundleSource.ofBundle(bundle);
    }

    private ServiceReference<Addon> addonReference(String module, long contextId) {
        String filter = "(" + AddonConstants.SERVICE_MODULE + "=" + escape(module) + ")";
        if (contextId >= 0) {
            filter = "(&" + filter + "(" + AddonConstants.SERVICE_CONTEXT_ID + "=" + contextId + "))";
        }
        List<ServiceReference<Addon>> refs;
        try {
            refs = new ArrayList<>(context.getServiceReferences(Addon.class, filter));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("invalid module name '" + module + "'", e);
        }
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("no addon module '" + module + "'"
                    + (contextId >= 0 ? " in context " + contextId : "") + " (see addon:modules and addon:contexts)");
        }
        refs.sort(Comparator.comparingLong(r -> ((Number) r.getProperty(AddonConstants.SERVICE_CONTEXT_ID)).longValue()));
        return refs.get(0);
    }

    private AddonInspector inspector() {
        ServiceReference<AddonInspector> ref = context.getServiceReference(AddonInspector.class);
        AddonInspector inspector = ref == null ? null : context.getService(ref);
        if (inspector == null) {
            throw new IllegalStateException("no AddonInspector service: is the addon runtime (addon.impl) started?");
        }
        context.ungetService(ref); // a singleton of addon.impl: the object stays usable while it is registered
        return inspector;
    }

    static String age(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    /** Columns padded to their widest cell, two spaces apart. */
    private static void print(PrintStream out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String escape(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }
}
