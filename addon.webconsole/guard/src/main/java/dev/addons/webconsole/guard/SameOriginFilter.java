package dev.addons.webconsole.guard;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Applies {@link OriginCheck} to every request of the servlet context it is registered on: a refused request gets
 * 403 with a short plain-text body and a WARNING log line, and goes no further (no servlet sees it).
 */
final class SameOriginFilter implements Filter {

    static final String LOGGER = "dev.addons.webconsole.guard";
    static final String REFUSAL = "403 Forbidden: cross-origin request refused by addon.webconsole.guard\n";

    private static final System.Logger LOG = System.getLogger(LOGGER);
    private static final int MAX_LOGGED_CHARS = 200;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        WebOrigin self = new WebOrigin(request.getScheme(), request.getServerName(), request.getServerPort());
        OriginCheck.Verdict verdict = OriginCheck.check(request.getMethod(), header(request, "Origin"),
                header(request, "Referer"), self);
        if (verdict.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "addon.webconsole.guard: refused {0} {1} from {2} with 403: {3}",
                printable(request.getMethod()), printable(request.getRequestURI()),
                printable(request.getRemoteAddr()), printable(verdict.reason()));
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(REFUSAL);
    }

    /**
     * The header's value, or null without one. Several values come back joined with ", ", which no origin
     * parses as: a request that repeats Origin or Referer is refused rather than judged by one of them.
     */
    private static String header(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null) {
            return request.getHeader(name);
        }
        List<String> all = Collections.list(values);
        return all.isEmpty() ? null : String.join(", ", all);
    }

    /** Header values and paths come from the client: no control characters (forged log lines), bounded length. */
    static String printable(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LOGGED_CHARS + 3));
        for (int i = 0; i < value.length() && i < MAX_LOGGED_CHARS; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (value.length() > MAX_LOGGED_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
