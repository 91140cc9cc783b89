package dev.addons.webconsole.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import dev.addons.webconsole.testsupport.MiniJson;

/** The inventory printer "addons" (the console's status dump) in TEXT and JSON. */
@ExtendWith(BundleContextExtension.class)
class InventoryPrinterTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void textAndJsonListTheContextOfAStartedAddonBundle() throws Exception {
        InventoryPrinter printer = Support.printer(context);
        Bundle demo = Support.installInstanceData(context);
        demo.start();
        String owner = "addon.demo.instancedata [" + demo.getBundleId() + "]";

        String text = Support.print(printer, Format.TEXT);
        assertTrue(text.startsWith("Addon runtime\n=============\n"), text);
        assertTrue(text.matches("(?s).*\n  \\d+ +" + Pattern.quote(owner) + " +"
                + Pattern.quote(owner) + " +multiple_load +OPEN +\\d+ s +0 +\\S+\n.*"), text);
        assertTrue(text.matches("(?s).*\n  multiple_load +1 +yes +\\d+ +" + Pattern.quote(owner)
                + " +/\\S+/libmultiple_load\\.so\n.*"), text);
        assertTrue(text.contains("\n  Cleanup hooks run "), text);

        Map<?, ?> json = (Map<?, ?>) MiniJson.parse(Support.print(printer, Format.JSON));
        assertEquals("active", json.get("runtime"));
        List<?> contexts = (List<?>) json.get("contexts");
        Map<?, ?> mine = contexts.stream().map(Map.class::cast).filter(c -> owner.equals(c.get("owner")))
                .findFirst().orElseThrow(() -> new AssertionError("no context of " + owner + ": " + json));
        assertEquals(List.of("multiple_load"), mine.get("modules"));
        assertEquals("OPEN", mine.get("state"));
        assertEquals(demo.getBundleId(), mine.get("ownerBundleId"));
        Map<?, ?> module = ((List<?>) json.get("modules")).stream().map(Map.class::cast)
                .filter(m -> "multiple_load".equals(m.get("name"))).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, module.get("mapped"));
        assertEquals(1L, module.get("references"));
        assertTrue((Long) module.get("size") > 0, module.toString());
        Map<?, ?> counters = (Map<?, ?>) json.get("counters");
        for (String key : List.of("contextsCreated", "contextsClosed", "hooksRun", "finalizersRun", "failures")) {
            assertTrue(counters.get(key) instanceof Long, key + " in " + counters);
        }
        assertTrue(counters.get("recentFailures") instanceof List, counters.toString());

        demo.stop();
        String afterStop = Support.print(printer, Format.TEXT);
        assertFalse(afterStop.contains(owner), afterStop);
    }
}
