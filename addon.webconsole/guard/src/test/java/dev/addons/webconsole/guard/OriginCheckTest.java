package dev.addons.webconsole.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule on its own: which method and header combinations pass. */
class OriginCheckTest {

    private static final WebOrigin CONSOLE = new WebOrigin("http", "127.0.0.1", 8088);
    private static final String EVIL = "http://evil.example";

    private static boolean allowed(String method, String origin, String referer) {
        return OriginCheck.check(method, origin, referer, CONSOLE).allowed();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "PROPFIND", "post", "get"})
    void stateChangingMethodFromAnotherOriginIsRefused(String method) {
        assertFalse(allowed(method, EVIL, null), method);
        assertFalse(allowed(method, null, EVIL + "/attack.html"), method + " with only a Referer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
    void safeMethodsPassFromAnyOrigin(String method) {
        assertTrue(allowed(method, EVIL, EVIL + "/page"), method);
        assertTrue(allowed(method, "null", null), method);
    }

    @Test
    void sameOriginPasses() {
        assertTrue(allowed("POST", "http://127.0.0.1:8088", null));
        assertTrue(allowed("POST", null, "http://127.0.0.1:8088/system/console/bundles?x=1#top"));
        assertTrue(allowed("POST", "http://127.0.0.1:8088", "http://127.0.0.1:8088/system/console/bundles"));
        assertTrue(allowed("POST", "HTTP://127.0.0.1:8088", null), "scheme is case-insensitive");
        assertTrue(OriginCheck.check("POST", "http://Console.Example", null,
                new WebOrigin("http", "console.example", 80)).allowed(), "host case, default port");
        assertTrue(OriginCheck.check("POST", "https://console.example", null,
                new WebOrigin("HTTPS", "console.example", 443)).allowed(), "https default port");
    }

    @Test
    void requestWithoutOriginAndRefererPasses() {
        // curl and scripts: the decision documented in docs/console-security.md.
        assertTrue(allowed("POST", null, null));
        assertTrue(allowed("DELETE", null, null));
    }

    @Test
    void originDecidesWhenBothArePresent() {
        assertTrue(allowed("POST", "http://127.0.0.1:8088", EVIL + "/"));
        assertFalse(allowed("POST", EVIL, "http://127.0.0.1:8088/system/console/bundles"));
    }

    @Test
    void anyDifferenceInSchemeHostOrPortIsAnotherOrigin() {
        assertFalse(allowed("POST", "http://127.0.0.1:8089", null), "port");
        assertFalse(allowed("POST", "https://127.0.0.1:8088", null), "scheme");
        assertFalse(allowed("POST", "http://localhost:8088", null), "host name for the same address");
        assertFalse(allowed("POST", "http://127.0.0.1", null), "default port 80");
        assertFalse(allowed("POST", "http://127.0.0.1.evil.example:8088", null), "suffix");
        assertFalse(allowed("POST", null, "http://evil.example/?http://127.0.0.1:8088/"), "console URL in query");
        assertFalse(allowed("POST", null, "http://127.0.0.1:8088@evil.example/"), "user info");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "  ", "127.0.0.1:8088", "file:///tmp/x.html", "ftp://127.0.0.1:8088",
        "http://127.0.0.1:8088 http://evil.example", "http://127.0.0.1:8088, http://127.0.0.1:8088", "http://"})
    void originThatIsNotOneHttpOriginIsRefused(String origin) {
        assertFalse(allowed("POST", origin, null), "Origin '" + origin + "'");
        assertFalse(allowed("POST", null, origin), "Referer '" + origin + "'");
    }

    @Test
    void refusalNamesTheHeaderAndBothOrigins() {
        OriginCheck.Verdict verdict = OriginCheck.check("POST", EVIL, null, CONSOLE);
        assertEquals("Origin http://evil.example:80 is not this console's origin http://127.0.0.1:8088",
                verdict.reason());
    }

    @Test
    void ipv6OriginsCompareWithAndWithoutBrackets() {
        WebOrigin self = new WebOrigin("http", "[::1]", 8088);
        assertEquals(new WebOrigin("http", "::1", 8088), self);
        assertTrue(OriginCheck.check("POST", "http://[::1]:8088", null, self).allowed());
        assertFalse(OriginCheck.check("POST", "http://[::2]:8088", null, self).allowed());
        assertEquals("http://[::1]:8088", self.toString());
        assertEquals(Optional.of(self), WebOrigin.parse("http://[::1]:8088/system/console"));
    }
}
