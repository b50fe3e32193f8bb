package dev.openmeshes.server.api;

import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.people.Member;
import dev.openmeshes.core.people.PeopleService;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code /api/v1/members} and {@code /api/v1/invitations}: the organization's people and pending
 * invitations ({@code people:read}) and managing them ({@code people:write}: owners, through
 * {@code admin}). An invitation's token is answered once, when it is made.
 */
final class MemberEndpoints {

    record MemberView(UUID userId, String email, String role, Instant joinedAt) {
        static MemberView of(Member m) {
            return new MemberView(m.userId(), m.email(), m.role().wire(), m.joinedAt());
        }
    }

    record InvitationView(UUID id, String email, String role, Instant expiresAt, String token, String invitationUrl) {}

    record Invited(InvitationView invitation) {}

    /** A pending invitation as listed: its token was shown once, to the inviter, and is not kept. */
    record PendingView(UUID id, String email, String role, String invitedBy, Instant createdAt, Instant expiresAt) {
        static PendingView of(dev.openmeshes.core.people.Invitation i) {
            return new PendingView(i.id(), i.email(), i.role().wire(), i.invitedBy(), i.createdAt(), i.expiresAt());
        }
    }

    record Revoked(UUID id, boolean revoked) {}

    record Changed(MemberView member) {}

    record Removed(UUID userId, boolean removed) {}

    private final PeopleService people;
    private final java.util.function.Supplier<String> publicUrl;

    MemberEndpoints(PeopleService people, java.util.function.Supplier<String> publicUrl) {
        this.people = people;
        this.publicUrl = publicUrl;
    }

    void register(RouteTable routes, Api api) {
        var scope = Scopes.Resource.PEOPLE;
        routes.get("/api/v1/members", api.scoped(scope, this::list))
              .post("/api/v1/members", api.scoped(scope, this::invite))
              .put("/api/v1/members/{user_id}", api.scoped(scope, this::changeRole))
              .delete("/api/v1/members/{user_id}", api.scoped(scope, this::remove))
              .get("/api/v1/invitations", api.scoped(scope, call -> Reply.ok(Envelope.all(
                      people.invitations(call.principal()).stream().map(PendingView::of).toList()))))
              .delete("/api/v1/invitations/{invitation_id}", api.scoped(scope, this::revoke));
    }

    private Reply list(Call call) {
        return Reply.ok(Envelope.all(people.members(call.principal()).stream().map(MemberView::of).toList()));
    }

    private Reply invite(Call call) {
        Body body = call.body();
        String email = body.string("email");
        String role = body.string("role");
        body.done();
        var issued = people.invite(call.principal(), email, role);
        var i = issued.invitation();
        String url = publicUrl.get() + DashboardAssets.INVITATION_PATH + "?token=" + URLEncoder.encode(issued.token(), StandardCharsets.UTF_8);
        return Reply.created(new Invited(new InvitationView(i.id(), i.email(), i.role().wire(), i.expiresAt(),
                issued.token(), url)));
    }

    private Reply changeRole(Call call) {
        UUID userId = call.pathId("user_id");
        Body body = call.body();
        String role = body.string("role");
        body.done();
        return Reply.ok(new Changed(MemberView.of(people.changeRole(call.principal(), userId, role))));
    }

    private Reply revoke(Call call) {
        UUID id = call.pathId("invitation_id");
        people.revokeInvitation(call.principal(), id);
        return Reply.ok(new Revoked(id, true));
    }

    private Reply remove(Call call) {
        UUID userId = call.pathId("user_id");
        people.removeMember(call.principal(), userId);
        return Reply.ok(new Removed(userId, true));
    }
}
