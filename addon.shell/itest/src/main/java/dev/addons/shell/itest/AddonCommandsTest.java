package dev.addons.shell.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.JsObject;
import dev.addons.api.JsSymbol;
import dev.addons.api.ModuleSpec;
import dev.addons.api.WellKnownSymbol;

/**
 * The {@code addon:*} commands as the console runs them: through the Gogo {@link CommandProcessor}, in a session
 * whose output is captured, against the example addon bundles installed for real.
 */
class AddonCommandsTest {

    private BundleContext context;
    private ServiceTracker<CommandProcessor, CommandProcessor> tracker;
    private CommandSession session;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<Bundle> installed = new ArrayList<>();

    @BeforeEach
    void session() throws InterruptedException {
        context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        tracker = new ServiceTracker<>(context, CommandProcessor.class, null);
        tracker.open();
        CommandProcessor processor = tracker.waitForService(30_000);
        assertNotNull(processor, "the Gogo runtime's CommandProcessor");
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        tracker.close();
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
    }

    /** Runs a command line as the console would; what it printed. */
    private String run(String command) throws Exception {
        output.reset();
        session.execute(command);
        return output.toString(StandardCharsets.UTF_8);
    }

    private Bundle install(String jar) throws Exception {
        URL entry = FrameworkUtil.getBundle(getClass()).getEntry("bundles/" + jar);
        assertNotNull(entry, "bundles/" + jar + " is not in the test bundle: did the build copy it?");
        try (InputStream in = entry.openStream()) {
            Bundle b = context.installBundle("shell-itest:" + jar + "#" + installed.size(), in);
            installed.add(b);
            return b;
        }
    }

    /**
     * A second bundle from the same jar under another symbolic name: this framework refuses two bundles of one name
     * and version (bsnversion=single in shell-itest.bndrun, as in Equinox and Karaf).
     */
    private Bundle installRenamed(String jar, String symbolicName) throws Exception {
        URL entry = FrameworkUtil.getBundle(getClass()).getEntry("bundles/" + jar);
        assertNotNull(entry, "bundles/" + jar + " is not in the test bundle: did the build copy it?");
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(entry.openStream())) {
            Manifest manifest = in.getManifest();
            assertNotNull(manifest, "bundles/" + jar + ": no manifest first in the jar");
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
            try (JarOutputStream out = new JarOutputStream(copy, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Bundle b = context.installBundle("shell-itest:" + symbolicName + "#" + installed.size(),
                new ByteArrayInputStream(copy.toByteArray()));
        installed.add(b);
        return b;
    }

    private static String name(Bundle b) {
        return b.getSymbolicName() + " [" + b.getBundleId() + "]";
    }

    private long contextId(Bundle b) {
        for (ServiceReference<?> ref : b.getRegisteredServices()) {
            if (Arrays.asList((String[]) ref.getProperty("objectClass")).contains(Addon.class.getName())) {
                return ((Number) ref.getProperty(AddonConstants.SERVICE_CONTEXT_ID)).longValue();
            }
        }
        throw new AssertionError(name(b) + " registered no Addon service");
    }

    private static boolean hasLine(String text, String regex) {
        Pattern p = Pattern.compile(regex);
        return text.lines().anyMatch(l -> p.matcher(l).matches());
    }

    @Test
    void contextsAndModulesFollowStartAndStop() throws Exception {
        assertTrue(run("addon:contexts").contains("no open addon contexts"));
        Bundle b = install("instancedata.jar");
        b.start();
        long id = contextId(b);

        String contexts = run("addon:contexts");
        assertTrue(hasLine(contexts, "ID +OWNER +NAME +MODULES +STATE +AGE +CALLS"), contexts);
        assertTrue(hasLine(contexts, id + " +" + Pattern.quote(name(b)) + " +" + Pattern.quote(name(b))
                + " +multiple_load +OPEN +[0-9.]+s +0"), contexts);

        String modules = run("addon:modules");
        assertTrue(hasLine(modules, "MODULE +BUNDLE +CONTEXTS +MAPPED +SIZE +FILE"), modules);
        assertTrue(hasLine(modules, "multiple_load +" + Pattern.quote(name(b)) + " +1 +yes +\\d+ B +/.*/libmultiple_load\\.so"),
                modules);

        b.stop();
        assertFalse(run("addon:contexts").contains(name(b)));
        assertTrue(run("addon:modules").contains("no addon module files loaded"), "unloaded with its last context");
    }

    /** An addon bundle built here whose one module names a file that the bundle does not have. */
    private Bundle installBroken() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "shell.itest.broken");
        main.putValue(AddonConstants.ADDON_MODULE_HEADER, "broken;path=native/libmissing.so");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();
        Bundle b = context.installBundle("shell-itest:broken#" + installed.size(),
                new ByteArrayInputStream(jar.toByteArray()));
        installed.add(b);
        return b;
    }

    @Test
    void aBundleWhoseModulesAllFailedShowsThemInContextsAndFailures() throws Exception {
        assertTrue(run("addon:failures").contains("no failed addon modules in the open contexts"));
        Bundle b = installBroken();
        b.start();
        assertEquals(Bundle.ACTIVE, b.getState(), "an extender cannot veto the start");
        long id = run("addon:contexts").lines().filter(l -> l.contains(name(b))).map(l -> l.split(" +")[0])
                .map(Long::valueOf).findFirst().orElseThrow();

        String contexts = run("addon:contexts");
        assertTrue(hasLine(contexts, id + " +" + Pattern.quote(name(b)) + " +" + Pattern.quote(name(b))
                + " +- +OPEN +[0-9.]+s +0"), "an empty context: " + contexts);
        assertTrue(hasLine(contexts, "failed to load \\(addon:failures for the reasons\\):"), contexts);
        assertTrue(hasLine(contexts, " +context " + id + ": broken"), contexts);

        String failures = run("addon:failures");
        assertTrue(hasLine(failures, "CONTEXT +OWNER +MODULE +REASON"), failures);
        assertTrue(hasLine(failures, id + " +" + Pattern.quote(name(b)) + " +broken +bundle "
                + Pattern.quote(name(b)) + ", addon module 'broken': path 'native/libmissing.so' is not an entry"
                + " of the bundle or its fragments"), failures);

        b.stop();
        assertFalse(run("addon:contexts").contains("failed to load"), "gone with the context");
        assertTrue(run("addon:failures").contains("no failed addon modules in the open contexts"));
    }

    @Test
    void callPrintsWhatTheFunctionReturnsInTheChosenContext() throws Exception {
        Bundle first = install("instancedata.jar");
        first.start();
        Bundle second = installRenamed("instancedata.jar", "addon.demo.instancedata.second");
        second.start();
        assertEquals("1", run("addon:call multiple_load increment").trim(), "default: the oldest context");
        assertEquals("2", run("addon:call multiple_load increment").trim());
        assertEquals("1", run("addon:call multiple_load decrement").trim());
        long secondContext = contextId(second);
        assertEquals("1", run("addon:call -c " + secondContext + " multiple_load increment").trim(),
                "another context, its own instance data");
        assertEquals("2", run("addon:call --context " + secondContext + " multiple_load increment").trim());
        assertEquals("2", run("addon:call multiple_load increment").trim(), "the first context kept its value");

        String contexts = run("addon:contexts");
        assertTrue(hasLine(contexts, contextId(first) + " .* multiple_load +OPEN +[0-9.]+s +4"), contexts);
        assertTrue(hasLine(contexts, secondContext + " .* multiple_load +OPEN +[0-9.]+s +2"), contexts);

        Exception missing = assertThrows(Exception.class, () -> run("addon:call nosuchmodule increment"));
        assertTrue(missing.getMessage().contains("no addon module 'nosuchmodule'"), missing.getMessage());
        Exception notExported = assertThrows(Exception.class, () -> run("addon:call multiple_load nosuchfunction"));
        assertTrue(notExported.getMessage().contains("nosuchfunction"), notExported.getMessage());
    }

    /**
     * Through Gogo's parser to the addon and back: the argument words a Buffer, a BigInt and typed arrays are written
     * as reach the addon as those values, and the result prints as Node's util.inspect prints it (expected text from
     * node 20).
     */
    @Test
    void callTakesTypedArgumentsAndPrintsResultsAsNode() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(AddonConstants.SERVICE_MODULE, "echo_stub");
        properties.put(AddonConstants.SERVICE_CONTEXT_ID, Long.MAX_VALUE);
        ServiceRegistration<Addon> echo = context.registerService(Addon.class, new EchoAddon(), properties);
        try {
            String printed = run("addon:call echo_stub echo 12n hex:78da '<Buffer 01 02>' Int32Array:1,2,3"
                    + " 'Float64Array(2) [ 0.5, -0 ]' BigInt64Array:1n 7 2.5 text null true");
            assertEquals(String.join("\n", "[", "  12n,", "  <Buffer 78 da>,", "  <Buffer 01 02>,",
                    "  Int32Array(3) [ 1, 2, 3 ],", "  Float64Array(2) [ 0.5, -0 ],", "  BigInt64Array(1) [ 1n ],",
                    "  7,", "  2.5,", "  'text',", "  null,", "  true", "]"), printed.strip());
            assertEquals("[ 'a-b', { 'key-1': [ 1, 2 ] } ]", run("addon:call echo_stub nested").strip());
            Exception odd = assertThrows(Exception.class, () -> run("addon:call echo_stub echo hex:78d"));
            assertTrue(odd.getMessage().contains("'hex:78d'"), odd.getMessage());
        } finally {
            echo.unregister();
        }
    }

    /** An Addon service of no context: {@code echo} returns its arguments, {@code nested} a fixed value. */
    private static final class EchoAddon implements Addon {
        @Override
        public String moduleName() {
            return "echo_stub";
        }

        @Override
        public ModuleSpec spec() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AddonContext context() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> exportNames() {
            return Set.of("echo", "nested");
        }

        @Override
        public Object call(String function, Object... args) {
            return function.equals("nested") ? List.of("a-b", Map.of("key-1", List.of(1, 2))) : Arrays.asList(args);
        }

        @Override
        public <T> T bind(Class<T> api) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsObject construct(String constructorExport, Object... args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsObject exports() {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsSymbol wellKnownSymbol(WellKnownSymbol name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsSymbol symbolFor(String key) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void cycleOfAnInstalledBundleReportsNoLeak() throws Exception {
        Bundle b = install("instancedata.jar");
        b.start();
        String report = run("addon:cycle " + b.getBundleId() + " 5");
        assertTrue(report.startsWith("Cycles of addon.demo.instancedata "), report);
        assertTrue(report.contains("(module multiple_load, from a copy of bundle " + name(b) + "): 5 of 5"), report);
        assertTrue(hasLine(report, " +call: +multiple_load\\.increment\\(\\) -> 1 \\(5 of 5 cycles\\)"), report);
        assertTrue(hasLine(report, " +contexts created / closed / left open: +5 / 5 / 0"), report);
        assertTrue(hasLine(report, " +cleanup hooks run: +0 .*every cycle\\)"), report);
        assertTrue(hasLine(report, " +finalizers run: +5 \\(1 per cycle as in the first cycle, every cycle\\)"), report);
        assertTrue(hasLine(report, " +module file mapped \\(/proc/self/maps\\): +before start 0/5, while started 5/5,"
                + " after stop 0/5, after refresh 0/5"), report);
        assertTrue(hasLine(report, " +cycle time: +median [0-9.]+ ms, p99 [0-9.]+ ms, total [0-9.]+ s"), report);
        assertTrue(hasLine(report, " +verdict: +no leak"), report);
        assertEquals(Bundle.ACTIVE, b.getState(), "the original is left as it was");

        String decrement = run("addon:cycle -f decrement " + b.getBundleId() + " 2");
        assertTrue(hasLine(decrement, " +call: +multiple_load\\.decrement\\(\\) -> -1 \\(2 of 2 cycles\\)"), decrement);
    }

    @Test
    void cycleOfALocationCountsTheHooks() throws Exception {
        Path jar = Files.createTempFile("cleanuphooks", ".jar");
        try (InputStream in = FrameworkUtil.getBundle(getClass()).getEntry("bundles/cleanuphooks.jar").openStream()) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            String report = run("addon:cycle " + jar.toUri() + " 3");
            assertTrue(report.contains("(module cleanup_hooks, from " + jar.toUri() + "): 3 of 3"), report);
            assertTrue(hasLine(report, " +call: +cleanup_hooks: no exported function to call \\(3 of 3 cycles\\)"),
                    report);
            assertTrue(hasLine(report, " +cleanup hooks run: +12 \\(4 per cycle as in the first cycle, every cycle\\)"),
                    report);
            assertTrue(hasLine(report, " +finalizers run: +0 .*"), report);
            assertTrue(hasLine(report, " +verdict: +no leak"), report);
        } finally {
            Files.delete(jar);
        }
        Exception notAddon = assertThrows(Exception.class,
                () -> run("addon:cycle " + FrameworkUtil.getBundle(getClass()).getBundleId() + " 1"));
        assertTrue(notAddon.getMessage().contains("is not an addon bundle"), notAddon.getMessage());
    }

    @Test
    void everyCommandIsRegisteredInScopeAddonWithHelp() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=addon)");
        assertNotNull(refs);
        assertEquals(1, refs.length);
        List<String> functions = Arrays.asList((String[]) refs[0].getProperty("osgi.command.function"));
        assertEquals(Set.of("contexts", "modules", "failures", "call", "cycle"), Set.copyOf(functions));
        Object commands = context.getService(refs[0]);
        try {
            for (String function : functions) {
                Method method = Arrays.stream(commands.getClass().getMethods())
                        .filter(m -> m.getName().equals(function)).findFirst().orElseThrow();
                Descriptor help = method.getAnnotation(Descriptor.class);
                assertNotNull(help, function + " has no @Descriptor");
                assertFalse(help.value().isBlank());
            }
        } finally {
            context.ungetService(refs[0]);
        }
    }

    /** SCR registers the commands (a DS component of addon.shell, no activator): DS adds component.name. */
    @Test
    void theCommandsAreADeclarativeServicesComponentOfAddonShell() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=addon)");
        assertNotNull(refs);
        assertEquals(1, refs.length);
        assertEquals("dev.addons.shell.internal.AddonCommands", refs[0].getProperty("component.name"));
        assertEquals("addon.shell", refs[0].getBundle().getSymbolicName());
        assertEquals("Console commands of the addon runtime", refs[0].getProperty("service.description"));
    }
}
