package dev.addons.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;

import dev.addons.api.AddonInspector;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console page {@code /system/console/addons}: live contexts, mapped module files and the lifecycle
 * counters. {@code /system/console/addons.json} and {@code .txt} return the same data as the inventory printer.
 * Registered as a {@code jakarta.servlet.Servlet} service with the {@code felix.webconsole.*} properties (the
 * Web Console 5 plugin contract).
 */
final class AddonsPlugin extends AbstractServlet {

    private static final long serialVersionUID = 1L;

    static final String LABEL = "addons";
    static final String TITLE = "Addons";
    static final String CATEGORY = "OSGi";

    private final transient Supplier<AddonInspector> inspector;

    AddonsPlugin(Supplier<AddonInspector> inspector) {
        this.inspector = inspector;
    }

    /** The JSON and text variants; anything else falls through to {@link #renderContent}, inside the console. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getPathInfo();
        if (path != null && (path.endsWith(".json") || path.endsWith(".txt"))) {
            boolean json = path.endsWith(".json");
            setNoCache(response);
            response.setCharacterEncoding("UTF-8");
            response.setContentType(json ? "application/json" : "text/plain");
            PrintWriter pw = response.getWriter();
            AddonsReport report = AddonsReport.of(inspector.get());
            if (json) {
                report.writeJson(pw);
            } else {
                report.writeText(pw);
            }
            pw.flush();
            return;
        }
        super.doGet(request, response);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String appRoot = attribute(request, ServletConstants.ATTR_APP_ROOT, "/system/console");
        String pluginRoot = attribute(request, ServletConstants.ATTR_PLUGIN_ROOT, appRoot + "/" + LABEL);
        PrintWriter pw = response.getWriter();
        AddonsReport.of(inspector.get()).writeHtml(pw, appRoot, pluginRoot);
        pw.flush();
    }

    private static String attribute(HttpServletRequest request, String name, String fallback) {
        Object value = request.getAttribute(name);
        return value instanceof String s ? s : fallback;
    }
}
