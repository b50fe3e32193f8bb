package dev.openmeshes.store;

import dev.openmeshes.core.people.Invitation;
import dev.openmeshes.core.people.Member;
import dev.openmeshes.core.people.Membership;
import dev.openmeshes.core.people.People;
import dev.openmeshes.core.people.Role;
import dev.openmeshes.core.people.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcPeople implements People {

    private final JdbcStore.Sql sql;

    JdbcPeople(JdbcStore.Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insertUser(User u) {
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO users (id, email, password_hash, session_epoch, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .bind(0, u.id().toString()).bind(1, u.email()).bind(2, u.passwordHash()).bind(3, u.sessionEpoch())
                .bind(4, u.createdAt().toEpochMilli()).bind(5, u.createdAt().toEpochMilli()).execute());
    }

    @Override
    public Optional<User> findUser(UUID id) {
        return sql.with(h -> h.createQuery("SELECT * FROM users WHERE id = ?").bind(0, id.toString())
                .map(JdbcPeople::user).findOne());
    }

    @Override
    public Optional<User> findUserByEmail(String email) {
        return sql.with(h -> h.createQuery("SELECT * FROM users WHERE email = ?").bind(0, email)
                .map(JdbcPeople::user).findOne());
    }

    @Override
    public void updateUser(User u) {
        sql.inTransaction(h -> h.createUpdate("UPDATE users SET password_hash = ?, session_epoch = ?, updated_at = ? WHERE id = ?")
                .bind(0, u.passwordHash()).bind(1, u.sessionEpoch()).bind(2, System.currentTimeMillis())
                .bind(3, u.id().toString()).execute());
    }

    @Override
    public boolean hasUsers() {
        return sql.with(h -> h.createQuery("SELECT id FROM users LIMIT 1").mapTo(String.class).findOne().isPresent());
    }

    @Override
    public void insertMembership(Membership m) {
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO memberships (organization_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)""")
                .bind(0, m.organizationId().toString()).bind(1, m.userId().toString()).bind(2, m.role().wire())
                .bind(3, m.createdAt().toEpochMilli()).bind(4, m.createdAt().toEpochMilli()).execute());
    }

    @Override
    public Optional<Membership> findMembership(UUID organizationId, UUID userId) {
        return sql.with(h -> h.createQuery("SELECT * FROM memberships WHERE organization_id = ? AND user_id = ?")
                .bind(0, organizationId.toString()).bind(1, userId.toString())
                .map(JdbcPeople::membership).findOne());
    }

    @Override
    public List<Membership> membershipsOf(UUID userId) {
        return sql.with(h -> h.createQuery("SELECT * FROM memberships WHERE user_id = ? ORDER BY created_at, organization_id")
                .bind(0, userId.toString()).map(JdbcPeople::membership).list());
    }

    @Override
    public List<Member> members(UUID organizationId) {
        return sql.with(h -> h.createQuery("""
                SELECT m.user_id, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.organization_id = ? ORDER BY m.created_at, m.user_id""")
                .bind(0, organizationId.toString())
                .map((rs, ctx) -> new Member(Rows.uuid(rs, "user_id"), rs.getString("email"), role(rs),
                        Rows.instant(rs, "created_at")))
                .list());
    }

    @Override
    public boolean updateRole(UUID organizationId, UUID userId, Role role) {
        return sql.inTransaction(h -> h.createUpdate(
                        "UPDATE memberships SET role = ?, updated_at = ? WHERE organization_id = ? AND user_id = ?")
                .bind(0, role.wire()).bind(1, System.currentTimeMillis())
                .bind(2, organizationId.toString()).bind(3, userId.toString()).execute()) == 1;
    }

    @Override
    public boolean deleteMembership(UUID organizationId, UUID userId) {
        return sql.inTransaction(h -> h.createUpdate("DELETE FROM memberships WHERE organization_id = ? AND user_id = ?")
                .bind(0, organizationId.toString()).bind(1, userId.toString()).execute()) == 1;
    }

    @Override
    public int countOwners(UUID organizationId) {
        return sql.with(h -> h.createQuery("SELECT COUNT(*) FROM memberships WHERE organization_id = ? AND role = 'owner'")
                .bind(0, organizationId.toString()).mapTo(Integer.class).one());
    }

    @Override
    public void lockPeopleOf(UUID organizationId) {
        sql.inTransaction(h -> h.createUpdate("UPDATE organizations SET updated_at = updated_at WHERE id = ?")
                .bind(0, organizationId.toString()).execute());
    }

    @Override
    public void insertInvitation(Invitation i) {
        sql.inTransaction(h -> h.createUpdate("""
                INSERT INTO invitations (id, organization_id, email, role, token_hash, invited_by, created_at, expires_at,
                    accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, i.id().toString()).bind(1, i.organizationId().toString()).bind(2, i.email())
                .bind(3, i.role().wire()).bind(4, i.tokenHash()).bind(5, i.invitedBy())
                .bind(6, i.createdAt().toEpochMilli()).bind(7, i.expiresAt().toEpochMilli())
                .bind(8, Rows.millis(i.acceptedAt())).execute());
    }

    @Override
    public Optional<Invitation> findInvitationByTokenHash(String tokenHash) {
        return sql.with(h -> h.createQuery("SELECT * FROM invitations WHERE token_hash = ?").bind(0, tokenHash)
                .map(JdbcPeople::invitation).findOne());
    }

    @Override
    public List<Invitation> openInvitations(UUID organizationId, Instant now) {
        return sql.with(h -> h.createQuery("""
                        SELECT * FROM invitations WHERE organization_id = ? AND accepted_at IS NULL AND expires_at > ?
                        ORDER BY created_at DESC, id DESC""")
                .bind(0, organizationId.toString()).bind(1, now.toEpochMilli()).map(JdbcPeople::invitation).list());
    }

    @Override
    public boolean deleteOpenInvitation(UUID organizationId, UUID invitationId) {
        return sql.inTransaction(h -> h.createUpdate(
                        "DELETE FROM invitations WHERE organization_id = ? AND id = ? AND accepted_at IS NULL")
                .bind(0, organizationId.toString()).bind(1, invitationId.toString()).execute()) == 1;
    }

    private static Invitation invitation(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Invitation(Rows.uuid(rs, "id"), Rows.uuid(rs, "organization_id"), rs.getString("email"), role(rs),
                rs.getString("token_hash"), rs.getString("invited_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"), Rows.instant(rs, "accepted_at"));
    }

    @Override
    public boolean markAccepted(UUID organizationId, UUID invitationId, Instant at) {
        return sql.inTransaction(h -> h.createUpdate(
                        "UPDATE invitations SET accepted_at = ? WHERE organization_id = ? AND id = ? AND accepted_at IS NULL")
                .bind(0, at.toEpochMilli()).bind(1, organizationId.toString()).bind(2, invitationId.toString())
                .execute()) == 1;
    }

    private static User user(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(Rows.uuid(rs, "id"), rs.getString("email"), rs.getString("password_hash"),
                Rows.instant(rs, "created_at"), rs.getLong("session_epoch"));
    }

    private static Membership membership(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Membership(Rows.uuid(rs, "user_id"), Rows.uuid(rs, "organization_id"), role(rs),
                Rows.instant(rs, "created_at"));
    }

    private static Role role(ResultSet rs) throws SQLException {
        return Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT));
    }
}
