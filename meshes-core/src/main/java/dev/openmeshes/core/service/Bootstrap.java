package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.service.KeyService.IssuedKey;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creates an organization with its owner key (the way in for a new installation or tenant), or a platform admin's key. */
public final class Bootstrap {

    /** What the operator is shown once: the secret is not stored in clear anywhere. */
    public record Credentials(Organization organization, IssuedKey ownerKey) {}

    /** What an organization's name may hold (bootstrap and sign-up alike). */
    public static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{N} _.,&'-]+$");
    public static final String NAME_HINT = "may contain letters, digits, spaces and . , & ' _ -";

    private final Store store;
    private final KeyService keys;
    private final InstantSource clock;

    public Bootstrap(Store store, KeyService keys, InstantSource clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    public Credentials createOrganization(String name) {
        return createOrganization(name, null);
    }

    /**
     * A new organization with the id the client chose, or a random one when null. An id ever used,
     * by a live organization or a deleted one's tombstone (or the operators'), is 409 {@code id_conflict}.
     */
    public Credentials createOrganization(String name, UUID id) {
        Credentials created = newOrganization(name, id == null ? UUID.randomUUID() : id);
        return store.inTransaction(tx -> {
            if (tx.organizations().find(created.organization().id()).isPresent()) {
                throw Problem.conflict("id_conflict", "An organization with this id exists or existed");
            }
            return save(tx, created);
        });
    }

    /**
     * A platform admin's operator key, in the reserved operators' organization (made with the first
     * one). It acts as no customer: see {@link Organization#OPERATORS}.
     */
    public Credentials createPlatformAdmin() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        IssuedKey key = keys.newPlatformAdminKey();
        return store.inTransaction(tx -> {
            Organization operators = tx.organizations().find(Organization.OPERATORS).orElseGet(() -> {
                var created = new Organization(Organization.OPERATORS, "Platform operators", now, now);
                tx.organizations().insert(created);
                return created;
            });
            tx.machineKeys().insert(key.key());
            return new Credentials(operators, key);
        });
    }

    /**
     * First start of an empty store: makes the first organization, or nothing if there is one.
     * Several nodes starting together on one database agree through a setting, so only one wins.
     */
    public Optional<Credentials> createFirstOrganizationIfEmpty(String name) {
        if (!store.organizations().isEmpty()) {
            return Optional.empty();
        }
        Credentials created = newOrganization(name, UUID.randomUUID());
        return store.inTransaction(tx -> {
            String winner = tx.settings().putIfAbsent("first_organization", created.organization().id().toString());
            return winner.equals(created.organization().id().toString()) ? Optional.of(save(tx, created)) : Optional.empty();
        });
    }

    private Credentials newOrganization(String name, UUID id) {
        checkName("org_name", name);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var organization = new Organization(id, name, now, now);
        IssuedKey owner = keys.newOwnerKey(organization.id());
        return new Credentials(organization, owner);
    }

    /** An organization's name as bootstrap, sign-up and the organizations API take it. */
    public static void checkName(String field, String name) {
        new Validation().text(field, name, 1, 100, NAME, NAME_HINT).orThrow();
    }

    private static Credentials save(Store tx, Credentials created) {
        tx.organizations().insert(created.organization());
        tx.machineKeys().insert(created.ownerKey().key());
        return created;
    }
}
