package dev.openmeshes.core.people;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.service.Bootstrap;
import dev.openmeshes.core.service.Validation;
import dev.openmeshes.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * People's use cases: sign-up (the first user owns the new organization), login, password change,
 * logout everywhere, invitations, and managing members. Managing people takes {@code people:write}
 * (owners hold it through {@code admin}), and, as with keys, nobody hands out or takes away more than
 * they hold: only an owner makes or unmakes an owner. The last owner can be neither removed nor
 * demoted. Passwords are hashed outside transactions, so a slow hash never holds the writer.
 */
public final class PeopleService {

    public static final int MIN_PASSWORD = 10;
    public static final int MAX_PASSWORD = 256;
    public static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");

    /** Who signed in, to which organization, with which role. */
    public record SignedIn(User user, Membership membership) {}

    public record SignedUp(Organization organization, SignedIn signedIn) {}

    /** An invitation with its token, which exists in clear only in this answer. */
    public record IssuedInvitation(Invitation invitation, String token) {}

    private final Store store;
    private final PasswordHasher hasher;
    private final InstantSource clock;
    private final SignupPolicy policy;
    private final Consumer<UUID> userChanged;
    /** Compared against when no user has the email, so an unknown email costs what a wrong password costs. */
    private final String decoyHash;

    /**
     * @param policy      null: open until the first user exists, then invitations only
     * @param userChanged told the id of every user whose sessions or roles changed, to drop cached copies
     */
    public PeopleService(Store store, PasswordHasher hasher, InstantSource clock, SignupPolicy policy,
                         Consumer<UUID> userChanged) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.policy = policy;
        this.userChanged = userChanged;
        this.decoyHash = hasher.hash(Credentials.newSecretKey());
    }

    public SignedUp signUp(String email, String password, String companyName) {
        String normalized = normalize(email);
        new Validation().check(validEmail(normalized), "email", "must be an email address")
                .text("password", password, MIN_PASSWORD, MAX_PASSWORD, null, null)
                .text("company_name", companyName, 1, 100, Bootstrap.NAME, Bootstrap.NAME_HINT)
                .orThrow();
        boolean firstUserOnly = requireSignupAllowed();
        String hash = hasher.hash(password);
        Instant now = now();
        var organization = new Organization(UUID.randomUUID(), companyName, now, now);
        var user = new User(UUID.randomUUID(), normalized, hash, now, 0);
        var owner = new Membership(user.id(), organization.id(), Role.OWNER, now);
        store.inTransaction(tx -> {
            // Before the first user, sign-up is open to one: of two racing, the second is told to ask for an invitation.
            if (firstUserOnly && !tx.settings().putIfAbsent("first_user", user.id().toString()).equals(user.id().toString())) {
                throw inviteOnly();
            }
            if (tx.people().findUserByEmail(normalized).isPresent()) {
                throw emailTaken();
            }
            tx.organizations().insert(organization);
            tx.people().insertUser(user);
            tx.people().insertMembership(owner);
            return null;
        });
        return new SignedUp(organization, new SignedIn(user, owner));
    }

    /** @return whether sign-up is open only because no user exists yet */
    private boolean requireSignupAllowed() {
        if (policy == SignupPolicy.OFF) {
            throw Problem.forbidden("signup_disabled", "Sign-up is turned off on this server");
        }
        if (policy == SignupPolicy.INVITE) {
            throw inviteOnly();
        }
        if (policy == null) {
            if (store.people().hasUsers()) {
                throw inviteOnly();
            }
            return true;
        }
        return false;
    }

    private void requireInvitationsAllowed() {
        if (policy == SignupPolicy.OFF) {
            throw Problem.forbidden("signup_disabled", "Sign-up and invitations are turned off on this server");
        }
    }

    private static Problem inviteOnly() {
        return Problem.forbidden("signup_invite_only", "Sign-up is by invitation only; ask an owner to invite you");
    }

    private static Problem emailTaken() {
        return Problem.conflict("email_taken", "An account with this email exists; sign in instead");
    }

    /**
     * Signs a user in to one of their organizations ({@code organizationId}, or their oldest
     * membership). A wrong password and an unknown email are the same 401 at the same cost: both
     * go through the hash.
     */
    public SignedIn login(String email, String password, UUID organizationId) {
        new Validation().check(email != null, "email", "is required").check(password != null, "password", "is required")
                .orThrow();
        String normalized = normalize(email);
        User user = store.people().findUserByEmail(normalized).orElse(null);
        boolean matches = hasher.matches(password, user == null ? decoyHash : user.passwordHash());
        if (user == null || !matches) {
            throw new Problem(Problem.Kind.UNAUTHORIZED, "invalid_credentials", "Wrong email or password");
        }
        List<Membership> memberships = store.people().membershipsOf(user.id());
        return memberships.stream()
                .filter(m -> organizationId == null || m.organizationId().equals(organizationId))
                .findFirst()
                .map(m -> new SignedIn(user, m))
                .orElseThrow(() -> Problem.forbidden("no_membership", organizationId == null
                        ? "This account belongs to no organization any more"
                        : "This account is not a member of that organization"));
    }

    /** A new password ends every session of the user but the one the caller is given anew. */
    public User changePassword(UUID userId, String currentPassword, String newPassword) {
        new Validation().check(currentPassword != null, "current_password", "is required")
                .text("new_password", newPassword, MIN_PASSWORD, MAX_PASSWORD, null, null)
                .orThrow();
        User user = store.people().findUser(userId).orElseThrow(() -> Problem.notFound("User"));
        if (!hasher.matches(currentPassword, user.passwordHash())) {
            throw Problem.forbidden("invalid_credentials", "The current password is wrong");
        }
        User changed = user.withPassword(hasher.hash(newPassword));
        store.inTransaction(tx -> {
            tx.people().updateUser(changed);
            return null;
        });
        userChanged.accept(userId);
        return changed;
    }

    /** Ends every session of the user, on every node within the session cache's lifetime. */
    public User logoutEverywhere(UUID userId) {
        User changed = store.inTransaction(tx -> {
            User user = tx.people().findUser(userId).orElseThrow(() -> Problem.notFound("User"));
            User next = user.withNextEpoch();
            tx.people().updateUser(next);
            return next;
        });
        userChanged.accept(userId);
        return changed;
    }

    public IssuedInvitation invite(Principal caller, String email, String roleName) {
        String normalized = normalize(email);
        new Validation().check(validEmail(normalized), "email", "must be an email address")
                .check(roleName != null, "role", "is required").orThrow();
        Role role = Role.parse("role", roleName);
        requireGrantable(caller, role);
        requireInvitationsAllowed();
        String token = "inv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Credentials.randomBytes(32));
        Instant now = now();
        var invitation = new Invitation(UUID.randomUUID(), caller.organizationId(), normalized, role, sha256(token),
                caller.createdBy(), now, now.plus(INVITATION_LIFETIME), null);
        store.inTransaction(tx -> {
            var existing = tx.people().findUserByEmail(normalized);
            if (existing.isPresent() && tx.people().findMembership(caller.organizationId(), existing.get().id()).isPresent()) {
                throw Problem.conflict("already_member", "This person is already a member of the organization");
            }
            tx.people().insertInvitation(invitation);
            return null;
        });
        return new IssuedInvitation(invitation, token);
    }

    /**
     * Accepts an invitation: a new user is created with {@code password}; a person who already has
     * an account proves it with their password and joins with it.
     */
    public SignedIn acceptInvitation(String token, String password) {
        new Validation().check(token != null, "token", "is required").check(password != null, "password", "is required")
                .orThrow();
        requireInvitationsAllowed();
        Invitation invitation = store.people().findInvitationByTokenHash(sha256(token))
                .filter(i -> i.isOpenAt(clock.instant()))
                .orElseThrow(PeopleService::invitationInvalid);
        User existing = store.people().findUserByEmail(invitation.email()).orElse(null);
        User user;
        if (existing != null) {
            if (!hasher.matches(password, existing.passwordHash())) {
                throw new Problem(Problem.Kind.UNAUTHORIZED, "invalid_credentials",
                        "An account with this email exists: give its password to join");
            }
            user = existing;
        } else {
            new Validation().text("password", password, MIN_PASSWORD, MAX_PASSWORD, null, null).orThrow();
            user = new User(UUID.randomUUID(), invitation.email(), hasher.hash(password), now(), 0);
        }
        var membership = new Membership(user.id(), invitation.organizationId(), invitation.role(), now());
        store.inTransaction(tx -> {
            if (!tx.people().markAccepted(invitation.organizationId(), invitation.id(), now())) {
                throw invitationInvalid(); // accepted by a concurrent request
            }
            if (existing == null) {
                tx.people().insertUser(user);
            } else if (tx.people().findMembership(invitation.organizationId(), user.id()).isPresent()) {
                throw Problem.conflict("already_member", "You are already a member of this organization");
            }
            tx.people().insertMembership(membership);
            return null;
        });
        return new SignedIn(user, membership);
    }

    /** The organization's invitations still waiting to be accepted, newest first. */
    public List<Invitation> invitations(Principal caller) {
        return store.people().openInvitations(caller.organizationId(), clock.instant());
    }

    /** Withdraws an invitation not yet accepted: its link stops working at once. */
    public void revokeInvitation(Principal caller, UUID invitationId) {
        if (!store.people().deleteOpenInvitation(caller.organizationId(), invitationId)) {
            throw new Problem(Problem.Kind.NOT_FOUND, "not_found", "Invitation not found, or already accepted");
        }
    }

    private static Problem invitationInvalid() {
        return new Problem(Problem.Kind.NOT_FOUND, "invitation_invalid",
                "This invitation does not exist, was already used or has expired");
    }

    /** The signed-in person as their organization's list shows them. */
    public Member whoIs(Principal caller) {
        User user = store.people().findUser(caller.userId()).orElseThrow(() -> Problem.notFound("User"));
        Membership membership = store.people().findMembership(caller.organizationId(), user.id())
                .orElseThrow(() -> Problem.notFound("Member"));
        return new Member(user.id(), user.email(), membership.role(), membership.createdAt());
    }

    public List<Member> members(Principal caller) {
        return store.people().members(caller.organizationId());
    }

    public Member changeRole(Principal caller, UUID userId, String roleName) {
        new Validation().check(roleName != null, "role", "is required").orThrow();
        Role role = Role.parse("role", roleName);
        Member changed = store.inTransaction(tx -> {
            tx.people().lockPeopleOf(caller.organizationId());
            Membership current = manageable(tx, caller, userId);
            requireGrantable(caller, role);
            if (current.role() == Role.OWNER && role != Role.OWNER && tx.people().countOwners(caller.organizationId()) <= 1) {
                throw lastOwner();
            }
            tx.people().updateRole(caller.organizationId(), userId, role);
            return member(tx, caller.organizationId(), userId);
        });
        userChanged.accept(userId);
        return changed;
    }

    public void removeMember(Principal caller, UUID userId) {
        store.inTransaction(tx -> {
            tx.people().lockPeopleOf(caller.organizationId());
            Membership current = manageable(tx, caller, userId);
            if (current.role() == Role.OWNER && tx.people().countOwners(caller.organizationId()) <= 1) {
                throw lastOwner();
            }
            tx.people().deleteMembership(caller.organizationId(), userId);
            return null;
        });
        userChanged.accept(userId);
    }

    /**
     * The first owner of an organization, made by the operator ({@code meshes bootstrap --email}).
     * Call {@link #checkNewOwner} before creating the organization, so a bad email or password
     * leaves nothing behind.
     */
    public SignedIn addOwner(UUID organizationId, String email, String password) {
        checkNewOwner(email, password);
        String normalized = normalize(email);
        var user = new User(UUID.randomUUID(), normalized, hasher.hash(password), now(), 0);
        var owner = new Membership(user.id(), organizationId, Role.OWNER, now());
        store.inTransaction(tx -> {
            if (tx.organizations().find(organizationId).isEmpty()) {
                throw Problem.notFound("Organization");
            }
            if (tx.people().findUserByEmail(normalized).isPresent()) {
                throw Problem.conflict("email_taken", "An account with this email exists; invite it instead");
            }
            tx.people().insertUser(user);
            tx.people().insertMembership(owner);
            return null;
        });
        return new SignedIn(user, owner);
    }

    public void checkNewOwner(String email, String password) {
        new Validation().check(validEmail(normalize(email)), "email", "must be an email address")
                .text("password", password, MIN_PASSWORD, MAX_PASSWORD, null, null)
                .orThrow();
        if (store.people().findUserByEmail(normalize(email)).isPresent()) {
            throw Problem.conflict("email_taken", "An account with this email exists; invite it instead");
        }
    }

    private static Membership manageable(Store tx, Principal caller, UUID userId) {
        Membership current = tx.people().findMembership(caller.organizationId(), userId)
                .orElseThrow(() -> Problem.notFound("Member"));
        requireGrantable(caller, current.role());
        return current;
    }

    /** Only who could hold a role's scopes may give it or take it away (an owner's needs {@code admin}). */
    private static void requireGrantable(Principal caller, Role role) {
        if (!role.scopes().stream().allMatch(scope -> Scopes.canGrant(caller.scopes(), scope))) {
            throw Problem.forbidden("role_not_grantable", "Only an owner may give or take away the " + role.wire() + " role");
        }
    }

    private static Problem lastOwner() {
        return Problem.conflict("last_owner", "The organization's last owner can be neither removed nor demoted");
    }

    private static Member member(Store tx, UUID organizationId, UUID userId) {
        return tx.people().members(organizationId).stream().filter(m -> m.userId().equals(userId)).findFirst()
                .orElseThrow(() -> Problem.notFound("Member"));
    }

    static String normalize(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean validEmail(String normalized) {
        return normalized != null && normalized.length() <= 254 && EMAIL.matcher(normalized).matches();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
