package dev.openmeshes.server.http;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.people.UserSessions;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The browser's way in: the session in an {@code HttpOnly}, {@code SameSite=Lax} cookie
 * ({@code Secure} over https), and CSRF protection for every state-changing request that the cookie
 * authenticates. The CSRF token (derived from the session, so nothing is stored) must come back in
 * {@code X-CSRF-Token} or a form field {@code _csrf}; scripts read it from the {@code meshes_csrf}
 * cookie or {@code GET /auth/session}. A request with an {@code Authorization} header is never
 * authenticated by the cookie, so machine tokens are unaffected.
 */
public final class SessionCookies {

    public static final String SESSION = "meshes_session";
    public static final String CSRF = "meshes_csrf";
    public static final HeaderName CSRF_HEADER = HeaderNames.create("X-CSRF-Token");
    private static final String FORM_FIELD = "_csrf";

    private final UserSessions sessions;
    private final boolean alwaysSecure;

    /** @param publicUrl how browsers reach the server: an https one makes every cookie {@code Secure} */
    public SessionCookies(UserSessions sessions, String publicUrl) {
        this.sessions = sessions;
        this.alwaysSecure = publicUrl != null && publicUrl.regionMatches(true, 0, "https://", 0, 8);
    }

    public UserSessions sessions() {
        return sessions;
    }

    /** The signed-in person of a request without an Authorization header, or null when it has no session cookie. */
    Principal fromCookie(ServerRequest req) {
        String token = cookie(req, SESSION);
        return token == null ? null : sessions.authenticate(token);
    }

    /**
     * Refuses a state-changing request authenticated by the cookie unless it carries the session's
     * CSRF token: 403 {@code csrf_failed}, before the endpoint runs.
     */
    void requireCsrf(ServerRequest req, String method, byte[] body) {
        if (Scopes.isReadMethod(method) || req.headers().contains(HeaderNames.AUTHORIZATION)) {
            return;
        }
        String token = cookie(req, SESSION);
        if (token == null) {
            return;
        }
        String presented = req.headers().first(CSRF_HEADER).orElseGet(() -> formField(req, body));
        if (!sessions.csrfMatches(token, presented)) {
            throw Problem.forbidden("csrf_failed", presented == null
                    ? "Requests made with the session cookie must carry the X-CSRF-Token header (see GET /auth/session)"
                    : "The CSRF token does not belong to this session");
        }
    }

    private static String formField(ServerRequest req, byte[] body) {
        boolean form = req.headers().contentType()
                .map(type -> type.mediaType().text().equalsIgnoreCase("application/x-www-form-urlencoded")).orElse(false);
        if (!form) {
            return null;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(FORM_FIELD)) {
                try {
                    return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The {@code Set-Cookie} values that sign a browser in with {@code token}. */
    public List<String> signIn(String token, boolean overHttps) {
        String secure = overHttps || alwaysSecure ? "; Secure" : "";
        long maxAge = UserSessions.LIFETIME.toSeconds();
        return List.of(SESSION + "=" + token + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax" + secure,
                CSRF + "=" + sessions.csrfToken(token) + "; Path=/; Max-Age=" + maxAge + "; SameSite=Lax" + secure);
    }

    /** The {@code Set-Cookie} values that make the browser forget both cookies. */
    public List<String> signOut(boolean overHttps) {
        String secure = overHttps || alwaysSecure ? "; Secure" : "";
        return List.of(SESSION + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + secure,
                CSRF + "=; Path=/; Max-Age=0; SameSite=Lax" + secure);
    }

    static String cookie(ServerRequest req, String name) {
        return req.headers().cookies().first(name).asOptional().filter(v -> !v.isEmpty()).orElse(null);
    }
}
