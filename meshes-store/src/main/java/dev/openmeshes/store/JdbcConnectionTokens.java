package dev.openmeshes.store;

import dev.openmeshes.core.store.ConnectionTokens;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/** Table {@code connection_tokens}: one row per connection, the refresh claim a lease in it. */
final class JdbcConnectionTokens implements ConnectionTokens {

    private final JdbcStore.Sql sql;

    JdbcConnectionTokens(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<Tokens> find(UUID organizationId, UUID connectionId) {
        return sql.with(h -> h.createQuery("SELECT * FROM connection_tokens WHERE organization_id = ? AND connection_id = ?")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString())
                .map(JdbcConnectionTokens::row).findOne());
    }

    /**
     * The version is the store's: 1 for the first save, one more for each after ({@code tokens.version()}
     * is not read). Only a connection of the tokens' organization takes them, and only that
     * organization's row is replaced.
     */
    @Override
    public void save(Tokens t) {
        sql.inTransaction(h -> h.createUpdate("""
                        INSERT INTO connection_tokens (connection_id, organization_id, sealed_access_token,
                            sealed_refresh_token, expires_at, extra_json, version, refresh_owner, refresh_until, updated_at)
                        SELECT id, organization_id, :access, :refresh, :expiresAt, :extra, 1, NULL, NULL, :updatedAt
                        FROM connections WHERE id = :connection AND organization_id = :org
                        ON CONFLICT (connection_id) DO UPDATE SET sealed_access_token = excluded.sealed_access_token,
                            sealed_refresh_token = excluded.sealed_refresh_token, expires_at = excluded.expires_at,
                            extra_json = excluded.extra_json, version = connection_tokens.version + 1,
                            refresh_owner = NULL, refresh_until = NULL, updated_at = excluded.updated_at
                        WHERE connection_tokens.organization_id = excluded.organization_id""")
                .bind("connection", t.connectionId().toString()).bind("org", t.organizationId().toString())
                .bind("access", t.sealedAccessToken()).bind("refresh", t.sealedRefreshToken())
                .bind("expiresAt", Rows.millis(t.expiresAt()))
                .bind("extra", t.extraJson() == null ? "{}" : t.extraJson())
                .bind("updatedAt", t.updatedAt().toEpochMilli())
                .execute());
    }

    /**
     * One conditional UPDATE: on PostgreSQL a second claimer waits for the first's row lock, then
     * finds the claim taken, so two nodes never both hold it.
     */
    @Override
    public boolean claimRefresh(UUID organizationId, UUID connectionId, String owner, Instant now, Instant until) {
        return sql.inTransaction(h -> h.createUpdate("""
                        UPDATE connection_tokens SET refresh_owner = :owner, refresh_until = :until
                        WHERE organization_id = :org AND connection_id = :connection
                            AND (refresh_owner IS NULL OR refresh_until < :now OR refresh_owner = :owner)""")
                .bind("owner", owner).bind("until", until.toEpochMilli()).bind("now", now.toEpochMilli())
                .bind("org", organizationId.toString()).bind("connection", connectionId.toString())
                .execute()) == 1;
    }

    @Override
    public void releaseClaim(UUID organizationId, UUID connectionId, String owner) {
        sql.inTransaction(h -> h.createUpdate("""
                        UPDATE connection_tokens SET refresh_owner = NULL, refresh_until = NULL
                        WHERE organization_id = ? AND connection_id = ? AND refresh_owner = ?""")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString()).bind(2, owner).execute());
    }

    @Override
    public void delete(UUID organizationId, UUID connectionId) {
        sql.inTransaction(h -> h.createUpdate("DELETE FROM connection_tokens WHERE organization_id = ? AND connection_id = ?")
                .bind(0, organizationId.toString()).bind(1, connectionId.toString()).execute());
    }

    private static Tokens row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Tokens(Rows.uuid(rs, "connection_id"), Rows.uuid(rs, "organization_id"),
                rs.getString("sealed_access_token"), rs.getString("sealed_refresh_token"), Rows.instant(rs, "expires_at"),
                rs.getString("extra_json"), rs.getLong("version"), rs.getString("refresh_owner"),
                Rows.instant(rs, "refresh_until"), Rows.instant(rs, "updated_at"));
    }
}
