package dev.openmeshes.core.service;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.auth.Credentials;
import dev.openmeshes.core.auth.Principal;
import dev.openmeshes.core.model.CatalogEntry;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.model.PublishableKey;
import dev.openmeshes.core.model.Workspace;
import dev.openmeshes.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Workspace use cases, as a principal may perform them. Invisible workspaces are simply "not found". */
public final class WorkspaceService {

    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9 _-]+$");
    public static final Duration MAX_KEY_GRACE = Duration.ofDays(7);

    /**
     * @param id              a client-chosen id, or null to have one generated
     * @param ingestRateLimit events per second for its publishable key; null: the server default
     */
    public record NewWorkspace(UUID id, String name, String description, Integer ingestRateLimit) {}

    /**
     * A PUT: the name is always replaced; the description only when the request carries the field
     * ({@code replaceDescription}), so that null clears it and absence keeps it.
     */
    public record WorkspaceChanges(String name, boolean replaceDescription, String description,
                                   boolean replaceIngestRateLimit, Integer ingestRateLimit) {}

    private final Store store;
    private final InstantSource clock;
    private final Consumer<PublishableKey> keyRotated;

    /** @param keyRotated told the publishable key each rotation replaced, once committed, to drop cached copies */
    public WorkspaceService(Store store, InstantSource clock, Consumer<PublishableKey> keyRotated) {
        this.store = store;
        this.clock = clock;
        this.keyRotated = keyRotated;
    }

    public Workspace create(Principal caller, NewWorkspace request) {
        if (!caller.hasAllWorkspaces()) {
            throw Problem.forbidden("workspace_restricted", "A key limited to some workspaces cannot create workspaces");
        }
        validate(request.name(), request.description(), request.ingestRateLimit());
        return store.inTransaction(tx -> {
            if (request.id() != null && tx.workspaces().idExists(request.id())) {
                throw Problem.conflict("id_conflict", "A workspace with id " + request.id() + " already exists");
            }
            requireUniqueName(tx, caller.organizationId(), request.name(), null);
            Instant now = now();
            UUID id = request.id() != null ? request.id() : UUID.randomUUID();
            var key = new PublishableKey("Default", Credentials.newPublishableKey(caller.organizationId(), id), null, null);
            var workspace = new Workspace(id, caller.organizationId(), request.name(), request.description(), key, now, now,
                    request.ingestRateLimit());
            tx.workspaces().insert(workspace);
            return workspace;
        });
    }

    public Page<Workspace> list(Principal caller, PageRequest page) {
        return store.workspaces().list(caller.organizationId(), caller.workspaces(), page);
    }

    public Workspace get(Principal caller, UUID id) {
        return store.workspaces().find(caller.organizationId(), id)
                .filter(w -> caller.mayAccessWorkspace(w.id()))
                .orElseThrow(() -> Problem.notFound("Workspace"));
    }

    /** The workspace's event types or resources: names its events carried or its rules use. */
    public List<CatalogEntry> catalog(Principal caller, UUID id, CatalogEntry.Kind kind) {
        Workspace workspace = get(caller, id);
        return store.catalog().list(workspace.organizationId(), workspace.id(), kind);
    }

    public Workspace update(Principal caller, UUID id, WorkspaceChanges changes) {
        return store.inTransaction(tx -> {
            Workspace current = visible(tx, caller, id);
            String description = changes.replaceDescription() ? changes.description() : current.description();
            Integer limit = changes.replaceIngestRateLimit() ? changes.ingestRateLimit() : current.ingestRateLimit();
            validate(changes.name(), description, limit);
            requireUniqueName(tx, caller.organizationId(), changes.name(), id);
            Workspace updated = current.withDetails(changes.name(), description, limit, now());
            tx.workspaces().update(updated);
            return updated;
        });
    }

    /** Issues a new publishable key; the old one keeps working for {@code grace} (zero: stops at once). */
    public Workspace rotatePublishableKey(Principal caller, UUID id, Duration grace) {
        checkGrace(grace);
        record Rotation(PublishableKey replaced, Workspace updated) {}
        Rotation rotation = store.inTransaction(tx -> {
            Workspace current = visible(tx, caller, id);
            Instant now = now();
            PublishableKey old = current.publishableKey();
            var key = new PublishableKey(old.name(), Credentials.newPublishableKey(current.organizationId(), id),
                    grace.isZero() ? null : old.current(), grace.isZero() ? null : now.plus(grace));
            Workspace updated = current.withPublishableKey(key, now);
            tx.workspaces().update(updated);
            return new Rotation(old, updated);
        });
        keyRotated.accept(rotation.replaced());
        return rotation.updated();
    }

    static void checkGrace(Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_KEY_GRACE) > 0) {
            throw Problem.invalid("grace_period_seconds", "must be between 0 and " + MAX_KEY_GRACE.toSeconds());
        }
    }

    /** The workspace if the caller's organization owns it and the caller may reach it; else not found. */
    static Workspace visible(Store tx, Principal caller, UUID id) {
        return tx.workspaces().find(caller.organizationId(), id)
                .filter(w -> caller.mayAccessWorkspace(w.id()))
                .orElseThrow(() -> Problem.notFound("Workspace"));
    }

    private static void validate(String name, String description, Integer ingestRateLimit) {
        new Validation()
                .text("name", name, 3, 50, NAME, "may contain only letters, digits, spaces, '_' and '-'")
                .text("description", description, 0, 1024, null, null)
                .check(ingestRateLimit == null || (ingestRateLimit >= 0 && ingestRateLimit <= 1_000_000),
                        "ingest_rate_limit", "must be 0 (unlimited) to 1000000 events per second, or null for the default")
                .orThrow();
    }

    private static void requireUniqueName(Store tx, UUID organizationId, String name, UUID self) {
        tx.workspaces().findByName(organizationId, name)
                .filter(other -> !other.id().equals(self))
                .ifPresent(other -> {
                    throw Problem.conflict("workspace_name_conflict", "A workspace named '" + name + "' already exists");
                });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
