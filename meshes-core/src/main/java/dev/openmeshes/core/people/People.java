package dev.openmeshes.core.people;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The store port for people. Users are global (one login for several organizations); every read or
 * write of a membership or invitation takes the organization id, so one organization's people can
 * never be reached through another's request.
 */
public interface People {

    void insertUser(User user);

    Optional<User> findUser(UUID id);

    /** By the normalized (lower-case) email. */
    Optional<User> findUserByEmail(String email);

    /** Replaces the password hash and the session epoch. */
    void updateUser(User user);

    boolean hasUsers();

    void insertMembership(Membership membership);

    Optional<Membership> findMembership(UUID organizationId, UUID userId);

    /** A user's memberships, oldest first. */
    List<Membership> membershipsOf(UUID userId);

    /** The organization's members, oldest first. */
    List<Member> members(UUID organizationId);

    /** @return whether a membership of that organization was changed */
    boolean updateRole(UUID organizationId, UUID userId, Role role);

    /** @return whether a membership of that organization was removed */
    boolean deleteMembership(UUID organizationId, UUID userId);

    int countOwners(UUID organizationId);

    /**
     * Inside a transaction: holds back other transactions changing this organization's people until
     * this one ends (it writes the organization's row), so two owners demoting each other at once
     * cannot leave none.
     */
    void lockPeopleOf(UUID organizationId);

    void insertInvitation(Invitation invitation);

    Optional<Invitation> findInvitationByTokenHash(String tokenHash);

    /** The organization's invitations neither accepted nor expired at {@code now}, newest first. */
    List<Invitation> openInvitations(UUID organizationId, Instant now);

    /** Withdraws an open invitation of that organization (its link stops working); false when there is none. */
    boolean deleteOpenInvitation(UUID organizationId, UUID invitationId);

    /** Marks an open invitation of that organization accepted; false if it was already spent (a race lost). */
    boolean markAccepted(UUID organizationId, UUID invitationId, Instant at);
}
