package dev.openmeshes.server.api;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.OrganizationGate;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.people.Member;
import dev.openmeshes.core.people.PeopleService;
import dev.openmeshes.core.people.PeopleService.SignedIn;
import dev.openmeshes.core.people.UserSessions;
import dev.openmeshes.server.http.Api;
import dev.openmeshes.server.http.AuthRateLimits;
import dev.openmeshes.server.http.Body;
import dev.openmeshes.server.http.Call;
import dev.openmeshes.server.http.Reply;
import dev.openmeshes.server.http.SessionCookies;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /auth/*}: sign-up, login, logout, the current session and password change, in the MeshAI
 * shape ({@code {success: true, data: {…}}}; errors in the API's error shape). Signing in answers the
 * session token as {@code access_token} (usable as {@code Authorization: Bearer}, without CSRF) and
 * also sets it as the {@code meshes_session} cookie for the dashboard. Sign-up mints no API key: the
 * owner makes keys deliberately with {@code POST /api/v1/keys}, where the secret is shown once.
 */
final class AuthEndpoints {

    record Success<T>(boolean success, T data) {
        static <T> Success<T> of(T data) {
            return new Success<>(true, data);
        }
    }

    record SignedUpView(UUID tenantId, UUID userId, String message) {}

    record TokenView(String accessToken, String tokenType, long expiresIn, UUID tenantId, UUID userId, String role) {}

    record SessionView(UUID userId, String email, UUID organizationId, String role, String csrfToken, Instant expiresAt) {}

    record Message(String message) {}

    private final PeopleService people;
    private final SessionCookies cookies;
    private final AuthRateLimits limits;
    private final OrganizationGate gate;

    AuthEndpoints(PeopleService people, SessionCookies cookies, AuthRateLimits limits, OrganizationGate gate) {
        this.people = people;
        this.cookies = cookies;
        this.limits = limits;
        this.gate = gate;
    }

    void register(RouteTable routes, Api api) {
        routes.post("/auth/signup", api.open(this::signUp))
              .post("/auth/login", api.open(this::login))
              .post("/auth/invitations/accept", api.open(this::acceptInvitation))
              .post("/auth/logout", api.authenticated(this::logout))
              .get("/auth/session", api.authenticated(this::session))
              .post("/auth/password", api.authenticated(this::changePassword));
    }

    private Reply signUp(Call call) {
        requireJson(call);
        Body body = call.body();
        String email = body.string("email");
        String password = body.string("password");
        String companyName = body.string("company_name");
        body.done();
        Reply limited = rateLimited(call, email);
        if (limited != null) {
            return limited;
        }
        var signedUp = people.signUp(email, password, companyName);
        String token = sessions().issue(signedUp.signedIn().user(), signedUp.organization().id());
        return new Reply(201, Success.of(new SignedUpView(signedUp.organization().id(), signedUp.signedIn().user().id(),
                "Welcome: you own the organization " + signedUp.organization().name())))
                .withCookies(cookies.signIn(token, call.isSecure()));
    }

    private Reply login(Call call) {
        requireJson(call);
        Body body = call.body();
        String email = body.string("email");
        String password = body.string("password");
        UUID organizationId = body.uuid("organization_id");
        body.done();
        Reply limited = rateLimited(call, email);
        if (limited != null) {
            return limited;
        }
        return signedIn(call, people.login(email, password, organizationId));
    }

    private Reply acceptInvitation(Call call) {
        requireJson(call);
        Body body = call.body();
        String token = body.string("token");
        String password = body.string("password");
        body.done();
        Reply limited = rateLimited(call, null);
        if (limited != null) {
            return limited;
        }
        return signedIn(call, people.acceptInvitation(token, password));
    }

    private Reply logout(Call call) {
        Principal caller = signedInPerson(call);
        Body body = call.body();
        Boolean everywhere = body.bool("everywhere");
        body.done();
        if (Boolean.TRUE.equals(everywhere)) {
            people.logoutEverywhere(caller.userId());
        }
        return Reply.ok(Success.of(new Message(Boolean.TRUE.equals(everywhere)
                        ? "Signed out on every device" : "Signed out")))
                .withCookies(cookies.signOut(call.isSecure()));
    }

    private Reply session(Call call) {
        Principal caller = signedInPerson(call);
        String token = sessionToken(call);
        Member me = people.whoIs(caller);
        return Reply.ok(Success.of(new SessionView(me.userId(), me.email(), caller.organizationId(), me.role().wire(),
                sessions().csrfToken(token), sessions().verify(token).expiresAt())));
    }

    /** A new password ends every other session; this one goes on with a new token. */
    private Reply changePassword(Call call) {
        Principal caller = signedInPerson(call);
        Body body = call.body();
        String current = body.string("current_password");
        String next = body.string("new_password");
        body.done();
        var user = people.changePassword(caller.userId(), current, next);
        String token = sessions().issue(user, caller.organizationId());
        return Reply.ok(Success.of(tokenView(token, caller.organizationId(), user.id(), people.whoIs(caller).role().wire())))
                .withCookies(cookies.signIn(token, call.isSecure()));
    }

    /** A session of a suspended organization is refused at once, as every later call with it would be. */
    private Reply signedIn(Call call, SignedIn signedIn) {
        UUID organizationId = signedIn.membership().organizationId();
        gate.admit(Principal.user(organizationId, signedIn.user().id(), java.util.Set.of()));
        String token = sessions().issue(signedIn.user(), organizationId);
        return Reply.ok(Success.of(tokenView(token, organizationId, signedIn.user().id(),
                        signedIn.membership().role().wire())))
                .withCookies(cookies.signIn(token, call.isSecure()));
    }

    private static TokenView tokenView(String token, UUID organizationId, UUID userId, String role) {
        return new TokenView(token, "bearer", UserSessions.LIFETIME.toSeconds(), organizationId, userId, role);
    }

    /** 429 with {@code Retry-After} once the client's address or the email has had its attempts this minute. */
    private Reply rateLimited(Call call, String email) {
        long wait = limits.take(call.clientAddress(), email);
        if (wait == 0) {
            return null;
        }
        return new Reply(429, Map.of("message", "Too many attempts; retry after the time in Retry-After",
                "error", "rate_limited"), Map.of("Retry-After", String.valueOf(wait)));
    }

    /**
     * Signing in takes JSON only: a cross-site form cannot send {@code application/json} (it would
     * need a CORS preflight, which these routes do not answer), so no other site can sign a browser
     * in to an account of its choosing (login CSRF).
     */
    private static void requireJson(Call call) {
        String type = call.header("Content-Type");
        if (type == null || !type.regionMatches(true, 0, "application/json", 0, 16)) {
            throw new Problem(Problem.Kind.BAD_REQUEST, "json_required", "Send the body as Content-Type: application/json");
        }
    }

    private static Principal signedInPerson(Call call) {
        Principal caller = call.principal();
        if (caller.type() != Principal.Type.USER) {
            throw Problem.forbidden("not_a_session", "This endpoint is for signed-in people; a key has no session");
        }
        return caller;
    }

    /** The session token the request was authenticated with: its bearer token, else its cookie. */
    private static String sessionToken(Call call) {
        String authorization = call.header("Authorization");
        return authorization != null ? authorization.substring(7).trim() : call.cookie(SessionCookies.SESSION);
    }

    private UserSessions sessions() {
        return cookies.sessions();
    }
}
