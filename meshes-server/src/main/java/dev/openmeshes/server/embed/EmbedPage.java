package dev.openmeshes.server.embed;

import dev.openmeshes.core.embed.EmbedSession;
import dev.openmeshes.core.embed.EmbedSession.LaunchPage;
import dev.openmeshes.server.http.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the embed shell is told about its session: its public facts only (never a token: the host
 * posts that with {@code meshes:auth}), which {@code app.js} reads to limit its pages and hide what
 * the session cannot do. The API checks every request anyway.
 */
final class EmbedPage {

    private EmbedPage() {}

    /** The session as JSON for the shell's data block, with {@code <}, {@code >} and {@code &} escaped. */
    static String sessionJson(EmbedSession session) {
        var config = new LinkedHashMap<String, Object>();
        config.put("session_id", session.id().toString());
        config.put("workspace_id", session.workspaceId().toString());
        config.put("session_type", EmbedSession.code(session.sessionType()));
        config.put("role", EmbedSession.code(session.role()));
        config.put("launch_page", EmbedSession.code(session.launchPage()));
        config.put("pages", pages(session).stream().map(EmbedSession::code).toList());
        config.put("allowed_origins", session.allowedOrigins());
        config.put("scopes", session.scopes().stream().sorted().toList());
        config.put("resource", session.resource());
        config.put("resource_id", session.resourceId());
        config.put("expires_at", session.expiresAt().toString());
        config.put("ttl_seconds", session.ttlSeconds());
        return Json.MAPPER.writeValueAsString(config).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026");
    }

    /** The top-level pages a session may show: a resource session never the connections, a dashboard session only the dashboard. */
    static List<LaunchPage> pages(EmbedSession session) {
        return switch (session.sessionType()) {
            case WORKSPACE -> List.of(LaunchPage.values());
            case RESOURCE -> Stream.of(LaunchPage.values()).filter(p -> p != LaunchPage.CONNECTIONS).toList();
            case DASHBOARD -> List.of(LaunchPage.DASHBOARD);
        };
    }
}
