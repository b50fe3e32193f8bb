package dev.openmeshes.server.embed;

import dev.openmeshes.core.embed.EmbedSession;
import dev.openmeshes.core.embed.EmbedSession.LaunchPage;
import dev.openmeshes.server.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embed page: {@code embed/page.html}, a plain page with its script inline, given the session's
 * public facts (never a token: the host posts that with {@code meshes:auth}) and the nonce its
 * Content-Security-Policy allows.
 */
final class EmbedPage {

    private static final String TEMPLATE = load();

    private EmbedPage() {}

    static String html(EmbedSession session, String nonce) {
        var config = new LinkedHashMap<String, Object>();
        config.put("session_id", session.id().toString());
        config.put("workspace_id", session.workspaceId().toString());
        config.put("session_type", EmbedSession.code(session.sessionType()));
        config.put("role", EmbedSession.code(session.role()));
        config.put("launch_page", EmbedSession.code(session.launchPage()));
        config.put("pages", pages(session).stream().map(EmbedSession::code).toList());
        config.put("allowed_origins", session.allowedOrigins());
        config.put("resource", session.resource());
        config.put("resource_id", session.resourceId());
        config.put("expires_at", session.expiresAt().toString());
        config.put("ttl_seconds", session.ttlSeconds());
        // Inside <script type="application/json">: no "<" may end it early
        String json = Json.MAPPER.writeValueAsString(config).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026");
        return TEMPLATE.replace("{{nonce}}", nonce).replace("{{config}}", json);
    }

    /** The top-level pages a session may show: a resource session never the connections, a dashboard session only the dashboard. */
    static List<LaunchPage> pages(EmbedSession session) {
        return switch (session.sessionType()) {
            case WORKSPACE -> List.of(LaunchPage.values());
            case RESOURCE -> Stream.of(LaunchPage.values()).filter(p -> p != LaunchPage.CONNECTIONS).toList();
            case DASHBOARD -> List.of(LaunchPage.DASHBOARD);
        };
    }

    private static String load() {
        try (InputStream in = EmbedPage.class.getResourceAsStream("/embed/page.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
