package dev.addons.webconsole.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import dev.addons.api.Addon;
import dev.addons.api.AddonConstants;
import dev.addons.api.AddonContext;
import dev.addons.api.AddonException;
import dev.addons.api.AddonInspector;
import dev.addons.api.AddonRuntime;
import dev.addons.api.ModuleSpec;
import dev.addons.webconsole.testsupport.MiniJson;

/** The plugin servlet rendered in the framework with a mock request and response (no HTTP, no browser). */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class AddonsPageTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    AddonInspector inspector;

    @InjectService(timeout = 5000)
    AddonRuntime runtime;

    private static String contextRow(Bundle bundle) {
        return "data-owner='addon.demo.instancedata [" + bundle.getBundleId() + "]'";
    }

    @Test
    void pageShowsTheContextOfAStartedAddonBundleUntilItStops() throws Exception {
        AbstractServlet plugin = Support.plugin(context);
        Map<?, ?> before = counters(plugin);

        Bundle demo = Support.installInstanceData(context);
        assertFalse(Support.renderPage(plugin).contains(contextRow(demo)), "installed only: no context yet");

        demo.start();
        Collection<ServiceReference<Addon>> refs = context.getServiceReferences(Addon.class,
                "(" + AddonConstants.SERVICE_MODULE + "=multiple_load)");
        assertEquals(1, refs.size());
        Addon addon = context.getService(refs.iterator().next());
        assertEquals(1, addon.call("increment"));
        assertEquals(2, addon.call("increment"));
        long contextId = addon.context().id();

        String html = Support.renderPage(plugin);
        String row = "<tr class='addons-context' data-context-id='" + contextId + "' " + contextRow(demo) + ">";
        assertTrue(html.contains(row), "context row " + row + " in\n" + html);
        String rowHtml = html.substring(html.indexOf(row), html.indexOf("</tr>", html.indexOf(row)));
        assertTrue(rowHtml.contains("<a href='/system/console/bundles/" + demo.getBundleId() + "'>"), rowHtml);
        assertTrue(rowHtml.contains("<td>multiple_load</td><td>OPEN</td>"), rowHtml);
        assertTrue(rowHtml.endsWith("<td>2</td>"), "two calls: " + rowHtml);
        // The module table: the file, one reference, mapped.
        assertTrue(html.matches("(?s).*<tr class='addons-module' data-module='multiple_load'><td>multiple_load</td>"
                + "<td><code>[^<]*libmultiple_load\\.so</code></td><td>1</td><td>yes</td>.*"), html);

        demo.stop();
        html = Support.renderPage(plugin);
        assertFalse(html.contains(contextRow(demo)), "stopped: the context is gone\n" + html);
        assertFalse(html.contains("data-module='multiple_load'"), "and the module is unmapped\n" + html);
        Map<?, ?> after = counters(plugin);
        assertEquals(1L, (Long) after.get("contextsCreated") - (Long) before.get("contextsCreated"));
        assertEquals(1L, (Long) after.get("contextsClosed") - (Long) before.get("contextsClosed"));
        assertTrue((Long) after.get("finalizersRun") > (Long) before.get("finalizersRun"),
                "the instance-data finalizer ran: " + before + " -> " + after);
        assertTrue(html.contains("<tr data-counter='contextsClosed'><td>Contexts closed</td><td>"
                + after.get("contextsClosed") + "</td></tr>"), html);
    }

    @Test
    void namesAndFailureMessagesFromUsersAreEscaped() throws Exception {
        AbstractServlet plugin = Support.plugin(context);
        String evil = "<img src=x onerror=alert(1)>${appRoot}\\";
        AddonContext mine = runtime.newContext(evil);
        try {
            // A load that fails records a failure naming the context (and so the evil name, and the path).
            assertThrows(AddonException.class,
                    () -> mine.load(ModuleSpec.of("missing", Path.of("/nonexistent/<b>lib</b>.so"))));
            String html = Support.renderPage(plugin);
            assertTrue(html.contains("data-context-id='" + mine.id() + "'"), html);
            assertFalse(html.contains("<img"), html);
            assertFalse(html.contains("<b>"), html);
            assertFalse(html.contains("${"), "the console would expand it: " + html);
            assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;&#36;{appRoot}&#92;"), html);
            assertTrue(html.contains("/nonexistent/&lt;b&gt;lib&lt;/b&gt;.so"), "the failure is listed: " + html);

            Map<?, ?> json = json(Support.get(plugin, "/addons.json").body());
            boolean found = false;
            for (Object c : (List<?>) json.get("contexts")) {
                Map<?, ?> ctx = (Map<?, ?>) c;
                if (((Long) ctx.get("id")) == mine.id()) {
                    assertEquals(evil, ctx.get("name"));
                    found = true;
                }
            }
            assertTrue(found, "context in JSON: " + json);
        } finally {
            mine.close();
        }
    }

    @Test
    void modulesThatFailedToLoadAreListedWhileTheirContextLives() throws Exception {
        AbstractServlet plugin = Support.plugin(context);
        AddonContext mine = runtime.newContext("with a failed module");
        try {
            assertThrows(AddonException.class,
                    () -> mine.load(ModuleSpec.of("absent", Path.of("/nonexistent/libabsent.so"))));
            String html = Support.renderPage(plugin);
            String row = "<tr class='addons-module-failure' data-context-id='" + mine.id() + "' data-module='absent'>";
            assertTrue(html.contains(row), row + " in\n" + html);
            String rowHtml = html.substring(html.indexOf(row), html.indexOf("</tr>", html.indexOf(row)));
            assertTrue(rowHtml.contains("/nonexistent/libabsent.so"), rowHtml);

            List<?> failed = (List<?>) json(Support.get(plugin, "/addons.json").body()).get("failedModules");
            assertTrue(failed.stream().map(Map.class::cast).anyMatch(f -> "absent".equals(f.get("module"))
                    && Long.valueOf(mine.id()).equals(f.get("contextId"))), failed.toString());
        } finally {
            mine.close();
        }
        assertFalse(Support.renderPage(plugin).contains("data-context-id='" + mine.id() + "' data-module='absent'"),
                "gone with its context");
    }

    @Test
    void jsonAndTextVariantsAreServedBeforeTheConsoleFrame() throws Exception {
        AbstractServlet plugin = Support.plugin(context);
        Bundle demo = Support.installInstanceData(context);
        demo.start();

        Support.Exchange json = Support.get(plugin, "/addons.json");
        assertEquals("application/json", json.contentType());
        assertTrue(json.headers().getOrDefault("Cache-Control", "").contains("no-store"), json.headers().toString());
        Map<?, ?> root = json(json.body());
        assertEquals("active", root.get("runtime"));
        assertTrue(((List<?>) root.get("contexts")).stream().map(Map.class::cast)
                .anyMatch(c -> Long.valueOf(demo.getBundleId()).equals(c.get("ownerBundleId"))
                        && List.of("multiple_load").equals(c.get("modules")) && "OPEN".equals(c.get("state"))),
                json.body());

        Support.Exchange text = Support.get(plugin, "/addons.txt");
        assertEquals("text/plain", text.contentType());
        assertTrue(text.body().contains("addon.demo.instancedata [" + demo.getBundleId() + "]"), text.body());

        // The page itself: the plugin's doGet leaves it to the console (no content type set, nothing written).
        Support.Exchange page = Support.get(plugin, "/addons");
        assertEquals(null, page.contentType());
        assertEquals("", page.body());
    }

    private static Map<?, ?> counters(AbstractServlet plugin) throws Exception {
        return (Map<?, ?>) json(Support.get(plugin, "/addons.json").body()).get("counters");
    }

    static Map<?, ?> json(String body) {
        return (Map<?, ?>) MiniJson.parse(body);
    }
}
