package dev.openmeshes.core.service;

import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.service.KeyService.IssuedKey;
import dev.openmeshes.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creates an organization with its owner key: the way in for a new installation or tenant. */
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
        Credentials created = newOrganization(name);
        return store.inTransaction(tx -> save(tx, created));
    }

    /**
     * First start of an empty store: makes the first organization, or nothing if there is one.
     * Several nodes starting together on one database agree through a setting, so only one wins.
     */
    public Optional<Credentials> createFirstOrganizationIfEmpty(String name) {
        if (!store.organizations().isEmpty()) {
            return Optional.empty();
        }
        Credentials created = newOrganization(name);
        return store.inTransaction(tx -> {
            String winner = tx.settings().putIfAbsent("first_organization", created.organization().id().toString());
            return winner.equals(created.organization().id().toString()) ? Optional.of(save(tx, created)) : Optional.empty();
        });
    }

    private Credentials newOrganization(String name) {
        new Validation().text("org_name", name, 1, 100, NAME, NAME_HINT)
                .orThrow();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var organization = new Organization(UUID.randomUUID(), name, now, now);
        IssuedKey owner = keys.newOwnerKey(organization.id());
        return new Credentials(organization, owner);
    }

    private static Credentials save(Store tx, Credentials created) {
        tx.organizations().insert(created.organization());
        tx.machineKeys().insert(created.ownerKey().key());
        return created;
    }
}
