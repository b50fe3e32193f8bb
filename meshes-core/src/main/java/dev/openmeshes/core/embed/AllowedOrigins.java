package dev.openmeshes.core.embed;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The origins a session may be framed by, as browsers send them in {@code Origin} and compare them
 * in CSP {@code frame-ancestors} and {@code postMessage}: {@code scheme://host[:port]}, http or
 * https, no path, query, fragment, credentials or wildcard. Each is kept normalized (lower case,
 * default port dropped), and cannot smuggle another directive into the header it ends up in.
 */
public final class AllowedOrigins {

    public static final int MAX = 10;
    private static final int MAX_LENGTH = 300;
    private static final Pattern HOST = Pattern.compile("^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\\[[0-9a-f:.]+]$");

    private AllowedOrigins() {}

    /** The origin a URL names, normalized, or null when it is not an origin URL. */
    public static String normalize(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
            boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
            if (!("https".equals(scheme) || "http".equals(scheme)) || host == null || !HOST.matcher(host).matches()
                    || !bare || uri.getPort() == 0 || uri.getPort() > 65535) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + host + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
