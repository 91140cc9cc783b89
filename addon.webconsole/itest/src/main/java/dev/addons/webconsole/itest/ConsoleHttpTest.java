package dev.addons.webconsole.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import dev.addons.webconsole.testsupport.MiniJson;

/**
 * The page through the real Web Console on Jetty (ephemeral loopback port, credentials from the run properties):
 * authentication, the console's frame around the plugin, the JSON variant and the status (inventory) pages.
 */
@ExtendWith(BundleContextExtension.class)
class ConsoleHttpTest {

    private static final String USER = "itest";
    private static final String PASSWORD = "itest-secret";

    @InjectBundleContext
    BundleContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String console;

    /** http://127.0.0.1:PORT, once the console has registered itself and answers. */
    @BeforeEach
    void findConsole() throws Exception {
        Support.eventually(10_000, () -> {
            try {
                console = Support.consoleEndpoint(context);
                return console != null && get("/system/console/addons", true).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, "the Web Console answers on the HttpServiceRuntime's endpoint");
        assertTrue(console.startsWith("http://127.0.0.1:"), console);
    }

    private HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(console + path)).timeout(Duration.ofSeconds(10)).GET();
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void consoleAsksForTheConfiguredCredentials() throws Exception {
        assertEquals(401, get("/system/console/addons", false).statusCode());
        HttpRequest wrong = HttpRequest.newBuilder(URI.create(console + "/system/console/addons"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()))
                .GET().build();
        assertEquals(401, http.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode(),
                "the demo credentials are not the ones of this run");
    }

    @Test
    void addonsPageInsideTheConsoleShowsTheContextOfAStartedBundle() throws Exception {
        Bundle demo = Support.installInstanceData(context);
        demo.start();
        String owner = "addon.demo.instancedata [" + demo.getBundleId() + "]";

        HttpResponse<String> page = get("/system/console/addons", true);
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<div id='addons-plugin'>"), html);
        assertTrue(html.contains("data-owner='" + owner + "'"), html);
        // In the console's frame, with a navigation entry.
        assertTrue(html.contains("<html"), html);
        assertTrue(html.matches("(?s).*<a href=.?/system/console/addons.?>Addons</a>.*"), "navigation entry: " + html);

        HttpResponse<String> json = get("/system/console/addons.json", true);
        assertEquals(200, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        List<?> contexts = (List<?>) ((Map<?, ?>) MiniJson.parse(json.body())).get("contexts");
        assertTrue(contexts.stream().map(Map.class::cast).anyMatch(c -> owner.equals(c.get("owner"))), json.body());

        // The inventory printer's own status page, and its entry in the configuration status dump.
        HttpResponse<String> status = get("/system/console/status-addons.json", true);
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains(owner), status.body());
        HttpResponse<String> text = get("/system/console/status-addons.txt", true);
        assertEquals(200, text.statusCode());
        assertTrue(text.body().contains("Addon runtime"), text.body());
        // Status > Configuration Status: the full dump of every printer, ours among them, complete to the end.
        HttpResponse<String> dump = get("/system/console/config/configuration-status.txt", true);
        assertEquals(200, dump.statusCode());
        assertTrue(dump.body().contains("*** Addon runtime:"), dump.body());
        assertTrue(dump.body().contains(owner), dump.body());
        assertTrue(dump.body().contains("*** Threads:"), "the dump goes on after ours: " + dump.body());

        demo.stop();
        html = get("/system/console/addons", true).body();
        assertFalse(html.contains("data-owner='" + owner + "'"), html);
    }
}
