package dev.openmeshes.server.support;

import dev.openmeshes.server.support.Http.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser's side of the session: keeps the cookies the server sets, sends them back, and, like
 * the dashboard's scripts, copies the {@code meshes_csrf} cookie into {@code X-CSRF-Token} on
 * state-changing requests (unless told not to, as an attacker's page cannot).
 */
public final class Browser {

    private final Http http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private List<String> lastSetCookies = List.of();

    public Browser(Http http) {
        this.http = http;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, String json) {
        return send("POST", path, json, csrf());
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, csrf());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, csrf());
    }

    /** A request as a forged cross-site form would send it: the cookies, but no CSRF token. */
    public Response forged(String method, String path, String json) {
        return send(method, path, json, Map.of());
    }

    /** A request with the cookies and the given headers only. */
    public Response send(String method, String path, String json, Map<String, String> headers) {
        var all = new LinkedHashMap<>(headers);
        if (!cookies.isEmpty()) {
            all.put("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        Response response = http.send(method, path, null, json, all);
        lastSetCookies = response.headers().allValues("Set-Cookie");
        for (String setCookie : lastSetCookies) {
            String pair = setCookie.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    private Map<String, String> csrf() {
        String token = cookies.get("meshes_csrf");
        return token == null ? Map.of() : Map.of("X-CSRF-Token", token);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** The {@code Set-Cookie} header values of the last answer. */
    public List<String> lastSetCookies() {
        return lastSetCookies;
    }

    /** Signs up a new organization over HTTP; the browser is then signed in as its owner. */
    public Response signUp(String email, String password, String company) {
        return post("/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"company_name\":\"" + company + "\"}");
    }

    public Response login(String email, String password) {
        return post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }
}
