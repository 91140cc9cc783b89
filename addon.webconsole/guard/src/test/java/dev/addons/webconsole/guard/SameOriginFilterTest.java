package dev.addons.webconsole.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The filter around the rule: what a refused request gets (403, body, log line) and that it goes no further. */
class SameOriginFilterTest {

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger julLogger = Logger.getLogger(SameOriginFilter.LOGGER);

    @BeforeEach
    void captureLog() {
        julLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        julLogger.removeHandler(capture);
    }

    @Test
    void foreignOriginPostIsRefusedWith403AndALogLine() throws Exception {
        Exchange exchange = new Exchange("POST", "/system/console/bundles/12");
        exchange.headers.put("Origin", List.of("http://evil.example"));
        boolean[] passed = {false};
        new SameOriginFilter().doFilter(exchange.request(), exchange.response(), (rq, rs) -> passed[0] = true);

        assertFalse(passed[0], "the console never sees the request");
        assertEquals(403, exchange.status);
        assertEquals(SameOriginFilter.REFUSAL, exchange.body.toString());
        assertTrue(exchange.contentType.startsWith("text/plain"), exchange.contentType);
        assertEquals(1, logged.size(), "one log line");
        LogRecord line = logged.get(0);
        assertEquals(Level.WARNING, line.getLevel());
        String text = MessageFormat.format(line.getMessage(), line.getParameters());
        assertTrue(text.contains("POST /system/console/bundles/12"), text);
        assertTrue(text.contains("http://evil.example:80"), text);
        assertTrue(text.contains("http://127.0.0.1:8088"), text);
    }

    @Test
    void sameOriginPostAndForeignGetGoOn() throws Exception {
        Exchange post = new Exchange("POST", "/system/console/bundles/12");
        post.headers.put("Origin", List.of("http://127.0.0.1:8088"));
        Exchange get = new Exchange("GET", "/system/console/bundles");
        get.headers.put("Origin", List.of("http://evil.example"));
        Exchange script = new Exchange("POST", "/system/console/bundles/12");
        for (Exchange exchange : List.of(post, get, script)) {
            boolean[] passed = {false};
            new SameOriginFilter().doFilter(exchange.request(), exchange.response(), (rq, rs) -> passed[0] = true);
            assertTrue(passed[0], exchange.method + " " + exchange.headers);
            assertEquals(200, exchange.status);
        }
        assertTrue(logged.isEmpty(), "nothing logged for requests that pass");
    }

    @Test
    void repeatedOriginHeaderIsRefused() throws Exception {
        Exchange exchange = new Exchange("POST", "/system/console/bundles/12");
        exchange.headers.put("Origin", List.of("http://127.0.0.1:8088", "http://evil.example"));
        boolean[] passed = {false};
        new SameOriginFilter().doFilter(exchange.request(), exchange.response(), (rq, rs) -> passed[0] = true);
        assertFalse(passed[0]);
        assertEquals(403, exchange.status);
    }

    @Test
    void loggedValuesCannotForgeLines() {
        assertEquals("a?b?c", SameOriginFilter.printable("a\rb\nc"));
        assertEquals("-", SameOriginFilter.printable(null));
        assertEquals(203, SameOriginFilter.printable("x".repeat(500)).length());
    }

    /** A request to http://127.0.0.1:8088 and a response, as dynamic proxies with just what the filter uses. */
    private static final class Exchange {
        final String method;
        final String uri;
        final Map<String, List<String>> headers = new HashMap<>();
        final StringWriter body = new StringWriter();
        int status = 200;
        String contentType;

        Exchange(String method, String uri) {
            this.method = method;
            this.uri = uri;
        }

        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getRequestURI" -> uri;
                        case "getScheme" -> "http";
                        case "getServerName" -> "127.0.0.1";
                        case "getServerPort" -> 8088;
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                        case "getHeader" -> headers.getOrDefault((String) args[0], List.of()).stream().findFirst()
                                .orElse(null);
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        HttpServletResponse response() {
            PrintWriter writer = new PrintWriter(body, true);
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "setContentType" -> {
                            contentType = (String) args[0];
                            yield null;
                        }
                        case "getWriter" -> writer;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }
}
