package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.core.auth.MachineTokenAuthenticator;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.auth.Scopes;
import dev.openmeshes.core.crypto.SecretBox;
import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.model.Organization;
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

    /**
     * @param workspaces null: the caller's own reach (all workspaces for an unrestricted caller)
     * @param expiresInDays MeshAI's spelling of an expiry: that many days from now (never with {@code expiresAt})
     */
    public record NewKey(String name, List<String> scopes, List<UUID> workspaces, Instant expiresAt, Long expiresInDays) {}

    public static final int MAX_EXPIRES_IN_DAYS = 3650;

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
        Instant expiresAt = expiry(request);
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
        if (request.scopes().contains(Scopes.PLATFORM_ADMIN) && !Organization.OPERATORS.equals(caller.organizationId())) {
            // A customer organization's key with it could reach every other organization.
            throw Problem.forbidden("scope_not_grantable", "Only operator keys (a platform admin acting as itself, "
                    + "org " + Organization.OPERATORS + ") may hold " + Scopes.PLATFORM_ADMIN);
        }
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
                    expiresAt);
            tx.machineKeys().insert(issued.key());
            return issued;
        });
    }

    /** {@code expires_at}, or {@code expires_in_days} from now; both at once is a 400 naming the two. */
    private Instant expiry(NewKey request) {
        Long days = request.expiresInDays();
        if (days == null) {
            return request.expiresAt();
        }
        if (request.expiresAt() != null) {
            throw Problem.invalid(List.of(new Problem.FieldError("expires_at", "give either expires_at or expires_in_days"),
                    new Problem.FieldError("expires_in_days", "give either expires_at or expires_in_days")));
        }
        if (days < 1 || days > MAX_EXPIRES_IN_DAYS) {
            throw Problem.invalid("expires_in_days", "must be between 1 and " + MAX_EXPIRES_IN_DAYS);
        }
        return clock.instant().plus(Duration.ofDays(days));
    }

    /** The first platform admin's key, made by {@code bootstrap --platform-admin}, never by a request. */
    public IssuedKey newPlatformAdminKey() {
        return newKey(Organization.OPERATORS, "Platform admin key", Set.of(Scopes.PLATFORM_ADMIN), null, "bootstrap", null);
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
