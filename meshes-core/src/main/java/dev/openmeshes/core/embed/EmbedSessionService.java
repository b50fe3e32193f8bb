package dev.openmeshes.core.embed;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.Problem.FieldError;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.embed.EmbedSession.LaunchPage;
import dev.openmeshes.core.embed.EmbedSession.Role;
import dev.openmeshes.core.embed.EmbedSession.SessionType;
import dev.openmeshes.core.embed.EmbedSession.Status;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Embed sessions as a machine key manages them: create (the defaults and session-type rules of the
 * Meshes reference applied here, since clients omit what they do not set), list, refresh (a new
 * access token for the same session; the previous one stops at once) and revoke (every token of
 * the session stops at once); and the embed page's one-time launch.
 */
public final class EmbedSessionService {

    public static final int MIN_TTL = 300, MAX_TTL = 3600, DEFAULT_TTL = 1800;
    public static final int MIN_LAUNCH_TTL = 15, MAX_LAUNCH_TTL = 60, DEFAULT_LAUNCH_TTL = 30;
    static final int MAX_EXTERNAL_USER_ID = 255, MAX_RESOURCE = 200, MAX_SCOPES = 20;

    /** A create request as sent: null for every field the client left out. */
    public record NewSession(UUID workspaceId, String role, String sessionType, String externalUserId, Long ttlSeconds,
                             Long launchTtlSeconds, String launchPage, String resource, String resourceId,
                             List<String> allowedOrigins, List<String> scopes) {}

    /** A session with the secrets just made for it, shown once: the launch token only on creation. */
    public record Issued(EmbedSession session, String accessToken, String launchToken) {}

    private final Store store;
    private final EmbedAuthenticator authenticator;
    private final InstantSource clock;

    public EmbedSessionService(Store store, EmbedAuthenticator authenticator, InstantSource clock) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public Issued create(Principal caller, NewSession request) {
        requireMachineKey(caller);
        SessionType type = request.sessionType() == null ? SessionType.WORKSPACE
                : EmbedSession.parse(SessionType.class, request.sessionType());
        if (type == null) {
            // The reference's own answer to an unknown type (GO-T), in our error shape
            throw new Problem(Problem.Kind.BAD_REQUEST, "validation_failed", "invalid session_type",
                    List.of(new FieldError("session_type", "must be one of workspace, resource, dashboard")));
        }
        var errors = new ArrayList<FieldError>();
        Role role = request.role() == null ? Role.MEMBER : EmbedSession.parse(Role.class, request.role());
        if (role == null) {
            errors.add(new FieldError("role", "must be one of owner, admin, member"));
        }
        LaunchPage page = request.launchPage() == null ? LaunchPage.DASHBOARD
                : EmbedSession.parse(LaunchPage.class, request.launchPage());
        if (page == null) {
            errors.add(new FieldError("launch_page", "must be one of dashboard, connections, rules, events"));
        }
        if (request.workspaceId() == null) {
            errors.add(new FieldError("workspace_id", "is required"));
        }
        int ttl = within(errors, "ttl_seconds", request.ttlSeconds(), MIN_TTL, MAX_TTL, DEFAULT_TTL);
        int launchTtl = within(errors, "launch_ttl_seconds", request.launchTtlSeconds(), MIN_LAUNCH_TTL, MAX_LAUNCH_TTL,
                DEFAULT_LAUNCH_TTL);
        if (request.externalUserId() != null && request.externalUserId().length() > MAX_EXTERNAL_USER_ID) {
            errors.add(new FieldError("external_user_id", "must be at most " + MAX_EXTERNAL_USER_ID + " characters"));
        }
        checkResource(errors, type, page, request.resource(), request.resourceId());
        List<String> origins = origins(errors, request.allowedOrigins());
        Set<String> scopes = scopes(errors, request.scopes());
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        store.workspaces().find(caller.organizationId(), request.workspaceId())
                .filter(w -> caller.mayAccessWorkspace(w.id()))
                .orElseThrow(() -> Problem.notFound("Workspace"));
        Instant now = now();
        UUID id = UUID.randomUUID();
        String accessToken = EmbedTokens.newAccessToken(id);
        String launchToken = EmbedTokens.newLaunchToken();
        var session = new EmbedSession(id, caller.organizationId(), request.workspaceId(), role, type,
                request.resource(), request.resourceId(), request.externalUserId(), scopes, origins, page, Status.ACTIVE,
                ttl, EmbedTokens.hash(accessToken), 1, EmbedTokens.hash(launchToken), now.plusSeconds(launchTtl), null,
                caller.createdBy(), now, now.plusSeconds(ttl), null);
        requireGrantable(caller, session);
        store.embedSessions().insert(session);
        return new Issued(session, accessToken, launchToken);
    }

    /** A workspace's sessions; {@code filter.workspaceId()} is required. */
    public Page<EmbedSession> list(Principal caller, EmbedSessions.Filter filter, PageRequest page) {
        requireMachineKey(caller);
        if (filter.workspaceId() == null) {
            throw Problem.invalid("workspace_id", "is required");
        }
        store.workspaces().find(caller.organizationId(), filter.workspaceId())
                .filter(w -> caller.mayAccessWorkspace(w.id()))
                .orElseThrow(() -> Problem.notFound("Workspace"));
        return store.embedSessions().list(caller.organizationId(), filter, page);
    }

    /** A new access token for the same session, living another {@code ttl_seconds}; 409 once revoked or expired. */
    public Issued refresh(Principal caller, UUID id) {
        EmbedSession session = visible(caller, id);
        requireGrantable(caller, session);
        Instant now = now();
        if (session.status() == Status.REVOKED) {
            throw Problem.conflict("session_revoked", "This session was revoked; create a new one");
        }
        if (session.isExpiredAt(now)) {
            throw Problem.conflict("session_expired", "This session has expired; create a new one");
        }
        String accessToken = EmbedTokens.newAccessToken(id);
        EmbedSession refreshed = store.embedSessions()
                .replaceAccessToken(caller.organizationId(), id, EmbedTokens.hash(accessToken),
                        now.plusSeconds(session.ttlSeconds()), now)
                .orElseThrow(() -> Problem.conflict("session_inactive", "This session was revoked or expired meanwhile"));
        authenticator.forget(id);
        return new Issued(refreshed, accessToken, null);
    }

    /** Revokes the session: every token of it is refused from now on. Revoking it again changes nothing. */
    public void revoke(Principal caller, UUID id) {
        visible(caller, id);
        store.embedSessions().revoke(caller.organizationId(), id, now());
        authenticator.forget(id);
    }

    /** The session a launch token opens, consuming the token; empty when it is unknown, used, expired or its session inactive. */
    public Optional<EmbedSession> launch(String launchToken) {
        if (!EmbedTokens.isLaunchToken(launchToken)) {
            return Optional.empty();
        }
        return store.embedSessions().consumeLaunch(EmbedTokens.hash(launchToken), now());
    }

    private EmbedSession visible(Principal caller, UUID id) {
        requireMachineKey(caller);
        return store.embedSessions().find(caller.organizationId(), id)
                .filter(s -> caller.mayAccessWorkspace(s.workspaceId()))
                .orElseThrow(() -> Problem.notFound("Session"));
    }

    /** Sessions are managed with machine keys only: an embed session never mints or extends another. */
    private static void requireMachineKey(Principal caller) {
        if (caller.type() != Principal.Type.MACHINE_KEY) {
            throw Problem.forbidden("forbidden", "Sessions are managed with a machine key");
        }
    }

    /** A key can only hand out what it holds: every scope the session's role and type give, read as the key's scopes. */
    private static void requireGrantable(Principal caller, EmbedSession session) {
        List<String> missing = session.grant().apiScopes().stream()
                .map(s -> s.equals(EmbedSession.PAYLOAD_SCOPE) ? Scopes.Resource.EVENTS.read() : s)
                .filter(s -> !Scopes.canGrant(caller.scopes(), s)).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            throw Problem.forbidden("scope_not_grantable", "This key cannot grant a " + EmbedSession.code(session.role())
                    + " " + EmbedSession.code(session.sessionType()) + " session: it lacks " + String.join(", ", missing));
        }
    }

    private static int within(List<FieldError> errors, String field, Long value, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
            return fallback;
        }
        return value.intValue();
    }

    /** The rules of the session types: a resource session is locked to one pair and kept off the connections page. */
    private static void checkResource(List<FieldError> errors, SessionType type, LaunchPage page, String resource,
                                      String resourceId) {
        for (var field : List.of(new String[] {"resource", resource}, new String[] {"resource_id", resourceId})) {
            if (field[1] != null && (field[1].isEmpty() || field[1].length() > MAX_RESOURCE)) {
                errors.add(new FieldError(field[0], "must be 1 to " + MAX_RESOURCE + " characters"));
            }
        }
        switch (type) {
            case RESOURCE -> {
                if (resource == null) {
                    errors.add(new FieldError("resource", "is required for a resource session"));
                }
                if (resourceId == null) {
                    errors.add(new FieldError("resource_id", "is required for a resource session"));
                }
                if (page == LaunchPage.CONNECTIONS) {
                    errors.add(new FieldError("launch_page", "a resource session cannot launch on connections"));
                }
            }
            case DASHBOARD, WORKSPACE -> {
                // Silently ignoring them would give a wider session than the caller asked for
                Stream.of(new String[] {"resource", resource}, new String[] {"resource_id", resourceId})
                        .filter(f -> f[1] != null)
                        .forEach(f -> errors.add(new FieldError(f[0], "only a resource session takes a resource pair")));
                if (type == SessionType.DASHBOARD && page != null && page != LaunchPage.DASHBOARD) {
                    errors.add(new FieldError("launch_page", "a dashboard session must launch on dashboard"));
                }
            }
        }
    }

    private static List<String> origins(List<FieldError> errors, List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > AllowedOrigins.MAX) {
            errors.add(new FieldError("allowed_origins", "must hold at most " + AllowedOrigins.MAX + " origins"));
            return List.of();
        }
        var origins = new LinkedHashSet<String>();
        for (int i = 0; i < requested.size(); i++) {
            String origin = AllowedOrigins.normalize(requested.get(i));
            if (origin == null) {
                errors.add(new FieldError("allowed_origins[" + i + "]",
                        "must be an origin URL: http(s)://host[:port], without path, query or wildcard"));
            } else {
                origins.add(origin);
            }
        }
        return List.copyOf(origins);
    }

    private static Set<String> scopes(List<FieldError> errors, List<String> requested) {
        if (requested == null) {
            return Set.of();
        }
        if (requested.size() > MAX_SCOPES) {
            errors.add(new FieldError("scopes", "must hold at most " + MAX_SCOPES + " scopes"));
            return Set.of();
        }
        for (int i = 0; i < requested.size(); i++) {
            if (!requested.get(i).equals(EmbedSession.PAYLOAD_SCOPE)) {
                errors.add(new FieldError("scopes[" + i + "]", "must be " + EmbedSession.PAYLOAD_SCOPE));
            }
        }
        return Set.copyOf(requested);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
