package dev.addons.webconsole.guard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin: scheme, host and port (RFC 6454), normalized so that equal origins compare equal: scheme and host in
 * lower case, an IPv6 host without its brackets, the port spelled out (80 for http, 443 for https when it is
 * omitted).
 */
record WebOrigin(String scheme, String host, int port) {

    WebOrigin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = unbracketed(host.toLowerCase(Locale.ROOT));
        port = port >= 0 ? port : defaultPort(scheme);
    }

    /**
     * The origin of an absolute http(s) URL: an {@code Origin} header ({@code http://host:port}) or a
     * {@code Referer} (a full URL, of which only scheme, host and port count). Empty for anything else, such as
     * the opaque origin {@code null}, a relative or malformed URL or a list of several origins.
     */
    static Optional<WebOrigin> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || host.isEmpty() || !isHttp(scheme)) {
            return Optional.empty();
        }
        return Optional.of(new WebOrigin(scheme, host, uri.getPort()));
    }

    @Override
    public String toString() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + shownHost + ":" + port;
    }

    private static boolean isHttp(String scheme) {
        return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static String unbracketed(String host) {
        return host.length() > 1 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
    }
}
