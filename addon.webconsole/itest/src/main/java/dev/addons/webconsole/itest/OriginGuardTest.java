package dev.addons.webconsole.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import jakarta.servlet.Filter;

/**
 * addon.webconsole.guard in front of the real Web Console on Jetty: with valid credentials, a bundle action
 * (POST /system/console/bundles/ID, action=start or stop) from another origin is refused with 403 and changes
 * nothing; from the console's own origin, or from a client that sends neither Origin nor Referer, it works; reading
 * works from anywhere.
 */
@ExtendWith(BundleContextExtension.class)
class OriginGuardTest {

    private static final String USER = "itest";
    private static final String PASSWORD = "itest-secret";
    private static final String EVIL = "http://evil.example";

    @InjectBundleContext
    BundleContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String console;

    @BeforeEach
    void findConsoleAndGuard() throws Exception {
        Collection<ServiceReference<Filter>> guards =
                context.getServiceReferences(Filter.class, "(osgi.http.whiteboard.filter.name=addon.webconsole.guard)");
        assertEquals(1, guards.size(), "the guard's whiteboard filter is registered: " + guards);
        assertEquals("(osgi.http.whiteboard.context.name=org.apache.felix.webconsole)",
                guards.iterator().next().getProperty("osgi.http.whiteboard.context.select"));
        Support.eventually(10_000, () -> {
            try {
                console = Support.consoleEndpoint(context);
                return console != null && send("GET", "/system/console/bundles.json", null, Map.of()).statusCode()
                        == 200;
            } catch (Exception e) {
                return false;
            }
        }, "the Web Console answers on the HttpServiceRuntime's endpoint");
    }

    /** A request with the run's credentials, {@code form} as url-encoded body (or none), and extra headers. */
    private HttpResponse<String> send(String method, String path, String form, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> bundleAction(Bundle bundle, String action, Map<String, String> headers)
            throws Exception {
        return send("POST", "/system/console/bundles/" + bundle.getBundleId(), "action=" + action, headers);
    }

    @Test
    void crossOriginBundleActionIsRefusedAndChangesNothing() throws Exception {
        Bundle demo = Support.installInstanceData(context);

        for (Map<String, String> foreign : List.of(Map.of("Origin", EVIL),
                Map.of("Referer", EVIL + "/attack.html"),
                Map.of("Origin", "null"),
                Map.of("Origin", EVIL, "Referer", console + "/system/console/bundles"),
                Map.of("Origin", console.replace("127.0.0.1", "localhost")))) {
            HttpResponse<String> response = bundleAction(demo, "start", foreign);
            assertEquals(403, response.statusCode(), foreign + ": " + response.body());
            assertTrue(response.body().contains("cross-origin request refused"), response.body());
            assertNotEquals(Bundle.ACTIVE, demo.getState(), foreign + " started the bundle");
        }
        // Other methods are state-changing too; the console has no handler for them, the guard refuses first.
        assertEquals(403, send("DELETE", "/system/console/bundles/" + demo.getBundleId(), null,
                Map.of("Origin", EVIL)).statusCode());
    }

    @Test
    void sameOriginAndHeaderlessBundleActionsWork() throws Exception {
        Bundle demo = Support.installInstanceData(context);

        HttpResponse<String> start = bundleAction(demo, "start",
                Map.of("Origin", console, "Referer", console + "/system/console/bundles"));
        assertEquals(200, start.statusCode(), start.body());
        Support.eventually(10_000, () -> demo.getState() == Bundle.ACTIVE, "started from the console's origin");

        // curl or a script with the credentials: no Origin, no Referer.
        HttpResponse<String> stop = bundleAction(demo, "stop", Map.of());
        assertEquals(200, stop.statusCode(), stop.body());
        Support.eventually(10_000, () -> demo.getState() == Bundle.RESOLVED, "stopped by a headerless client");
    }

    @Test
    void readingFromAnotherOriginStillWorks() throws Exception {
        HttpResponse<String> list = send("GET", "/system/console/bundles.json", null, Map.of("Origin", EVIL));
        assertEquals(200, list.statusCode());
        assertNotNull(list.body());
        assertTrue(list.body().contains("addon.webconsole.guard"), "the guard is in the bundle list");
    }
}
