package dev.openmeshes.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.embed.EmbedSession;
import dev.openmeshes.core.embed.EmbedSessionService;
import dev.openmeshes.core.embed.EmbedSessionService.Issued;
import dev.openmeshes.core.embed.EmbedSessionService.NewSession;
import dev.openmeshes.core.embed.EmbedSessions;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/v1/sessions}: embed sessions, managed with a machine key's {@code workspaces} scopes
 * (read to list, write to create, refresh and revoke), and never with an embed session's own token.
 */
final class SessionEndpoints {

    /** CreatedSession: the access and launch tokens are shown here once. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Created(String sessionId, String accessToken, long expiresIn, Instant expiresAt, String launchToken,
                   Instant launchExpiresAt, String launchUrl, UUID workspaceId, String role, String sessionType,
                   String resource, String resourceId) {}

    /** RefreshedSession: the same session with its new access token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Refreshed(String sessionId, String accessToken, long expiresIn, Instant expiresAt, UUID workspaceId,
                     String role, String sessionType, String resource, String resourceId) {}

    /** SessionRecord: what the list shows, never a token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionRecord(String sessionId, UUID workspaceId, String role, String sessionType, String status,
                         boolean isExpired, Instant createdAt, Instant expiresAt, String externalUserId,
                         String resource, String resourceId, String launchPage) {}

    private final EmbedSessionService sessions;
    private final InstantSource clock;
    private final Supplier<String> publicUrl;

    /** @param publicUrl how browsers reach this server: the launch URL is {@code <it>/embed/launch?token=…} */
    SessionEndpoints(EmbedSessionService sessions, InstantSource clock, Supplier<String> publicUrl) {
        this.sessions = sessions;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    void register(RouteTable routes, Api api) {
        var scope = Scopes.Resource.WORKSPACES;
        routes.post("/api/v1/sessions", api.scoped(scope, this::create))
              .get("/api/v1/sessions", api.scoped(scope, this::list))
              .post("/api/v1/sessions/{session_id}/refresh", api.scoped(scope, this::refresh))
              .delete("/api/v1/sessions/{session_id}", api.scoped(scope, this::revoke));
    }

    private Reply create(Call call) {
        Body body = call.body();
        var request = new NewSession(body.uuid("workspace_id"), body.string("role"), body.string("session_type"),
                body.string("external_user_id"), body.integer("ttl_seconds"), body.integer("launch_ttl_seconds"),
                body.string("launch_page"), body.string("resource"), body.string("resource_id"),
                body.strings("allowed_origins"), body.strings("scopes"));
        body.done();
        Issued issued = sessions.create(call.principal(), request);
        EmbedSession s = issued.session();
        return Reply.ok(new Created(s.id().toString(), issued.accessToken(), s.ttlSeconds(), s.expiresAt(),
                issued.launchToken(), s.launchExpiresAt(),
                publicUrl.get().replaceAll("/+$", "") + "/embed/launch?token=" + URLEncoder.encode(issued.launchToken(), StandardCharsets.UTF_8), s.workspaceId(),
                EmbedSession.code(s.role()), EmbedSession.code(s.sessionType()), s.resource(), s.resourceId()));
    }

    private Reply list(Call call) {
        UUID workspaceId = call.query("workspace_id").map(text -> {
            UUID id = Body.uuidOrNull(text);
            if (id == null) {
                throw Problem.invalid("workspace_id", "must be a UUID");
            }
            return id;
        }).orElse(null);
        EmbedSession.Status status = call.query("status").map(text -> {
            EmbedSession.Status parsed = EmbedSession.parse(EmbedSession.Status.class, text);
            if (parsed == null) {
                throw Problem.invalid("status", "must be active or revoked");
            }
            return parsed;
        }).orElse(null);
        var filter = new EmbedSessions.Filter(workspaceId, status, call.query("resource").orElse(null),
                call.query("resource_id").orElse(null));
        Instant now = clock.instant();
        var page = sessions.list(call.principal(), filter, call.page());
        return Reply.ok(Envelope.of(page.map(s -> new SessionRecord(s.id().toString(), s.workspaceId(),
                EmbedSession.code(s.role()), EmbedSession.code(s.sessionType()), EmbedSession.code(s.status()),
                s.isExpiredAt(now), s.createdAt(), s.expiresAt(), s.externalUserId(), s.resource(), s.resourceId(),
                EmbedSession.code(s.launchPage())))));
    }

    private Reply refresh(Call call) {
        Issued issued = sessions.refresh(call.principal(), sessionId(call));
        EmbedSession s = issued.session();
        return Reply.ok(new Refreshed(s.id().toString(), issued.accessToken(), s.ttlSeconds(), s.expiresAt(),
                s.workspaceId(), EmbedSession.code(s.role()), EmbedSession.code(s.sessionType()), s.resource(),
                s.resourceId()));
    }

    private Reply revoke(Call call) {
        sessions.revoke(call.principal(), sessionId(call));
        return Reply.ok(Map.of("revoked", true));
    }

    /** Session ids are opaque strings to clients: one that is not ours is simply not found. */
    private static UUID sessionId(Call call) {
        UUID id = Body.uuidOrNull(call.pathText("session_id"));
        if (id == null) {
            throw Problem.notFound("Session");
        }
        return id;
    }
}
