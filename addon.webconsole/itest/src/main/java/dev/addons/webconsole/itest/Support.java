package dev.addons.webconsole.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** What the tests share: the embedded demo bundle, the plugin and printer services, a request/response pair. */
final class Support {

    static final String INSTANCE_DATA_JAR = "bundles/instancedata.jar";
    static final String LABEL_FILTER = "(felix.webconsole.label=addons)";
    static final String PRINTER_FILTER = "(felix.inventory.printer.name=addons)";

    private Support() {
    }

    /** Installs the instance-data demo bundle through {@code context} (which uninstalls it after the test). */
    static Bundle installInstanceData(BundleContext context) throws IOException, BundleException {
        URL url = FrameworkUtil.getBundle(Support.class).getEntry(INSTANCE_DATA_JAR);
        assertNotNull(url, INSTANCE_DATA_JAR + " is not in the test bundle: did the build copy it?");
        try (InputStream in = url.openStream()) {
            return context.installBundle("itest:" + INSTANCE_DATA_JAR, in);
        }
    }

    /** The plugin: the one Servlet service with felix.webconsole.label=addons, of the Web Console 5 base class. */
    static AbstractServlet plugin(BundleContext context) throws InvalidSyntaxException {
        Collection<ServiceReference<Servlet>> refs = context.getServiceReferences(Servlet.class, LABEL_FILTER);
        assertEquals(1, refs.size(), "one Addons plugin service: " + refs);
        ServiceReference<Servlet> ref = refs.iterator().next();
        assertEquals("addon.webconsole", ref.getBundle().getSymbolicName());
        assertEquals("Addons", ref.getProperty("felix.webconsole.title"));
        Servlet servlet = context.getService(ref);
        if (!(servlet instanceof AbstractServlet plugin)) {
            throw new AssertionError("not a Web Console 5 plugin (AbstractServlet): " + servlet);
        }
        return plugin;
    }

    static InventoryPrinter printer(BundleContext context) throws InvalidSyntaxException {
        Collection<ServiceReference<InventoryPrinter>> refs =
                context.getServiceReferences(InventoryPrinter.class, PRINTER_FILTER);
        assertEquals(1, refs.size(), "one addons inventory printer: " + refs);
        ServiceReference<InventoryPrinter> ref = refs.iterator().next();
        Object formats = ref.getProperty(InventoryPrinter.FORMAT);
        assertEquals(List.of("TEXT", "JSON"), List.of((String[]) formats));
        return context.getService(ref);
    }

    /** The page content as the console would get it (renderContent, with the console's request attributes). */
    static String renderPage(AbstractServlet plugin) throws Exception {
        Exchange exchange = new Exchange("/addons");
        plugin.renderContent(exchange.request(), exchange.response());
        return exchange.body();
    }

    /** A GET through the servlet's service method, as the console forwards /system/console/addons.json. */
    static Exchange get(AbstractServlet plugin, String pathInfo) throws Exception {
        Exchange exchange = new Exchange(pathInfo);
        plugin.service(exchange.request(), exchange.response());
        return exchange;
    }

    static String print(InventoryPrinter printer, Format format) {
        StringWriter out = new StringWriter();
        try (PrintWriter pw = new PrintWriter(out)) {
            printer.print(pw, format, false);
        }
        return out.toString();
    }

    /** The first osgi.http.endpoint of the (jakarta) HttpServiceRuntime, without the trailing slash; or null. */
    static String consoleEndpoint(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] refs =
                context.getServiceReferences("org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
        if (refs == null) {
            return null;
        }
        Object value = refs[0].getProperty("osgi.http.endpoint");
        String first = value instanceof String[] a ? (a.length > 0 ? a[0] : null)
                : value instanceof Collection<?> c ? (c.isEmpty() ? null : String.valueOf(c.iterator().next()))
                : (String) value;
        if (first == null || first.endsWith(":0/")) {
            return null;
        }
        return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
    }

    static void eventually(long millis, BooleanSupplier condition, String message) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(message + " (waited " + millis + " ms)");
            }
            Thread.sleep(50);
        }
    }

    /**
     * A request and a response made of dynamic proxies: enough of the servlet API for the plugin (attributes,
     * path, method; writer, content type, headers). Anything else returns the type's default.
     */
    static final class Exchange {
        private final Map<String, Object> attributes = new HashMap<>();
        private final Map<String, String> headers = new HashMap<>();
        private final StringWriter body = new StringWriter();
        private final PrintWriter writer = new PrintWriter(body);
        private final String pathInfo;
        private String contentType;
        private int status = 200;

        Exchange(String pathInfo) {
            this.pathInfo = pathInfo;
            attributes.put("felix.webconsole.appRoot", "/system/console");
            attributes.put("felix.webconsole.pluginRoot", "/system/console/addons");
        }

        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(Support.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "getPathInfo" -> pathInfo;
                        case "getMethod" -> "GET";
                        case "getProtocol" -> "HTTP/1.1";
                        case "getRequestURI" -> "/system/console" + pathInfo;
                        case "getContextPath" -> "";
                        case "getServletPath" -> "/system/console";
                        case "getDateHeader" -> -1L;
                        case "getHeader" -> null;
                        case "toString" -> "request " + pathInfo;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> defaultValue(method.getReturnType());
                    });
        }

        HttpServletResponse response() {
            return (HttpServletResponse) Proxy.newProxyInstance(Support.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getWriter" -> writer;
                        case "setContentType" -> {
                            contentType = (String) args[0];
                            yield null;
                        }
                        case "getContentType" -> contentType;
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "getStatus" -> status;
                        case "setHeader", "addHeader" -> {
                            headers.merge((String) args[0], String.valueOf(args[1]), (a, b) -> a + ", " + b);
                            yield null;
                        }
                        case "isCommitted" -> false;
                        case "toString" -> "response " + pathInfo;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> defaultValue(method.getReturnType());
                    });
        }

        String body() {
            writer.flush();
            return body.toString();
        }

        String contentType() {
            return contentType;
        }

        Map<String, String> headers() {
            return headers;
        }

        private static Object defaultValue(Class<?> type) {
            if (type == boolean.class) {
                return false;
            }
            if (type == int.class) {
                return 0;
            }
            if (type == long.class) {
                return 0L;
            }
            return null;
        }
    }
}
