package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.core.auth.MachineTokenAuthenticator;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Machine-key use cases. A caller can only hand out what it holds: scopes it could itself use and
 * workspaces it can itself reach. The same rule guards rotate and revoke, so a narrow key can never
 * obtain a broader key's secret or switch it off.
 */
public final class KeyService {

    /** @param workspaces null: the caller's own reach (all workspaces for an unrestricted caller) */
    public record NewKey(String name, List<String> scopes, List<UUID> workspaces, Instant expiresAt) {}

    /** A key together with its secret, which exists in clear only in this answer. */
    public record IssuedKey(MachineKey key, String secretKey) {}

    private final Store store;
    private final SecretBox secretBox;
    private final InstantSource clock;
    private final Consumer<String> keyChanged;

    /** @param keyChanged told the access key of every key revoked or rotated, to drop cached copies */
    public KeyService(Store store, SecretBox secretBox, InstantSource clock, Consumer<String> keyChanged) {
        this.store = store;
        this.secretBox = secretBox;
        this.clock = clock;
        this.keyChanged = keyChanged;
    }

    public IssuedKey create(Principal caller, NewKey request) {
        new Validation().text("name", request.name(), 1, 100, null, null)
                .check(request.scopes() != null && !request.scopes().isEmpty(), "scopes", "must list at least one scope")
                .check(request.expiresAt() == null || request.expiresAt().isAfter(clock.instant()),
                        "expires_at", "must be in the future")
                .orThrow();
        List<String> unknown = Scopes.unknown(request.scopes());
        if (!unknown.isEmpty()) {
            throw Problem.invalid("scopes", "unknown scopes " + unknown + "; known: " + Scopes.ALL);
        }
        Set<UUID> workspaces = request.workspaces() == null ? caller.workspaces() : Set.copyOf(request.workspaces());
        requireGrantable(caller, Set.copyOf(request.scopes()), workspaces);
        return store.inTransaction(tx -> {
            if (workspaces != null) {
                for (UUID id : workspaces) {
                    if (tx.workspaces().find(caller.organizationId(), id).isEmpty()) {
                        throw Problem.invalid("workspaces", "no workspace " + id + " in this organization");
                    }
                }
            }
            IssuedKey issued = newKey(caller.organizationId(), request.name(), Scopes.sorted(request.scopes()),
                    workspaces, caller.type() == Principal.Type.USER ? caller.createdBy() : "key:" + caller.accessKey(),
                    request.expiresAt());
            tx.machineKeys().insert(issued.key());
            return issued;
        });
    }

    /** The organization's first key, with every right: made by bootstrap, never by a request. */
    public IssuedKey newOwnerKey(UUID organizationId) {
        return newKey(organizationId, "Owner key", Set.of(Scopes.ADMIN), null, "bootstrap", null);
    }

    public Page<MachineKey> list(Principal caller, PageRequest page) {
        return store.machineKeys().list(caller.organizationId(), page);
    }

    public MachineKey get(Principal caller, UUID id) {
        return store.machineKeys().find(caller.organizationId(), id).orElseThrow(() -> Problem.notFound("Key"));
    }

    public MachineKey revoke(Principal caller, UUID id) {
        MachineKey revoked = store.inTransaction(tx -> {
            MachineKey key = manageable(tx, caller, id);
            if (key.revokedAt() != null) {
                return key;
            }
            MachineKey updated = key.revoked(now());
            tx.machineKeys().update(updated);
            return updated;
        });
        keyChanged.accept(revoked.accessKey());
        return revoked;
    }

    /** A new secret for the same access key; the old secret keeps verifying for {@code grace}. */
    public IssuedKey rotate(Principal caller, UUID id, Duration grace) {
        WorkspaceService.checkGrace(grace);
        IssuedKey issued = store.inTransaction(tx -> {
            MachineKey key = manageable(tx, caller, id);
            if (!key.isUsableAt(clock.instant())) {
                throw Problem.conflict("key_not_active", "A revoked or expired key cannot be rotated");
            }
            String secret = Credentials.newSecretKey();
            Instant now = now();
            MachineKey rotated = key.rotated(seal(secret, key.accessKey()), now.plus(grace), now);
            tx.machineKeys().update(rotated);
            return new IssuedKey(rotated, secret);
        });
        keyChanged.accept(issued.key().accessKey());
        return issued;
    }

    private MachineKey manageable(Store tx, Principal caller, UUID id) {
        MachineKey key = tx.machineKeys().find(caller.organizationId(), id).orElseThrow(() -> Problem.notFound("Key"));
        requireGrantable(caller, key.scopes(), key.workspaces());
        return key;
    }

    private static void requireGrantable(Principal caller, Set<String> scopes, Set<UUID> workspaces) {
        List<String> beyond = scopes.stream().filter(s -> !Scopes.canGrant(caller.scopes(), s)).sorted().toList();
        if (!beyond.isEmpty()) {
            throw Problem.forbidden("scope_not_grantable", "Your key does not hold the scopes " + beyond);
        }
        boolean reachable = caller.hasAllWorkspaces()
                || (workspaces != null && caller.workspaces().containsAll(workspaces));
        if (!reachable) {
            throw Problem.forbidden("workspace_not_grantable", "Your key cannot reach every workspace of that key");
        }
    }

    private IssuedKey newKey(UUID organizationId, String name, Set<String> scopes, Set<UUID> workspaces,
                             String createdBy, Instant expiresAt) {
        String accessKey = Credentials.newAccessKey();
        String secret = Credentials.newSecretKey();
        Instant now = now();
        var key = new MachineKey(UUID.randomUUID(), organizationId, name, accessKey, seal(secret, accessKey), null, null,
                scopes, workspaces, createdBy, now, now,
                expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS), null);
        return new IssuedKey(key, secret);
    }

    private String seal(String secret, String accessKey) {
        return secretBox.seal(secret, MachineTokenAuthenticator.secretContext(accessKey));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
