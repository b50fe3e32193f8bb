package dev.openmeshes.store;

import dev.openmeshes.core.embed.EmbedSession;
import dev.openmeshes.core.embed.EmbedSessions;
import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcEmbedSessions implements EmbedSessions {

    private static final String ACTIVE = EmbedSession.code(EmbedSession.Status.ACTIVE);
    private static final String REVOKED = EmbedSession.code(EmbedSession.Status.REVOKED);

    private final JdbcStore.Sql sql;

    JdbcEmbedSessions(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(EmbedSession s) {
        var map = new HashMap<String, Object>();
        map.put("id", s.id().toString());
        map.put("org", s.organizationId().toString());
        map.put("workspace", s.workspaceId().toString());
        map.put("role", EmbedSession.code(s.role()));
        map.put("type", EmbedSession.code(s.sessionType()));
        map.put("resource", s.resource());
        map.put("resourceId", s.resourceId());
        map.put("externalUserId", s.externalUserId());
        map.put("scopes", Rows.words(s.scopes()));
        map.put("origins", String.join(" ", s.allowedOrigins()));
        map.put("page", EmbedSession.code(s.launchPage()));
        map.put("status", EmbedSession.code(s.status()));
        map.put("ttl", s.ttlSeconds());
        map.put("accessHash", s.accessTokenHash());
        map.put("version", s.tokenVersion());
        map.put("launchHash", s.launchTokenHash());
        map.put("launchExpiresAt", s.launchExpiresAt().toEpochMilli());
        map.put("launchedAt", Rows.millis(s.launchedAt()));
        map.put("createdBy", s.createdBy());
        map.put("createdAt", s.createdAt().toEpochMilli());
        map.put("expiresAt", s.expiresAt().toEpochMilli());
        map.put("revokedAt", Rows.millis(s.revokedAt()));
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO embed_sessions (id, organization_id, workspace_id, role, session_type, resource, resource_id,
                    external_user_id, scopes, allowed_origins, launch_page, status, ttl_seconds, access_token_hash,
                    token_version, launch_token_hash, launch_expires_at, launched_at, created_by, created_at, expires_at,
                    revoked_at)
                VALUES (:id, :org, :workspace, :role, :type, :resource, :resourceId, :externalUserId, :scopes, :origins,
                    :page, :status, :ttl, :accessHash, :version, :launchHash, :launchExpiresAt, :launchedAt, :createdBy,
                    :createdAt, :expiresAt, :revokedAt)""").bindMap(map).execute());
    }

    @Override
    public Optional<EmbedSession> find(UUID organizationId, UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM embed_sessions WHERE organization_id = ? AND id = ?")
                .bind(0, organizationId.toString()).bind(1, id.toString()).map(JdbcEmbedSessions::row).findOne());
    }

    @Override
    public Optional<EmbedSession> findById(UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM embed_sessions WHERE id = ?")
                .bind(0, id.toString()).map(JdbcEmbedSessions::row).findOne());
    }

    @Override
    public Page<EmbedSession> list(UUID organizationId, Filter filter, PageRequest page) {
        Where where = Where.organization(organizationId).equal("workspace_id", filter.workspaceId())
                .equal("status", filter.status() == null ? null : EmbedSession.code(filter.status()))
                .equal("resource", filter.resource()).equal("resource_id", filter.resourceId()).after(page.after());
        List<EmbedSession> rows = sql.with(h -> h.createQuery("SELECT * FROM embed_sessions WHERE " + where.sql()
                        + " ORDER BY created_at, id LIMIT :limit")
                .bindMap(where.binds()).bind("limit", page.limit() + 1).map(JdbcEmbedSessions::row).list());
        return Page.of(rows, page.limit(), s -> new Cursor(s.createdAt().toEpochMilli(), s.id().toString()));
    }

    @Override
    public Optional<EmbedSession> replaceAccessToken(UUID organizationId, UUID id, String accessTokenHash,
                                                     Instant expiresAt, Instant now) {
        return sql.inTransaction(h -> {
            int updated = h.createUpdate("""
                    UPDATE embed_sessions SET access_token_hash = :hash, token_version = token_version + 1,
                        expires_at = :expiresAt
                    WHERE organization_id = :org AND id = :id AND status = :active AND expires_at > :now""")
                    .bind("hash", accessTokenHash).bind("expiresAt", expiresAt.toEpochMilli())
                    .bind("org", organizationId.toString()).bind("id", id.toString()).bind("active", ACTIVE)
                    .bind("now", now.toEpochMilli()).execute();
            return updated == 1
                    ? h.createQuery("SELECT * FROM embed_sessions WHERE id = ?").bind(0, id.toString())
                            .map(JdbcEmbedSessions::row).findOne()
                    : Optional.<EmbedSession>empty();
        });
    }

    @Override
    public boolean revoke(UUID organizationId, UUID id, Instant now) {
        return sql.inTransaction(h -> h.createUpdate("""
                UPDATE embed_sessions SET status = :revoked, revoked_at = :now
                WHERE organization_id = :org AND id = :id AND status = :active""")
                .bind("revoked", REVOKED).bind("now", now.toEpochMilli()).bind("org", organizationId.toString())
                .bind("id", id.toString()).bind("active", ACTIVE).execute()) == 1;
    }

    @Override
    public Optional<EmbedSession> consumeLaunch(String launchTokenHash, Instant now) {
        return sql.inTransaction(h -> {
            int updated = h.createUpdate("""
                    UPDATE embed_sessions SET launched_at = :now
                    WHERE launch_token_hash = :hash AND launched_at IS NULL AND launch_expires_at > :now
                      AND status = :active AND expires_at > :now""")
                    .bind("now", now.toEpochMilli()).bind("hash", launchTokenHash).bind("active", ACTIVE).execute();
            return updated == 1
                    ? h.createQuery("SELECT * FROM embed_sessions WHERE launch_token_hash = ?").bind(0, launchTokenHash)
                            .map(JdbcEmbedSessions::row).findOne()
                    : Optional.<EmbedSession>empty();
        });
    }

    private static EmbedSession row(ResultSet rs, StatementContext ctx) throws SQLException {
        String origins = rs.getString("allowed_origins");
        return new EmbedSession(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), Rows.uuid(rs, "workspace_id"),
                EmbedSession.parse(EmbedSession.Role.class, rs.getString("role")),
                EmbedSession.parse(EmbedSession.SessionType.class, rs.getString("session_type")),
                rs.getString("resource"), rs.getString("resource_id"), rs.getString("external_user_id"),
                Rows.fromWords(rs.getString("scopes"), Function.identity()),
                origins.isEmpty() ? List.of() : Arrays.asList(origins.split(" ")),
                EmbedSession.parse(EmbedSession.LaunchPage.class, rs.getString("launch_page")),
                EmbedSession.parse(EmbedSession.Status.class, rs.getString("status")), rs.getInt("ttl_seconds"),
                rs.getString("access_token_hash"), rs.getInt("token_version"), rs.getString("launch_token_hash"),
                Rows.instant(rs, "launch_expires_at"), Rows.instant(rs, "launched_at"), rs.getString("created_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at"), Rows.instant(rs, "revoked_at"));
    }
}
