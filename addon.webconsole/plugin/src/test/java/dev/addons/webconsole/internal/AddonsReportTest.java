package dev.addons.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.addons.api.AddonContext;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonInspector.ContextInfo;
import dev.addons.api.AddonInspector.LifecycleCounters;
import dev.addons.api.AddonInspector.ModuleFailure;
import dev.addons.api.AddonInspector.ModuleInfo;
import dev.addons.webconsole.testsupport.MiniJson;

/** The report on the class path: content, escaping and formats, without a framework or a console. */
class AddonsReportTest {

    private static final Instant NOW = Instant.parse("2026-11-05T10:00:00Z");
    private static final String EVIL = "<script>alert('x')</script> & \"${appRoot}\" \\$";

    private static AddonsReport sample() {
        ContextInfo instance = new ContextInfo(7, "addon.demo.instancedata", "addon.demo.instancedata", 12,
                List.of("multiple_load"), AddonContext.State.OPEN, NOW.minusSeconds(125), 3);
        ContextInfo evil = new ContextInfo(8, EVIL, "embedder", AddonInspector.NOT_A_BUNDLE, List.of("m<1>"),
                AddonContext.State.CLOSING, NOW.minusSeconds(5), 0);
        ModuleInfo module = new ModuleInfo("multiple_load", "addon.demo.instancedata [12]",
                Path.of("/tmp/data/modules/12/1/libmultiple_load.so"), 1, true, 16_280);
        LifecycleCounters counters = new LifecycleCounters(4, 2, 3, 2, 0, 5, 6, 42, 2,
                List.of("init of module bad failed: <b>boom</b>", "line one\nline two"));
        return new AddonsReport(List.of(instance, evil), List.of(module), counters, NOW);
    }

    private static String render(Consumer<PrintWriter> writer) {
        StringWriter out = new StringWriter();
        try (PrintWriter pw = new PrintWriter(out)) {
            writer.accept(pw);
        }
        return out.toString();
    }

    @Test
    void htmlHasOneRowPerContextAndModuleAndAllCounters() {
        String html = render(pw -> sample().writeHtml(pw, "/system/console", "/system/console/addons"));
        assertTrue(html.contains("<tr class='addons-context' data-context-id='7' "
                + "data-owner='addon.demo.instancedata [12]'>"), html);
        assertTrue(html.contains("<a href='/system/console/bundles/12'>addon.demo.instancedata [12]</a>"), html);
        assertTrue(html.contains("<td>multiple_load</td><td>OPEN</td>"), html);
        assertTrue(html.contains(">2 min 5 s</td><td>3</td>"), html);
        assertTrue(html.contains("<code>/tmp/data/modules/12/1/libmultiple_load.so</code></td><td>1</td><td>yes</td>"
                + "<td title='16280 bytes'>15.9 KiB</td>"), html);
        assertTrue(html.contains("<tr data-counter='hooksRun'><td>Cleanup hooks run</td><td>5</td></tr>"), html);
        assertTrue(html.contains("<tr data-counter='finalizersRun'><td>Finalizers run</td><td>6</td></tr>"), html);
        assertTrue(html.contains("2 live contexts, 1 module file mapped; 4 contexts created, 2 closed; 2 failures"),
                html);
        assertTrue(html.contains("href='/system/console/addons.json'"), html);
    }

    @Test
    void htmlEscapesEverythingFromBundles() {
        String html = render(pw -> sample().writeHtml(pw, "/system/console", "/system/console/addons"));
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<b>boom"), html);
        assertFalse(html.contains("<1>"), html);
        // The console expands ${...} and eats backslashes in text/html output: neither may survive in data.
        assertFalse(html.contains("${"), html);
        assertFalse(html.contains("\\"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;&#36;{appRoot}&quot; "
                + "&#92;&#36;"), html);
        assertTrue(html.contains("init of module bad failed: &lt;b&gt;boom&lt;/b&gt;"), html);
        // An owner that is not a bundle is not linked.
        assertTrue(html.contains("<td>embedder</td>"), html);
    }

    @Test
    void emptyRuntimeSaysSo() {
        AddonsReport empty = new AddonsReport(List.of(), List.of(),
                new LifecycleCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, List.of()), NOW);
        String html = render(pw -> empty.writeHtml(pw, "/c", "/c/addons"));
        assertTrue(html.contains("No live contexts."), html);
        assertTrue(html.contains("No module files mapped."), html);
        String text = render(empty::writeText);
        assertTrue(text.contains("Contexts (0)\n  none\n"), text);
    }

    @Test
    void absentRuntimeSaysSoInEveryFormat() {
        AddonsReport none = AddonsReport.of(null);
        assertTrue(render(pw -> none.writeHtml(pw, "/c", "/c/addons")).contains("is not active"));
        assertTrue(render(none::writeText).contains("is not active"));
        String json = render(none::writeJson);
        assertTrue(json.contains("\"runtime\": \"absent\""), json);
        assertFalse(json.contains("\"contexts\""), json);
    }

    @Test
    void textHasAlignedColumnsAndOneLinePerFailure() {
        String text = render(sample()::writeText);
        assertTrue(text.startsWith("Addon runtime\n=============\n2 live contexts"), text);
        assertTrue(text.contains("  ID  Name "), text);
        assertTrue(text.matches("(?s).*\n  7 +addon\\.demo\\.instancedata +addon\\.demo\\.instancedata \\[12\\] +"
                + "multiple_load +OPEN +2 min 5 s +3 +2026-11-05T09:57:55Z\n.*"), text);
        assertTrue(text.matches("(?s).*\n  Cleanup hooks run +5\n.*"), text);
        assertTrue(text.contains("  line one\\nline two\n"), text);
    }

    @Test
    void jsonIsWellFormedAndComplete() {
        String json = render(sample()::writeJson);
        Object parsed = MiniJson.parse(json);
        assertTrue(parsed instanceof Map, json);
        Map<?, ?> root = (Map<?, ?>) parsed;
        assertEquals("active", root.get("runtime"));
        List<?> contexts = (List<?>) root.get("contexts");
        assertEquals(2, contexts.size());
        Map<?, ?> first = (Map<?, ?>) contexts.get(0);
        assertEquals(7L, first.get("id"));
        assertEquals("addon.demo.instancedata [12]", first.get("owner"));
        assertEquals(12L, first.get("ownerBundleId"));
        assertEquals(List.of("multiple_load"), first.get("modules"));
        assertEquals("OPEN", first.get("state"));
        assertEquals(125_000L, first.get("ageMillis"));
        assertEquals(EVIL, ((Map<?, ?>) contexts.get(1)).get("name"));
        assertEquals(null, ((Map<?, ?>) contexts.get(1)).get("ownerBundleId"));
        Map<?, ?> module = (Map<?, ?>) ((List<?>) root.get("modules")).get(0);
        assertEquals(Boolean.TRUE, module.get("mapped"));
        assertEquals(1L, module.get("references"));
        assertEquals(16280L, module.get("size"));
        Map<?, ?> counters = (Map<?, ?>) root.get("counters");
        assertEquals(4L, counters.get("contextsCreated"));
        assertEquals(5L, counters.get("hooksRun"));
        assertEquals(6L, counters.get("finalizersRun"));
        assertEquals(List.of("init of module bad failed: <b>boom</b>", "line one\nline two"),
                counters.get("recentFailures"));
        assertFalse(json.contains("<"), "no raw '<' in JSON (safe inside a script element): " + json);
    }

    private static AddonsReport withFailedModules() {
        ContextInfo empty = new ContextInfo(9, "addon.broken", "addon.broken", 14, List.of(),
                AddonContext.State.OPEN, NOW.minusSeconds(30), 0);
        List<ModuleFailure> failed = List.of(
                new ModuleFailure(9, "addon.broken", 14, "broken",
                        "bundle addon.broken [14], addon module 'broken': init refused: <no licence>",
                        NOW.minusSeconds(30)),
                new ModuleFailure(9, "addon.broken", 14, null,
                        "bundle addon.broken [14]: invalid Addon-Module header: ${x}", NOW.minusSeconds(30)));
        return new AddonsReport(List.of(empty), List.of(),
                new LifecycleCounters(1, 0, 0, 0, 0, 0, 0, 0, 2, List.of()), failed, NOW);
    }

    @Test
    void failedModulesAreListedWithOwnerAndReasonInEveryFormat() {
        String html = render(pw -> withFailedModules().writeHtml(pw, "/system/console", "/system/console/addons"));
        assertTrue(html.contains("Modules that failed to load (2, in the live contexts)"), html);
        assertTrue(html.contains("<tr class='addons-module-failure' data-context-id='9' data-module='broken'>"
                + "<td>9</td><td><a href='/system/console/bundles/14'>addon.broken [14]</a></td><td>broken</td>"
                + "<td><code>bundle addon.broken [14], addon module &#39;broken&#39;: init refused: "
                + "&lt;no licence&gt;</code></td><td title='2026-11-05T09:59:30Z'>30 s ago</td></tr>"), html);
        assertTrue(html.contains("data-module='(Addon-Module header)'"), html);
        assertFalse(html.contains("${"), html);

        String text = render(withFailedModules()::writeText);
        assertTrue(text.matches("(?s).*\nModules that failed to load \\(2\\)\n  Context +Owner +Module +When +Reason\n"
                + "  9 +addon\\.broken \\[14\\] +broken +2026-11-05T09:59:30Z +bundle addon\\.broken \\[14\\], "
                + "addon module 'broken': init refused: <no licence>\n.*"), text);

        Map<?, ?> root = (Map<?, ?>) MiniJson.parse(render(withFailedModules()::writeJson));
        List<?> failed = (List<?>) root.get("failedModules");
        assertEquals(2, failed.size(), root.toString());
        Map<?, ?> first = (Map<?, ?>) failed.get(0);
        assertEquals(9L, first.get("contextId"));
        assertEquals(14L, first.get("ownerBundleId"));
        assertEquals("broken", first.get("module"));
        assertEquals("bundle addon.broken [14], addon module 'broken': init refused: <no licence>",
                first.get("message"));
        assertEquals(null, ((Map<?, ?>) failed.get(1)).get("module"));
    }

    @Test
    void noFailedModulesSaysSo() {
        String html = render(pw -> sample().writeHtml(pw, "/c", "/c/addons"));
        assertTrue(html.contains("Modules that failed to load (0, in the live contexts)"), html);
        assertTrue(html.contains("<tr class='addons-empty'><td colspan='5'>None.</td></tr>"), html);
        assertEquals(List.of(), ((Map<?, ?>) MiniJson.parse(render(sample()::writeJson))).get("failedModules"));
    }

    @Test
    void ageAndSizeFormats() {
        assertEquals("0 s", AddonsReport.age(Duration.ofMillis(-5)));
        assertEquals("59 s", AddonsReport.age(Duration.ofSeconds(59)));
        assertEquals("1 min 0 s", AddonsReport.age(Duration.ofSeconds(60)));
        assertEquals("2 h 10 min", AddonsReport.age(Duration.ofMinutes(130)));
        assertEquals("3 d 1 h", AddonsReport.age(Duration.ofHours(73)));
        assertEquals("unknown", AddonsReport.size(-1));
        assertEquals("812 B", AddonsReport.size(812));
        assertEquals("2.0 MiB", AddonsReport.size(2 * 1024 * 1024));
    }
}
