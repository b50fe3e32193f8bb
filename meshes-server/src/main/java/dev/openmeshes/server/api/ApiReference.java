package dev.openmeshes.server.api;

import dev.openmeshes.server.http.Api;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's public documentation: the OpenAPI description kept beside the code
 * ({@code openapi/openapi.yaml}), served as it is and as JSON (converted once, here), and the
 * reference page {@code /docs}, Redoc's standalone bundle (vendored from npm at build time) reading
 * that JSON, and {@code /llms.txt}, the same description as Markdown for coding agents. No
 * authentication: it describes the API, it holds no data.
 */
public final class ApiReference {

    public static final String DESCRIPTION = "openapi/openapi.yaml";
    /** Documentation changes only with a new build: an hour's caching is harmless and saves the page's reloads. */
    private static final String CACHE_CONTROL = "public, max-age=3600";

    /**
     * Redoc injects its styles as {@code <style>} elements and runs its search in a worker made from
     * a blob; everything else comes from this server, and the page is never framed.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src blob:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private static final Map<HeaderName, String> PAGE_HEADERS = Map.of(
            HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY,
            HeaderNames.create("X-Content-Type-Options"), "nosniff",
            HeaderNames.create("Referrer-Policy"), "same-origin",
            HeaderNames.create("X-Frame-Options"), "DENY");

    private final byte[] yaml;
    private final byte[] json;
    private final byte[] llms;
    private final byte[] page;
    private final byte[] redoc;

    private ApiReference(byte[] yaml, byte[] page, byte[] redoc) {
        this.yaml = yaml;
        var description = new YAMLMapper().readTree(yaml);
        this.json = JsonMapper.shared().writeValueAsBytes(description);
        this.llms = LlmsText.of(description).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.page = page;
        this.redoc = redoc;
    }

    public static ApiReference load() {
        return new ApiReference(resource(DESCRIPTION), resource("docs/index.html"), resource("docs/redoc.standalone.js"));
    }

    void register(RouteTable routes, Api api) {
        routes.get("/api/v1/openapi.json", api.plain((req, res) -> send(res, json, "application/json")))
              .get("/api/v1/openapi.yaml", api.plain((req, res) -> send(res, yaml, "application/yaml")))
              .get("/llms.txt", api.plain((req, res) -> send(res, llms, "text/markdown; charset=utf-8")))
              .get("/docs", api.plain((req, res) -> {
                  PAGE_HEADERS.forEach(res::header);
                  send(res, page, "text/html; charset=utf-8");
              }))
              .get("/docs/redoc.standalone.js", api.plain((req, res) -> {
                  res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
                  send(res, redoc, "text/javascript; charset=utf-8");
              }));
    }

    private static void send(ServerResponse res, byte[] body, String contentType) {
        res.header(HeaderNames.CACHE_CONTROL, CACHE_CONTROL);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiReference.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath; build the server with Maven, "
                        + "which vendors the documentation page");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
