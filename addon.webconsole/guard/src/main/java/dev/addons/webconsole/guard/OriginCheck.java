package dev.addons.webconsole.guard;

import java.util.Optional;
import java.util.Set;

/**
 * The rule of the guard, without the servlet API: a state-changing request (any method but GET, HEAD, OPTIONS and
 * TRACE) passes only if its {@code Origin} header, or when there is none its {@code Referer}, names the request's
 * own origin. A request with neither header passes: browsers send {@code Origin} with every cross-origin POST, PUT,
 * DELETE and PATCH (a page that suppresses the referrer still sends {@code Origin: null}, which is refused), so the
 * requests without either come from clients such as curl or scripts, which carry the credentials on purpose.
 */
final class OriginCheck {

    /** Methods that do not change state (RFC 9110 "safe"); the Web Console changes state only on POST. */
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** Whether a request passes, and if not why (for the log line; never sent to the client). */
    record Verdict(boolean allowed, String reason) {
        static final Verdict ALLOWED = new Verdict(true, "");

        static Verdict refused(String reason) {
            return new Verdict(false, reason);
        }
    }

    private OriginCheck() {
    }

    /**
     * @param method  the request method, as sent (methods are case-sensitive: only the upper-case safe ones pass)
     * @param origin  the {@code Origin} header, or null if there is none
     * @param referer the {@code Referer} header, or null if there is none
     * @param self    the origin the request was sent to (scheme, Host header, port)
     */
    static Verdict check(String method, String origin, String referer, WebOrigin self) {
        if (SAFE_METHODS.contains(method)) {
            return Verdict.ALLOWED;
        }
        if (origin != null) {
            return compare("Origin", origin, self);
        }
        if (referer != null) {
            return compare("Referer", referer, self);
        }
        return Verdict.ALLOWED;
    }

    private static Verdict compare(String header, String value, WebOrigin self) {
        Optional<WebOrigin> sender = WebOrigin.parse(value);
        if (sender.isEmpty()) {
            return Verdict.refused(header + " is not an http(s) origin");
        }
        if (!sender.get().equals(self)) {
            return Verdict.refused(header + " " + sender.get() + " is not this console's origin " + self);
        }
        return Verdict.ALLOWED;
    }
}
