package dev.openmeshes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.openmeshes.core.Problem;
import dev.openmeshes.core.embed.EmbedSession;
import dev.openmeshes.core.embed.EmbedSessions;
import dev.openmeshes.core.model.CatalogEntry;
import dev.openmeshes.core.model.Connection;
import dev.openmeshes.core.model.Delivery;
import dev.openmeshes.core.model.DeliveryStatus;
import dev.openmeshes.core.model.Event;
import dev.openmeshes.core.model.Ids;
import dev.openmeshes.core.model.MachineKey;
import dev.openmeshes.core.model.Organization;
import dev.openmeshes.core.model.Page;
import dev.openmeshes.core.model.PageRequest;
import dev.openmeshes.core.model.PublishableKey;
import dev.openmeshes.core.model.Rule;
import dev.openmeshes.core.model.Workspace;
import dev.openmeshes.core.people.Invitation;
import dev.openmeshes.core.people.Member;
import dev.openmeshes.core.model.Cursor;
import dev.openmeshes.core.people.Membership;
import dev.openmeshes.core.people.Role;
import dev.openmeshes.core.people.User;
import dev.openmeshes.core.store.ConnectionTokens;
import dev.openmeshes.core.store.Deliveries;
import dev.openmeshes.core.store.FieldCatalogs;
import dev.openmeshes.core.store.IdempotencyRecords.Entry;
import dev.openmeshes.core.store.Mappings;
import dev.openmeshes.core.store.Store;
import dev.openmeshes.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One contract, two databases: every store behaviour is checked on SQLite and on PostgreSQL alike. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.Kind.class)
class StoreContractTest {

    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dataDir;

    StoreConfig config;
    Store store;
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void open() {
        config = TestDatabases.config(kind, dataDir);
        store = Stores.open(config);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void migrationsCreateAnEmptyStore() {
        assertThat(store.kind()).isEqualTo(kind.name().toLowerCase());
        assertThat(store.organizations().isEmpty()).isTrue();
    }

    @Test
    void opensAgainWithoutRepeatingMigrations() {
        Organization org = organization();
        store.close();
        store = Stores.open(config);
        assertThat(store.organizations().find(org.id())).contains(org);
    }

    @Test
    void thePlatformAuditForgetsOnlyEntriesOlderThanTheCutoffInBatches() {
        var audit = store.platformAudit();
        for (int day = 0; day < 5; day++) {
            audit.record(new dev.openmeshes.core.model.AuditEntry(UUID.randomUUID(), UUID.randomUUID(), "mk_operator",
                    UUID.randomUUID(), "GET", "/api/v1/organizations", 200, "corr-" + day, t0.minus(java.time.Duration.ofDays(day))));
        }

        assertThat(audit.deleteBefore(t0.minus(java.time.Duration.ofDays(1)), 2)).as("the first batch of the three older").isEqualTo(2);
        assertThat(audit.deleteBefore(t0.minus(java.time.Duration.ofDays(1)), 2)).as("the rest of them").isEqualTo(1);
        assertThat(audit.deleteBefore(t0.minus(java.time.Duration.ofDays(1)), 2)).as("nothing older is left").isZero();
        assertThat(audit.list(new PageRequest(10, null)).records()).extracting(e -> e.correlationId())
                .as("the entries from the cutoff on, newest first").containsExactly("corr-0", "corr-1");
    }

    @Test
    void workspacesAreOnlyVisibleInTheirOrganization() {
        Organization a = organization();
        Organization b = organization();
        Workspace inA = workspace(a, "Alpha", t0);

        assertThat(store.workspaces().find(a.id(), inA.id())).contains(inA);
        assertThat(store.workspaces().find(b.id(), inA.id())).isEmpty();
        assertThat(store.workspaces().list(b.id(), null, PageRequest.first(50)).records()).isEmpty();
        assertThat(store.workspaces().findByName(b.id(), "alpha")).isEmpty();
        assertThat(store.workspaces().idExists(inA.id())).isTrue();
    }

    @Test
    void updatesTouchOnlyTheOwningOrganizationsRow() {
        Organization a = organization();
        Organization b = organization();
        Workspace inA = workspace(a, "Alpha", t0);
        Workspace forged = new Workspace(inA.id(), b.id(), "Hijacked", null, inA.publishableKey(), t0, t0, null);

        store.workspaces().update(forged);

        assertThat(store.workspaces().find(a.id(), inA.id()).orElseThrow().name()).isEqualTo("Alpha");
    }

    @Test
    void workspaceNamesAreFoundCaseInsensitivelyAndUniquePerOrganization() {
        Organization a = organization();
        workspace(a, "Alpha", t0);
        assertThat(store.workspaces().findByName(a.id(), "ALPHA")).isPresent();
        assertThatThrownBy(() -> workspace(a, "alpha", t0))
                .isInstanceOf(Problem.class)
                .extracting(p -> ((Problem) p).kind()).isEqualTo(Problem.Kind.CONFLICT);
        workspace(organization(), "Alpha", t0); // another organization may reuse it
    }

    @Test
    void listsPageThroughEveryRecordOnceInCreationOrder() {
        Organization a = organization();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(workspace(a, "Workspace " + i, t0.plusMillis(i / 2)).id()); // pairs share a timestamp
        }
        List<UUID> seen = new ArrayList<>();
        Page<Workspace> page = store.workspaces().list(a.id(), null, PageRequest.first(3));
        seen.addAll(page.records().stream().map(Workspace::id).toList());
        while (page.nextCursor() != null) {
            page = store.workspaces().list(a.id(), null,
                    new PageRequest(3, dev.openmeshes.core.model.Cursor.decode(page.nextCursor())));
            seen.addAll(page.records().stream().map(Workspace::id).toList());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
    }

    @Test
    void listsCanBeRestrictedToSomeWorkspaces() {
        Organization a = organization();
        Workspace one = workspace(a, "One", t0);
        workspace(a, "Two", t0);
        assertThat(store.workspaces().list(a.id(), Set.of(one.id()), PageRequest.first(50)).records()).containsExactly(one);
        assertThat(store.workspaces().list(a.id(), Set.of(), PageRequest.first(50)).records()).isEmpty();
    }

    @Test
    void findsAWorkspaceByCurrentOrPreviousPublishableKey() {
        Organization a = organization();
        Workspace w = workspace(a, "Alpha", t0);
        var rotated = new PublishableKey("Default", "mesh_pub_a_b_new", w.publishableKey().current(), t0.plusSeconds(60));
        store.workspaces().update(w.withPublishableKey(rotated, t0));

        assertThat(store.workspaces().findByPublishableKey("mesh_pub_a_b_new")).isPresent();
        assertThat(store.workspaces().findByPublishableKey(w.publishableKey().current())).isPresent();
        assertThat(store.workspaces().findByPublishableKey("mesh_pub_x_y_unknown")).isEmpty();
    }

    @Test
    void machineKeysRoundTripWithScopesAndWorkspaceLimits() {
        Organization a = organization();
        UUID ws = UUID.randomUUID();
        var key = new MachineKey(UUID.randomUUID(), a.id(), "ci", "mk_" + "a".repeat(22), "v1.sealed", null, null,
                Set.of("workspaces:read", "keys:write"), Set.of(ws), "test", t0, t0, t0.plusSeconds(3600), null);
        store.machineKeys().insert(key);

        assertThat(store.machineKeys().find(a.id(), key.id())).contains(key);
        assertThat(store.machineKeys().findByAccessKey(key.accessKey())).contains(key);
        assertThat(store.machineKeys().find(organization().id(), key.id())).isEmpty();

        var revoked = key.revoked(t0.plusSeconds(5));
        store.machineKeys().update(revoked);
        assertThat(store.machineKeys().findByAccessKey(key.accessKey())).contains(revoked);
    }

    @Test
    void idempotencyClaimsAreExclusiveUntilCompletedThenReplayed() {
        String principal = "key:" + UUID.randomUUID();
        Instant longAgo = t0.minusSeconds(86_400);
        assertThat(store.idempotency().claim(principal, "k1", "fp", t0, longAgo, longAgo)).isEmpty();
        assertThat(store.idempotency().claim(principal, "k1", "fp", t0, longAgo, longAgo))
                .contains(new Entry("fp", null, null, t0));

        store.idempotency().complete(principal, "k1", 201, "{\"ok\":true}");
        assertThat(store.idempotency().claim(principal, "k1", "fp", t0, longAgo, longAgo))
                .contains(new Entry("fp", 201, "{\"ok\":true}", t0));
        assertThat(store.idempotency().claim("key:" + UUID.randomUUID(), "k1", "fp", t0, longAgo, longAgo)).isEmpty();
    }

    @Test
    void expiredAndAbandonedIdempotencyClaimsAreReplaced() {
        String principal = "key:" + UUID.randomUUID();
        store.idempotency().claim(principal, "done", "fp", t0, t0, t0);
        store.idempotency().complete(principal, "done", 200, "{}");
        store.idempotency().claim(principal, "stuck", "fp", t0, t0, t0);
        Instant later = t0.plusSeconds(600);

        assertThat(store.idempotency().claim(principal, "done", "fp2", later, t0, t0.plusSeconds(300))).isPresent();
        assertThat(store.idempotency().claim(principal, "stuck", "fp2", later, t0, t0.plusSeconds(300))).isEmpty();
        assertThat(store.idempotency().claim(principal, "done", "fp2", later, t0.plusSeconds(1), t0)).isEmpty();
        assertThat(store.idempotency().deleteCreatedBefore(later.plusSeconds(1))).isEqualTo(2);
    }

    @Test
    void settingsKeepTheFirstValue() {
        assertThat(store.settings().get("x")).isEmpty();
        assertThat(store.settings().putIfAbsent("x", "one")).isEqualTo("one");
        assertThat(store.settings().putIfAbsent("x", "two")).isEqualTo("one");
    }

    @Test
    void anOrganizationsEventsAreListedNewestFirstAcrossItsWorkspacesPageByPage() {
        Organization a = organization();
        List<Workspace> workspaces = new ArrayList<>();
        for (int i = 0; i < 103; i++) { // more workspaces than one listing query covers
            workspaces.add(workspace(a, "Workspace " + i, t0));
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // interleaved in time, pairs sharing a millisecond, last workspace included
            Workspace in = workspaces.get(i % 3 == 2 ? 102 : i % 3);
            events.add(event(a.id(), in.id(), t0.plusMillis(i / 2), DeliveryStatus.COMPLETED));
        }
        Organization b = organization();
        Event othersEvent = event(b.id(), workspace(b, "Theirs", t0).id(), t0.plusMillis(3), DeliveryStatus.COMPLETED);
        store.events().insertAll(events, List.of());
        store.events().insertAll(List.of(othersEvent), List.of());

        var everything = new dev.openmeshes.core.store.Events.Filter(null, null, null, null, null, null);
        List<Event> seen = new ArrayList<>();
        Page<Event> page = store.events().list(a.id(), everything, PageRequest.first(5));
        seen.addAll(page.records());
        while (page.nextCursor() != null) {
            page = store.events().list(a.id(), everything,
                    new PageRequest(5, dev.openmeshes.core.model.Cursor.decode(page.nextCursor())));
            seen.addAll(page.records());
        }
        List<Event> newestFirst = events.stream().sorted(java.util.Comparator.comparing(Event::createdAt)
                .thenComparing(e -> e.id().toString()).reversed()).toList();
        assertThat(seen).extracting(Event::id).containsExactlyElementsOf(newestFirst.stream().map(Event::id).toList());

        var onlyFirst = new dev.openmeshes.core.store.Events.Filter(null, Set.of(workspaces.get(0).id()), null, null, null, null);
        assertThat(store.events().list(a.id(), onlyFirst, PageRequest.first(50)).records())
                .extracting(Event::workspaceId).containsOnly(workspaces.get(0).id()).hasSize(4);
        var theirWorkspace = new dev.openmeshes.core.store.Events.Filter(othersEvent.workspaceId(), null, null, null, null, null);
        assertThat(store.events().list(a.id(), theirWorkspace, PageRequest.first(50)).records()).isEmpty();
    }

    @Test
    void pruningRemovesOnlyFinishedEventsOlderThanTheCutoffWithTheirDeliveries() {
        UUID org = UUID.randomUUID();
        UUID workspace = UUID.randomUUID();
        Instant old = Instant.parse("2026-01-01T00:00:00Z");
        Instant recent = Instant.parse("2026-11-01T00:00:00Z");
        Event oldDone = event(org, workspace, old, DeliveryStatus.COMPLETED);
        Event oldWaiting = event(org, workspace, old, DeliveryStatus.PENDING);
        Event recentDone = event(org, workspace, recent, DeliveryStatus.COMPLETED);
        store.events().insertAll(List.of(oldDone, oldWaiting, recentDone), List.of(
                delivery(oldDone, DeliveryStatus.COMPLETED), delivery(oldWaiting, DeliveryStatus.PENDING)));

        int pruned = store.events().deleteFinishedBefore(Instant.parse("2026-06-01T00:00:00Z"), 1000);

        assertThat(pruned).isEqualTo(1);
        assertThat(store.events().find(org, oldDone.id())).isEmpty();
        assertThat(store.deliveries().forEvent(org, oldDone.id())).isEmpty();
        assertThat(store.events().find(org, oldWaiting.id())).isPresent();
        assertThat(store.deliveries().forEvent(org, oldWaiting.id())).hasSize(1);
        assertThat(store.events().find(org, recentDone.id())).isPresent();
    }

    @Test
    void aWorkspacesCatalogHoldsEachNameItsEventsCarriedOrItsRulesUseOnceFirstSeenFirst() {
        Organization a = organization();
        Workspace shop = workspace(a, "Shop", t0);
        store.events().insertAll(List.of(event(a.id(), shop.id(), t0.plusMillis(5), "user.signup", "contacts"),
                event(a.id(), shop.id(), t0.plusMillis(2), "user.signup", "contacts"),
                event(a.id(), shop.id(), t0.plusMillis(3), "order.created", null)), List.of());
        store.events().insertAll(List.of(event(a.id(), shop.id(), t0.plusMillis(6), "user.signup", "orders")), List.of());
        store.events().insertAll(List.of(event(a.id(), shop.id(), t0.plusMillis(9), "order.created", "orders")), List.of());
        var hook = new Connection(UUID.randomUUID(), a.id(), shop.id(), "webhook", "Hook", java.util.Map.of(), true, null,
                false, "key:test", t0, t0);
        store.connections().insert(hook);
        store.rules().insert(rule(hook, "invoice.paid", "invoices", t0.plusMillis(7)));
        store.rules().insert(rule(hook, "user.signup", null, t0.plusMillis(8)));
        Organization b = organization();
        Workspace theirs = workspace(b, "Theirs", t0);
        store.events().insertAll(List.of(event(b.id(), theirs.id(), t0, "their.secret", "secrets")), List.of());

        assertThat(store.catalog().list(a.id(), shop.id(), CatalogEntry.Kind.EVENT_TYPE))
                .extracting(CatalogEntry::name, CatalogEntry::firstSeenAt)
                .containsExactly(tuple("invoice.paid", t0.plusMillis(7)),
                        tuple("order.created", t0.plusMillis(3)),
                        tuple("user.signup", t0.plusMillis(2)));
        assertThat(store.catalog().list(a.id(), shop.id(), CatalogEntry.Kind.RESOURCE))
                .extracting(CatalogEntry::name, CatalogEntry::firstSeenAt)
                .containsExactly(tuple("contacts", t0.plusMillis(2)),
                        tuple("invoices", t0.plusMillis(7)),
                        tuple("orders", t0.plusMillis(6)));
        assertThat(store.catalog().list(b.id(), shop.id(), CatalogEntry.Kind.EVENT_TYPE))
                .as("another organization asking for this workspace").isEmpty();
        assertThat(store.catalog().list(a.id(), theirs.id(), CatalogEntry.Kind.EVENT_TYPE))
                .as("this organization asking for theirs").isEmpty();
        assertThat(store.catalog().list(b.id(), theirs.id(), CatalogEntry.Kind.RESOURCE))
                .extracting(CatalogEntry::name).containsExactly("secrets");
    }

    @Test
    void upgradingRecordsTheNamesOfEventsReceivedBefore() throws Exception {
        StoreConfig previous = TestDatabases.config(kind, dataDir.resolve("previous"));
        String url = migratedTo(previous, "8");
        UUID org = UUID.randomUUID(), workspace = UUID.randomUUID();
        try (var db = java.sql.DriverManager.getConnection(url); var sql = db.createStatement()) {
            String insert = "INSERT INTO events (id, organization_id, workspace_id, event, resource, payload, created_by, "
                    + "created_at, status, total_rules, completed_count, failed_count) "
                    + "VALUES ('%s', '" + org + "', '" + workspace + "', '%s', %s, '{}', 'key:k', %d, 'completed', 0, 0, 0)";
            sql.execute(insert.formatted(UUID.randomUUID(), "user.signup", "'contacts'", 3000));
            sql.execute(insert.formatted(UUID.randomUUID(), "user.signup", "'contacts'", 1000));
            sql.execute(insert.formatted(UUID.randomUUID(), "order.created", "NULL", 2000));
        }

        try (Store upgraded = Stores.open(previous)) {
            assertThat(upgraded.catalog().list(org, workspace, CatalogEntry.Kind.EVENT_TYPE))
                    .extracting(CatalogEntry::name, CatalogEntry::firstSeenAt)
                    .containsExactly(tuple("order.created", Instant.ofEpochMilli(2000)),
                            tuple("user.signup", Instant.ofEpochMilli(1000)));
            assertThat(upgraded.catalog().list(org, workspace, CatalogEntry.Kind.RESOURCE))
                    .extracting(CatalogEntry::name).containsExactly("contacts");
        }
    }

    private static Event event(UUID org, UUID workspace, Instant at, String name, String resource) {
        return new Event(Ids.timeOrdered(), org, workspace, name, resource, null, "{}", "key:test", at,
                DeliveryStatus.COMPLETED, 0, 0, 0, null, at);
    }

    private static Rule rule(Connection connection, String event, String resource, Instant at) {
        return new Rule(UUID.randomUUID(), connection.organizationId(), connection.workspaceId(), connection.id(), event,
                resource, null, java.util.Map.of("action", "send_webhook"), true, false, "key:test", at, at);
    }

    private static Event event(UUID org, UUID workspace, Instant at, DeliveryStatus status) {
        return new Event(Ids.timeOrdered(), org, workspace, "order.created", "global", null, "{}", "key:test", at,
                status, 1, status == DeliveryStatus.COMPLETED ? 1 : 0, 0, null, status.terminal() ? at : null);
    }

    private static Delivery delivery(Event event, DeliveryStatus status) {
        return new Delivery(Ids.timeOrdered(), event.organizationId(), event.workspaceId(), event.id(), UUID.randomUUID(),
                UUID.randomUUID(), "webhook", event.event(), event.resource(), null, status,
                status == DeliveryStatus.COMPLETED ? 1 : 0, 3, status == DeliveryStatus.PENDING ? event.createdAt() : null,
                null, null, status.terminal() ? event.createdAt() : null, event.createdBy(), event.createdAt());
    }

    @Test
    void upgradingKeepsEveryDeliveryAndAttemptUnderItsEventAndRule() throws Exception {
        StoreConfig previous = TestDatabases.config(kind, dataDir.resolve("previous"));
        String url = migratedTo(previous, "4");
        UUID org = UUID.randomUUID(), workspace = UUID.randomUUID(), event = UUID.randomUUID();
        UUID rule = UUID.randomUUID(), connection = UUID.randomUUID(), delivery = UUID.randomUUID();
        try (var db = java.sql.DriverManager.getConnection(url); var sql = db.createStatement()) {
            sql.execute("INSERT INTO events VALUES ('%s', '%s', '%s', 'order.created', 'order', 'o-1', '{}', 'key:k', 1000, 'failed', 1, 0, 1, 1000, 2000)"
                    .formatted(event, org, workspace));
            sql.execute(("INSERT INTO deliveries VALUES ('%s', '%s', '%s', '%s', '%s', '%s', 'webhook', 'order.created', 'order', 'o-1', "
                    + "'failed', 1, 1, NULL, NULL, NULL, 'HTTP 500', 1000, 2000, 'key:k', 1000)")
                    .formatted(delivery, org, workspace, event, rule, connection));
            sql.execute(("INSERT INTO attempts VALUES ('%s', '%s', '%s', '%s', '%s', 1, 'http_error', 500, 12, 'HTTP 500', 'oops', '{}', 1500)")
                    .formatted(UUID.randomUUID(), delivery, org, event, rule));
        }

        try (Store upgraded = Stores.open(previous)) {
            Delivery kept = upgraded.deliveries().find(org, event, rule).orElseThrow();
            assertThat(kept.id()).isEqualTo(delivery);
            assertThat(kept.workspaceId()).isEqualTo(workspace);
            assertThat(kept.connectionId()).isEqualTo(connection);
            assertThat(List.of(kept.event(), kept.resource(), kept.resourceId(), kept.lastError()))
                    .containsExactly("order.created", "order", "o-1", "HTTP 500");
            assertThat(kept.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(kept.createdAt()).isEqualTo(Instant.ofEpochMilli(1000));
            assertThat(upgraded.deliveries().attempts(org, event, rule)).singleElement()
                    .satisfies(a -> assertThat(a.deliveryId()).isEqualTo(delivery))
                    .satisfies(a -> assertThat(a.statusCode()).isEqualTo(500));
            assertThat(upgraded.deliveries().attempts(UUID.randomUUID(), event, rule)).isEmpty();
            assertThat(upgraded.deliveries().find(UUID.randomUUID(), event, rule)).isEmpty();
        }
    }

    @Test
    void leaseRenewalAndRecordingResultsRunTogetherWithoutDeadlock() throws Exception {
        UUID org = UUID.randomUUID();
        UUID workspace = UUID.randomUUID();
        List<Event> events = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Event e = event(org, workspace, t0, DeliveryStatus.PENDING);
            events.add(e);
            for (int fanOut = 0; fanOut < 5; fanOut++) {
                deliveries.add(delivery(e, DeliveryStatus.PENDING));
            }
        }
        store.events().insertAll(events, deliveries);
        Instant now = t0.plusSeconds(1);
        List<Delivery> claimed = store.deliveries().claim("node-a", now, now.plusSeconds(60), 1000);
        assertThat(claimed).hasSize(200);

        // The recorder finishes deliveries in whatever order attempts end; renewal meanwhile
        // touches every lease of the node. On PostgreSQL both lock rows, so the order matters.
        var renewing = java.util.concurrent.Executors.newSingleThreadExecutor();
        var renewals = renewing.submit(() -> {
            for (int i = 0; i < 100; i++) {
                store.deliveries().renew("node-a", now.plusSeconds(120));
            }
            return null;
        });
        List<Delivery> shuffled = new ArrayList<>(claimed);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        List<Boolean> recorded = new ArrayList<>();
        for (int from = 0; from < shuffled.size(); from += 20) {
            recorded.addAll(store.deliveries().record("node-a", shuffled.subList(from, from + 20).stream()
                    .map(d -> finished(d, now)).toList()));
        }
        renewals.get(60, java.util.concurrent.TimeUnit.SECONDS);
        renewing.shutdown();

        assertThat(recorded).hasSize(200).containsOnly(true);
        assertThat(events).allSatisfy(e ->
                assertThat(store.events().find(org, e.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.COMPLETED));
    }

    private static dev.openmeshes.core.store.Deliveries.Finished finished(Delivery d, Instant at) {
        var attempt = new dev.openmeshes.core.model.Attempt(Ids.timeOrdered(), d.id(), d.organizationId(), d.eventId(),
                d.ruleId(), 1, "success", 200, 5, null, "ok", java.util.Map.of(), at);
        var done = new Delivery(d.id(), d.organizationId(), d.workspaceId(), d.eventId(), d.ruleId(), d.connectionId(),
                d.integrationType(), d.event(), d.resource(), d.resourceId(), DeliveryStatus.COMPLETED, 1,
                d.maxAttempts(), null, null, at, at, d.createdBy(), d.createdAt());
        return new dev.openmeshes.core.store.Deliveries.Finished(attempt, done);
    }

    @Test
    void deliveriesWrittenLeasedBelongToTheirWorkerAlone() {
        UUID org = UUID.randomUUID();
        Event e = event(org, UUID.randomUUID(), t0, DeliveryStatus.PENDING);
        Delivery pending = delivery(e, DeliveryStatus.PENDING);
        Delivery d = delivery(e, DeliveryStatus.PENDING);
        Delivery leased = new Delivery(d.id(), org, d.workspaceId(), e.id(), d.ruleId(), d.connectionId(),
                d.integrationType(), e.event(), e.resource(), null, DeliveryStatus.PROCESSING, 0, 3, t0, null, t0, null,
                e.createdBy(), e.createdAt());
        store.events().insertAll(List.of(e), List.of(pending, leased),
                new dev.openmeshes.core.store.Deliveries.Lease("node-a", t0.plusSeconds(120)));

        assertThat(store.deliveries().claim("node-b", t0.plusSeconds(1), t0.plusSeconds(60), 10))
                .as("another node claims only the pending delivery, never the one leased at ingest")
                .extracting(Delivery::id).containsExactly(pending.id());
        assertThat(store.deliveries().record("node-a", List.of(finished(leased, t0.plusSeconds(1)))))
                .as("the lease holder records its attempt").containsExactly(true);
        assertThat(store.deliveries().find(org, e.id(), leased.ruleId()).orElseThrow().status())
                .isEqualTo(DeliveryStatus.COMPLETED);
    }

    @Test
    void activityCountsEventsAcceptedAndDeliveriesDeliveredOrFinallyFailedPerWorkspaceAndMinute() {
        UUID org = UUID.randomUUID();
        UUID workspace = UUID.randomUUID(), other = UUID.randomUUID();
        Instant minute = t0.plusSeconds(600);
        List<Event> events = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Event e = event(org, workspace, minute.plusSeconds(10L * i), DeliveryStatus.PENDING);
            events.add(e);
            deliveries.add(delivery(e, DeliveryStatus.PENDING));
        }
        Event elsewhere = event(org, other, minute, DeliveryStatus.PENDING);
        Event nextMinute = event(org, workspace, minute.plusSeconds(65), DeliveryStatus.PENDING);
        store.events().insertAll(List.of(events.get(0), events.get(1)), List.of(deliveries.get(0), deliveries.get(1)));
        store.events().insertAll(List.of(events.get(2), events.get(3), elsewhere, nextMinute),
                List.of(deliveries.get(2), deliveries.get(3)));

        var claimed = store.deliveries().claim("node-a", minute.plusSeconds(40), minute.plusSeconds(100), 10);
        assertThat(claimed).hasSize(4);
        Instant done = minute.plusSeconds(50);
        var delivered = finished(claimed.get(0), done);
        var alsoDelivered = finished(claimed.get(1), done);
        Delivery f = claimed.get(2);
        var finallyFailed = new Deliveries.Finished(finished(f, done).attempt(), new Delivery(f.id(), org, f.workspaceId(),
                f.eventId(), f.ruleId(), f.connectionId(), f.integrationType(), f.event(), f.resource(), null,
                DeliveryStatus.FAILED, 3, 3, null, "HTTP 410", done, done, f.createdBy(), f.createdAt()));
        Delivery r = claimed.get(3);
        var willRetry = new Deliveries.Finished(finished(r, done).attempt(), new Delivery(r.id(), org, r.workspaceId(),
                r.eventId(), r.ruleId(), r.connectionId(), r.integrationType(), r.event(), r.resource(), null,
                DeliveryStatus.PENDING, 1, 3, done.plusSeconds(30), "HTTP 503", done, null, r.createdBy(), r.createdAt()));
        store.deliveries().record("node-a", List.of(delivered, finallyFailed, willRetry));
        store.deliveries().record("node-b", List.of(alsoDelivered)); // a lease it does not hold: not recorded, not counted

        var counted = store.activity().perMinute(org, List.of(workspace), t0, t0.plusSeconds(3600));
        assertThat(counted).as("the workspace's minutes: four accepted and one delivered, one finally failed (the "
                + "retry is not yet either); then one accepted").containsExactly(
                new dev.openmeshes.core.store.Activity.Minute(minute, 4, 1, 1),
                new dev.openmeshes.core.store.Activity.Minute(minute.plusSeconds(60), 1, 0, 0));
        assertThat(store.activity().perMinute(org, List.of(workspace, other), minute, minute.plusSeconds(60)))
                .as("both workspaces, summed, within the window").containsExactly(
                        new dev.openmeshes.core.store.Activity.Minute(minute, 5, 1, 1));
        assertThat(store.activity().perMinute(UUID.randomUUID(), List.of(workspace, other), t0, t0.plusSeconds(3600)))
                .as("another organization naming our workspaces").isEmpty();
        assertThat(store.activity().deleteBefore(minute.plusSeconds(60)))
                .as("rows of the pruned minute: one per workspace, or per shard where writers add to several")
                .isGreaterThanOrEqualTo(2);
        assertThat(store.activity().perMinute(org, List.of(workspace, other), t0, t0.plusSeconds(3600)))
                .extracting(dev.openmeshes.core.store.Activity.Minute::start).containsExactly(minute.plusSeconds(60));
    }

    @Test
    void usageRolledUpOnceTwiceOrAfterALateCommitEqualsTheMinutesAndOutlivesThem() {
        UUID org = UUID.randomUUID(), other = UUID.randomUUID();
        UUID workspace = UUID.randomUUID(), second = UUID.randomUUID();
        java.time.LocalDate day1 = java.time.LocalDate.of(2026, 1, 1), day2 = day1.plusDays(1), day3 = day1.plusDays(2);
        Instant morning = t0.plusSeconds(3600);
        List<Event> firstDay = List.of(event(org, workspace, morning, DeliveryStatus.PENDING),
                event(org, second, morning.plusSeconds(7200), DeliveryStatus.PENDING),
                event(org, workspace, morning.plusSeconds(86_399 - 3600 - 1), DeliveryStatus.PENDING));
        store.events().insertAll(firstDay, firstDay.stream().map(e -> delivery(e, DeliveryStatus.PENDING)).toList());
        store.events().insertAll(List.of(event(other, UUID.randomUUID(), morning, DeliveryStatus.PENDING)), List.of());
        var claimed = store.deliveries().claim("node-a", morning.plusSeconds(10), morning.plusSeconds(100), 1);
        store.deliveries().record("node-a", List.of(finished(claimed.getFirst(), morning.plusSeconds(20))));
        store.events().insertAll(List.of(event(org, workspace, morning.plusSeconds(86_400), DeliveryStatus.PENDING)), List.of());

        var fromMinutes = store.usage().perDay(org, day1, day3);
        assertThat(fromMinutes).as("before any rollup, from the minutes").containsExactly(
                new dev.openmeshes.core.store.Usage.Day(day1, 3, 1, 0), new dev.openmeshes.core.store.Usage.Day(day2, 1, 0, 0));

        store.usage().rollUp(day1);
        store.usage().rollUp(day1);
        store.usage().rollUp(day2);
        assertThat(store.usage().perDay(org, day1, day3)).as("rolled up, the first day twice").isEqualTo(fromMinutes);
        assertThat(store.usage().lastRolledUp()).contains(day2);

        store.events().insertAll(List.of(event(org, workspace, morning.plusSeconds(86_400 + 60), DeliveryStatus.PENDING)),
                List.of()); // committed after its day was rolled up
        store.usage().rollUp(day2);
        assertThat(store.activity().deleteBefore(day3.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .as("the rolled-up days' minutes pruned").isPositive();

        assertThat(store.usage().perDay(org, day1, day3)).as("from the rolled-up days alone, the late event included")
                .containsExactly(new dev.openmeshes.core.store.Usage.Day(day1, 3, 1, 0),
                        new dev.openmeshes.core.store.Usage.Day(day2, 2, 0, 0));
        assertThat(store.usage().perDay(other, day1, day3)).as("the other organization's own")
                .containsExactly(new dev.openmeshes.core.store.Usage.Day(day1, 1, 0, 0));
        assertThat(store.usage().acceptedSince(org, day2)).isEqualTo(2);
        assertThat(store.usage().firstDayOfMinutes()).isEmpty();
        assertThat(store.usage().deleteBefore(day2)).as("rolled-up rows of the first day, one per organization").isEqualTo(2);
        assertThat(store.usage().perDay(org, day1, day3)).extracting(dev.openmeshes.core.store.Usage.Day::day)
                .containsExactly(day2);
    }

    @Test
    void anOrganizationsLimitsAreKeptAndCleared() {
        Organization org = organization();
        Organization limited = org.limitedTo(new Organization.Limits(1_000_000L, 50), t0.plusSeconds(1));
        store.organizations().update(limited);
        assertThat(store.organizations().find(org.id())).contains(limited);

        store.organizations().update(limited.limitedTo(Organization.Limits.NONE, t0.plusSeconds(2)));
        assertThat(store.organizations().find(org.id()).orElseThrow().limits()).isEqualTo(Organization.Limits.NONE);
    }

    @Test
    void aCanceledDeliveryIsNeverClaimedAndOnlyItsOwnOrganizationCancelsIt() {
        UUID org = UUID.randomUUID();
        Event e = event(org, UUID.randomUUID(), t0, DeliveryStatus.PENDING);
        Delivery canceled = delivery(e, DeliveryStatus.PENDING);
        store.events().insertAll(List.of(e), List.of(canceled));
        var deliveries = store.deliveries();

        assertThat(deliveries.cancel(UUID.randomUUID(), e.id(), canceled.ruleId(), t0))
                .as("another organization's cancel").isEmpty();
        assertThat(deliveries.cancel(org, e.id(), canceled.ruleId(), t0)).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.CANCELED))
                .satisfies(d -> assertThat(d.nextAttemptAt()).isNull());
        assertThat(deliveries.cancel(org, e.id(), canceled.ruleId(), t0)).as("a finished delivery is left alone").isEmpty();
        assertThat(store.events().find(org, e.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.CANCELED);

        Event later = event(org, UUID.randomUUID(), t0, DeliveryStatus.PENDING);
        Delivery leased = delivery(later, DeliveryStatus.PENDING);
        store.events().insertAll(List.of(later), List.of(leased));
        assertThat(deliveries.claim("node-a", t0, t0.plusSeconds(60), 10)).extracting(Delivery::id)
                .containsExactly(leased.id());
        assertThat(deliveries.cancel(org, later.id(), null, t0)).extracting(Delivery::status)
                .containsExactly(DeliveryStatus.CANCELED);

        Instant muchLater = t0.plusSeconds(3600);
        assertThat(deliveries.claim("node-b", muchLater, muchLater.plusSeconds(60), 10))
                .as("neither the canceled pending delivery nor the canceled one whose lease ran out").isEmpty();
        assertThat(deliveries.nextDueAt()).isEmpty();
        assertThat(deliveries.countUnfinished()).isZero();
    }

    @Test
    void anAttemptInFlightWhenCanceledIsRecordedButItsRetryStaysCanceled() {
        UUID org = UUID.randomUUID();
        Event e = event(org, UUID.randomUUID(), t0, DeliveryStatus.PENDING);
        Delivery willRetry = delivery(e, DeliveryStatus.PENDING);
        Delivery willSucceed = delivery(e, DeliveryStatus.PENDING);
        store.events().insertAll(List.of(e), List.of(willRetry, willSucceed));
        var deliveries = store.deliveries();
        List<Delivery> claimed = deliveries.claim("node-a", t0, t0.plusSeconds(60), 10);
        assertThat(deliveries.cancel(org, e.id(), null, t0.plusMillis(10))).hasSize(2);
        Delivery retrying = claimed.stream().filter(d -> d.id().equals(willRetry.id())).findFirst().orElseThrow();
        assertThat(deliveries.retryNow(retrying, t0.plusMillis(20)))
                .as("a manual retry while the canceled delivery's attempt is in flight").isEmpty();

        Instant done = t0.plusSeconds(1);
        var failedForNow = finished(retrying, done);
        var retry = new dev.openmeshes.core.store.Deliveries.Finished(failedForNow.attempt(), new Delivery(
                retrying.id(), org, retrying.workspaceId(), e.id(), retrying.ruleId(), retrying.connectionId(),
                retrying.integrationType(), e.event(), e.resource(), null, DeliveryStatus.PENDING, 1, 3,
                done.plusSeconds(10), "HTTP 503", retrying.startedAt(), null, e.createdBy(), e.createdAt()));
        Delivery succeeding = claimed.stream().filter(d -> d.id().equals(willSucceed.id())).findFirst().orElseThrow();
        assertThat(deliveries.record("node-a", List.of(retry, finished(succeeding, done))))
                .as("both attempts are recorded").containsExactly(true, true);

        Delivery stopped = deliveries.find(org, e.id(), willRetry.ruleId()).orElseThrow();
        assertThat(stopped.status()).as("the retry it would have scheduled").isEqualTo(DeliveryStatus.CANCELED);
        assertThat(stopped.attemptCount()).isEqualTo(1);
        assertThat(stopped.nextAttemptAt()).isNull();
        assertThat(stopped.completedAt()).isEqualTo(t0.plusMillis(10));
        assertThat(deliveries.attempts(org, e.id(), willRetry.ruleId())).hasSize(1);
        assertThat(deliveries.find(org, e.id(), willSucceed.ruleId()).orElseThrow().status())
                .as("an attempt that delivered is what happened").isEqualTo(DeliveryStatus.COMPLETED);
        assertThat(store.events().find(org, e.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.CANCELED);
        assertThat(deliveries.claim("node-b", done.plusSeconds(60), done.plusSeconds(120), 10)).isEmpty();

        assertThat(deliveries.retryNow(stopped, done.plusSeconds(2))).as("retried by hand once its attempt is recorded")
                .hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING));
        assertThat(deliveries.claim("node-b", done.plusSeconds(3), done.plusSeconds(60), 10)).extracting(Delivery::id)
                .containsExactly(willRetry.id());
    }

    @Test
    void aDeadNodesLeasesAreHandedBackWithinSeconds() {
        UUID org = UUID.randomUUID();
        Event e = event(org, UUID.randomUUID(), t0, DeliveryStatus.PENDING);
        List<Delivery> deliveries = List.of(delivery(e, DeliveryStatus.PENDING), delivery(e, DeliveryStatus.PENDING));
        store.events().insertAll(List.of(e), deliveries);
        var leases = store.deliveries();
        leases.heartbeat("dead", t0);
        leases.heartbeat("alive", t0);
        assertThat(leases.claim("dead", t0, t0.plusSeconds(120), 1)).hasSize(1);
        assertThat(leases.claim("alive", t0, t0.plusSeconds(120), 1)).hasSize(1);
        Instant later = t0.plusSeconds(12);
        leases.heartbeat("alive", later);
        leases.heartbeat("self", later);

        int released = leases.releaseAbandoned("self", later.minusSeconds(10), later);

        if (kind == TestDatabases.Kind.POSTGRESQL) {
            assertThat(released).as("only the node silent for 10 s loses its lease; a live node keeps its own").isEqualTo(1);
            assertThat(leases.claim("self", later, later.plusSeconds(120), 10)).as("the dead node's delivery is due again")
                    .hasSize(1);
        } else {
            assertThat(released).as("the embedded store serves one process: every other owner's lease was a crash's")
                    .isEqualTo(2);
            assertThat(leases.claim("self", later, later.plusSeconds(120), 10)).hasSize(2);
        }
        assertThat(leases.renew("dead", later.plusSeconds(120))).as("the dead node holds nothing any more").isZero();
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        var org = new Organization(UUID.randomUUID(), "Rolled back", t0, t0);
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.organizations().insert(org);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.organizations().find(org.id())).isEqualTo(Optional.empty());
    }

    // --- connection tokens -------------------------------------------------------------------

    @Test
    void aConnectionsTokensAreSavedFoundAndReplacedTheirVersionGrowingByOne() {
        Connection hubspot = connection(organization());
        var tokens = store.connectionTokens();
        assertThat(tokens.find(hubspot.organizationId(), hubspot.id())).as("before any save").isEmpty();

        tokens.save(tokens(hubspot, "v1.access-1", "v1.refresh-1", t0.plusSeconds(3600), t0));
        assertThat(tokens.find(hubspot.organizationId(), hubspot.id())).contains(new ConnectionTokens.Tokens(
                hubspot.id(), hubspot.organizationId(), "v1.access-1", "v1.refresh-1", t0.plusSeconds(3600),
                "{\"instance_url\":\"https://eu1.example.com\"}", 1, null, null, t0));

        tokens.save(tokens(hubspot, "v1.access-2", null, null, t0.plusSeconds(60)));
        ConnectionTokens.Tokens replaced = tokens.find(hubspot.organizationId(), hubspot.id()).orElseThrow();
        assertThat(replaced.version()).as("the second save's version").isEqualTo(2);
        assertThat(replaced.sealedAccessToken()).isEqualTo("v1.access-2");
        assertThat(replaced.sealedRefreshToken()).as("a vendor that gives no refresh token").isNull();
        assertThat(replaced.expiresAt()).as("a token that does not expire").isNull();
        assertThat(replaced.updatedAt()).isEqualTo(t0.plusSeconds(60));

        tokens.delete(hubspot.organizationId(), hubspot.id());
        assertThat(tokens.find(hubspot.organizationId(), hubspot.id())).as("after delete").isEmpty();
    }

    @Test
    void oneOwnerAtATimeHoldsTheRefreshClaimUntilItLapsesOrIsReleased() {
        Connection c = connection(organization());
        UUID org = c.organizationId();
        var tokens = store.connectionTokens();
        assertThat(tokens.claimRefresh(org, c.id(), "node-a", t0, t0.plusSeconds(30)))
                .as("a claim on a connection without tokens").isFalse();
        tokens.save(tokens(c, "v1.access", "v1.refresh", t0, t0));

        assertThat(tokens.claimRefresh(org, c.id(), "node-a", t0, t0.plusSeconds(30))).as("node-a's first claim").isTrue();
        assertThat(tokens.claimRefresh(org, c.id(), "node-b", t0.plusSeconds(10), t0.plusSeconds(40)))
                .as("node-b while node-a's claim runs").isFalse();
        assertThat(tokens.claimRefresh(org, c.id(), "node-a", t0.plusSeconds(10), t0.plusSeconds(40)))
                .as("node-a extending its own claim").isTrue();
        assertThat(tokens.find(org, c.id()).orElseThrow())
                .extracting(ConnectionTokens.Tokens::refreshOwner, ConnectionTokens.Tokens::refreshUntil)
                .containsExactly("node-a", t0.plusSeconds(40));

        assertThat(tokens.claimRefresh(org, c.id(), "node-b", t0.plusSeconds(41), t0.plusSeconds(70)))
                .as("node-b once node-a's claim lapsed (node-a died mid-refresh)").isTrue();
        tokens.releaseClaim(org, c.id(), "node-a");
        assertThat(tokens.claimRefresh(org, c.id(), "node-a", t0.plusSeconds(42), t0.plusSeconds(70)))
                .as("node-a releasing a claim it no longer holds leaves node-b's alone").isFalse();

        tokens.releaseClaim(org, c.id(), "node-b");
        assertThat(tokens.find(org, c.id()).orElseThrow().refreshOwner()).as("after node-b's release").isNull();
        assertThat(tokens.claimRefresh(org, c.id(), "node-a", t0.plusSeconds(43), t0.plusSeconds(70)))
                .as("node-a after node-b released its failed refresh").isTrue();

        tokens.save(tokens(c, "v1.access-new", "v1.refresh-new", t0.plusSeconds(3600), t0.plusSeconds(44)));
        ConnectionTokens.Tokens refreshed = tokens.find(org, c.id()).orElseThrow();
        assertThat(refreshed.refreshOwner()).as("the refreshed tokens' save drops the claim").isNull();
        assertThat(refreshed.refreshUntil()).isNull();
        assertThat(tokens.claimRefresh(org, c.id(), "node-b", t0.plusSeconds(45), t0.plusSeconds(75)))
                .as("another node right after the save").isTrue();
    }

    @Test
    void ofManyNodesClaimingARefreshAtOnceExactlyOneWins() throws Exception {
        Connection c = connection(organization());
        store.connectionTokens().save(tokens(c, "v1.access", "v1.refresh", t0, t0));
        int nodes = 8;
        var start = new java.util.concurrent.CyclicBarrier(nodes);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
        try {
            List<java.util.concurrent.Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                String owner = "node-" + i;
                claims.add(pool.submit(() -> {
                    start.await();
                    return store.connectionTokens().claimRefresh(c.organizationId(), c.id(), owner, t0, t0.plusSeconds(30));
                }));
            }
            List<Boolean> won = new ArrayList<>();
            for (var claim : claims) {
                won.add(claim.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(won).as("claims of %d concurrent nodes", nodes).containsOnlyOnce(true);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- mappings ------------------------------------------------------------------------------

    @Test
    void aDefaultMappingIsSavedOnlyOverTheVersionItsWriterSaw() {
        Connection c = connection(organization());
        var mappings = store.mappings();
        UUID mappingId = UUID.randomUUID();
        assertThat(mappings.findDefault(c.organizationId(), c.id())).as("before any save").isEmpty();

        var first = mapping(c, mappingId, 1, "{\"fields\":[]}");
        assertThat(mappings.saveDefault(first, 0)).as("the first version over none").contains(first);
        assertThat(mappings.saveDefault(mapping(c, mappingId, 1, "{\"fields\":[1]}"), 0))
                .as("a second first version: someone saved meanwhile").isEmpty();
        var second = mapping(c, mappingId, 2, "{\"fields\":[2]}");
        assertThat(mappings.saveDefault(second, 1)).contains(second);
        assertThat(mappings.saveDefault(mapping(c, mappingId, 2, "{}"), 1)).as("a stale version 1 writer").isEmpty();
        assertThat(mappings.findDefault(c.organizationId(), c.id())).as("the newest version").contains(second);

        assertThatThrownBy(() -> mappings.saveDefault(mapping(c, mappingId, 5, "{}"), 2))
                .as("a next version that is not the expected one plus one").isInstanceOf(Problem.class)
                .extracting(p -> ((Problem) p).kind()).isEqualTo(Problem.Kind.BAD_REQUEST);
        assertThatThrownBy(() -> mappings.saveDefault(mapping(c, mappingId, 0, "{}"), -1))
                .as("a negative expected version").isInstanceOf(Problem.class);
        assertThat(mappings.findDefault(c.organizationId(), c.id())).as("after the refused saves").contains(second);

        mappings.deleteForConnection(c.organizationId(), c.id());
        assertThat(mappings.findDefault(c.organizationId(), c.id())).as("after deleteForConnection").isEmpty();
        assertThat(mappings.saveDefault(first, 0)).as("a new first version once every version is gone").contains(first);
    }

    @Test
    void ofTwoConcurrentSavesOverTheSameVersionExactlyOneWins() throws Exception {
        Connection c = connection(organization());
        UUID mappingId = UUID.randomUUID();
        store.mappings().saveDefault(mapping(c, mappingId, 1, "{}"), 0);
        for (int round = 0; round < 10; round++) {
            int expected = round + 1;
            var start = new java.util.concurrent.CyclicBarrier(2);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var left = mapping(c, mappingId, expected + 1, "{\"by\":\"left\"}");
                var right = mapping(c, mappingId, expected + 1, "{\"by\":\"right\"}");
                var leftSave = pool.submit(() -> { start.await(); return store.mappings().saveDefault(left, expected); });
                var rightSave = pool.submit(() -> { start.await(); return store.mappings().saveDefault(right, expected); });
                var saved = List.of(leftSave.get(30, java.util.concurrent.TimeUnit.SECONDS),
                        rightSave.get(30, java.util.concurrent.TimeUnit.SECONDS));
                assertThat(saved).as("round %d: two saves over version %d", round, expected)
                        .filteredOn(Optional::isPresent).hasSize(1);
                var winner = saved.stream().flatMap(Optional::stream).findFirst().orElseThrow();
                assertThat(store.mappings().findDefault(c.organizationId(), c.id())).as("round %d: the stored default", round)
                        .contains(winner);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // --- field catalogs ------------------------------------------------------------------------

    @Test
    void aFieldCatalogIsReplacedKeepingItsFirstIdAndCreationTime() {
        Connection c = connection(organization());
        var catalogs = store.fieldCatalogs();
        assertThat(catalogs.find(c.organizationId(), c.id())).as("before any load").isEmpty();
        var first = catalog(c, UUID.randomUUID(), "[{\"key\":\"email\",\"type\":\"string\"}]", "v1", t0);
        catalogs.save(first);
        assertThat(catalogs.find(c.organizationId(), c.id())).contains(first);

        Instant later = t0.plusSeconds(600);
        var refreshed = catalog(c, UUID.randomUUID(), "[{\"key\":\"phone\",\"type\":\"string\"}]", "v2", later);
        catalogs.save(refreshed);
        var stored = catalogs.find(c.organizationId(), c.id()).orElseThrow();
        assertThat(stored.id()).as("the id").isEqualTo(first.id());
        assertThat(stored.createdAt()).as("the creation time").isEqualTo(t0);
        assertThat(List.of(stored.fieldsJson(), stored.catalogVersion()))
                .containsExactly(refreshed.fieldsJson(), "v2");
        assertThat(List.of(stored.refreshedAt(), stored.updatedAt())).containsExactly(later, later);

        catalogs.deleteForConnection(c.organizationId(), c.id());
        assertThat(catalogs.find(c.organizationId(), c.id())).as("after deleteForConnection").isEmpty();
    }

    // --- a connection's data, its deletion and its tenancy ---------------------------------------

    @Test
    void deletingAConnectionDeletesItsTokensMappingsAndFieldCatalogInOneTransaction() {
        Connection c = connection(organization());
        Connection neighbour = connection(organization());
        for (Connection each : List.of(c, neighbour)) {
            store.connectionTokens().save(tokens(each, "v1.access", "v1.refresh", t0, t0));
            store.mappings().saveDefault(mapping(each, UUID.randomUUID(), 1, "{}"), 0);
            store.fieldCatalogs().save(catalog(each, UUID.randomUUID(), "[]", "v1", t0));
        }

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.connections().delete(c.organizationId(), c.id());
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.connections().find(c.organizationId(), c.id())).as("a delete rolled back").isPresent();
        assertThat(store.connectionTokens().find(c.organizationId(), c.id())).as("tokens of a delete rolled back").isPresent();
        assertThat(store.mappings().findDefault(c.organizationId(), c.id())).isPresent();
        assertThat(store.fieldCatalogs().find(c.organizationId(), c.id())).isPresent();

        assertThat(store.connections().delete(c.organizationId(), c.id())).isTrue();
        assertThat(store.connections().find(c.organizationId(), c.id())).isEmpty();
        assertThat(store.connectionTokens().find(c.organizationId(), c.id())).as("the deleted connection's tokens").isEmpty();
        assertThat(store.mappings().findDefault(c.organizationId(), c.id())).as("its mapping").isEmpty();
        assertThat(store.fieldCatalogs().find(c.organizationId(), c.id())).as("its field catalog").isEmpty();
        assertThat(store.connectionTokens().find(neighbour.organizationId(), neighbour.id())).as("another connection's").isPresent();
        assertThat(store.mappings().findDefault(neighbour.organizationId(), neighbour.id())).isPresent();
        assertThat(store.fieldCatalogs().find(neighbour.organizationId(), neighbour.id())).isPresent();
    }

    @Test
    void anotherOrganizationFindsNothingOfAConnectionAndChangesNothing() {
        Connection c = connection(organization());
        UUID org = c.organizationId();
        UUID intruder = organization().id();
        var mappingId = UUID.randomUUID();
        store.connectionTokens().save(tokens(c, "v1.access", "v1.refresh", t0, t0));
        var mapping = mapping(c, mappingId, 1, "{}");
        store.mappings().saveDefault(mapping, 0);
        var catalog = catalog(c, UUID.randomUUID(), "[]", "v1", t0);
        store.fieldCatalogs().save(catalog);
        var before = store.connectionTokens().find(org, c.id()).orElseThrow();

        assertThat(store.connectionTokens().find(intruder, c.id())).as("their tokens").isEmpty();
        assertThat(store.mappings().findDefault(intruder, c.id())).as("their mapping").isEmpty();
        assertThat(store.fieldCatalogs().find(intruder, c.id())).as("their catalog").isEmpty();

        store.connectionTokens().save(new ConnectionTokens.Tokens(c.id(), intruder, "v1.stolen", "v1.stolen", null, "{}",
                0, null, null, t0.plusSeconds(1)));
        assertThat(store.connectionTokens().claimRefresh(intruder, c.id(), "intruder", t0, t0.plusSeconds(30)))
                .as("a claim in their name").isFalse();
        store.connectionTokens().claimRefresh(org, c.id(), "node-a", t0, t0.plusSeconds(30));
        store.connectionTokens().releaseClaim(intruder, c.id(), "node-a");
        store.connectionTokens().delete(intruder, c.id());
        var forgedMapping = new Mappings.StoredMapping(UUID.randomUUID(), mappingId, intruder, c.workspaceId(), c.id(),
                "hubspot", "Stolen", 2, "{\"stolen\":true}", null, "key:intruder", t0, t0);
        assertThat(store.mappings().saveDefault(forgedMapping, 1)).as("a mapping saved in their name").isEmpty();
        store.mappings().deleteForConnection(intruder, c.id());
        store.fieldCatalogs().save(new FieldCatalogs.StoredCatalog(UUID.randomUUID(), intruder, c.workspaceId(), c.id(),
                "hubspot", "v9", "[\"stolen\"]", "key:intruder", t0, t0, t0));
        store.fieldCatalogs().deleteForConnection(intruder, c.id());
        assertThat(store.connections().delete(intruder, c.id())).as("deleting their connection").isFalse();

        assertThat(store.connectionTokens().find(org, c.id()).orElseThrow())
                .as("the owner's tokens after the intruder's calls")
                .isEqualTo(new ConnectionTokens.Tokens(before.connectionId(), org, before.sealedAccessToken(),
                        before.sealedRefreshToken(), before.expiresAt(), before.extraJson(), before.version(), "node-a",
                        t0.plusSeconds(30), before.updatedAt()));
        assertThat(store.connectionTokens().find(intruder, c.id())).as("no row of the intruder's").isEmpty();
        assertThat(store.mappings().findDefault(org, c.id())).as("the owner's mapping").contains(mapping);
        assertThat(store.fieldCatalogs().find(org, c.id())).as("the owner's catalog").contains(catalog);
        assertThat(store.fieldCatalogs().find(intruder, c.id())).isEmpty();
    }

    // --- held deliveries -----------------------------------------------------------------------

    @Test
    void aConnectionsHeldDeliveriesWaitUnclaimedUntilResumed() {
        Organization org = organization();
        Connection refused = connection(org);
        Connection fine = connection(org);
        Event e = event(org.id(), refused.workspaceId(), t0, DeliveryStatus.PENDING);
        Delivery first = deliveryThrough(e, refused), second = deliveryThrough(e, refused), other = deliveryThrough(e, fine);
        store.events().insertAll(List.of(e), List.of(first, second, other));
        var deliveries = store.deliveries();

        assertThat(deliveries.hold(organization().id(), refused.id())).as("another organization's hold").isZero();
        assertThat(deliveries.hold(org.id(), refused.id())).as("the refused connection's pending deliveries").isEqualTo(2);
        assertThat(deliveries.find(org.id(), e.id(), first.ruleId()).orElseThrow().nextAttemptAt()).isEqualTo(Deliveries.HELD);
        assertThat(deliveries.hold(org.id(), refused.id())).as("holding them again").isZero();

        Instant muchLater = t0.plus(java.time.Duration.ofDays(365));
        assertThat(deliveries.claim("node-a", muchLater, muchLater.plusSeconds(60), 10)).as("claimed a year later")
                .extracting(Delivery::id).containsExactly(other.id());
        deliveries.record("node-a", List.of(finished(deliveries.find(org.id(), e.id(), other.ruleId()).orElseThrow(), muchLater)));
        assertThat(deliveries.nextDueAt()).as("the next due time, with only held deliveries pending").isEmpty();
        assertThat(deliveries.countUnfinished()).as("held deliveries are still unfinished").isEqualTo(2);

        assertThat(deliveries.resume(organization().id(), refused.id(), muchLater)).as("another organization's resume").isZero();
        assertThat(deliveries.resume(org.id(), fine.id(), muchLater)).as("a connection with nothing held").isZero();
        assertThat(deliveries.resume(org.id(), refused.id(), muchLater)).as("the fixed connection's").isEqualTo(2);
        assertThat(deliveries.nextDueAt()).contains(muchLater);
        assertThat(deliveries.claim("node-a", muchLater, muchLater.plusSeconds(60), 10)).extracting(Delivery::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(deliveries.hold(org.id(), refused.id())).as("leased deliveries are not pending: nothing to hold").isZero();
    }

    @Test
    void aDeliveryIsRecordedWithoutAnAttemptWhenPutBackOnHold() {
        Organization org = organization();
        Connection refused = connection(org);
        Event e = event(org.id(), refused.workspaceId(), t0, DeliveryStatus.PENDING);
        Delivery d = deliveryThrough(e, refused);
        store.events().insertAll(List.of(e), List.of(d));
        var deliveries = store.deliveries();
        Delivery leased = deliveries.claim("node-a", t0, t0.plusSeconds(60), 1).getFirst();

        var held = new Deliveries.Finished(null, new Delivery(leased.id(), org.id(), leased.workspaceId(), e.id(),
                leased.ruleId(), leased.connectionId(), leased.integrationType(), e.event(), e.resource(), null,
                DeliveryStatus.PENDING, leased.attemptCount(), leased.maxAttempts(), Deliveries.HELD, "credentials refused",
                leased.startedAt(), null, e.createdBy(), e.createdAt()));
        assertThat(deliveries.record("node-b", List.of(held))).as("without the lease").containsExactly(false);
        assertThat(deliveries.record("node-a", List.of(held))).as("by the lease holder").containsExactly(true);

        Delivery stored = deliveries.find(org.id(), e.id(), d.ruleId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(stored.nextAttemptAt()).isEqualTo(Deliveries.HELD);
        assertThat(stored.attemptCount()).as("no attempt was made").isZero();
        assertThat(deliveries.attempts(org.id(), e.id(), d.ruleId())).as("attempt rows").isEmpty();
        assertThat(store.events().find(org.id(), e.id()).orElseThrow().status())
                .as("the event, its delivery started before the hold").isEqualTo(DeliveryStatus.PROCESSING);
        assertThat(deliveries.claim("node-a", t0.plusSeconds(1), t0.plusSeconds(60), 10)).as("claimed while held").isEmpty();

        assertThat(deliveries.resume(org.id(), refused.id(), t0.plusSeconds(2))).isEqualTo(1);
        assertThat(deliveries.claim("node-a", t0.plusSeconds(2), t0.plusSeconds(60), 10)).extracting(Delivery::id)
                .containsExactly(d.id());
    }

    @Test
    void embedSessionsRoundTripAndListByWorkspaceWithTheirFiltersPageByPage() {
        Organization org = organization();
        Workspace w = workspace(org, "Embeds", t0);
        Workspace other = workspace(org, "Other embeds", t0);
        EmbedSession whole = embedSession(org, w, "workspace", null, null, t0);
        EmbedSession order = embedSession(org, w, "resource", "order", "o-1", t0.plusMillis(1));
        EmbedSession order2 = embedSession(org, w, "resource", "order", "o-2", t0.plusMillis(2));
        embedSession(org, other, "workspace", null, null, t0.plusMillis(3));
        store.embedSessions().revoke(org.id(), order2.id(), t0.plusSeconds(1));

        assertThat(store.embedSessions().find(org.id(), order.id())).contains(order);
        assertThat(store.embedSessions().findById(order.id())).contains(order);
        assertThat(store.embedSessions().find(UUID.randomUUID(), order.id())).as("from another organization").isEmpty();

        var firstPage = store.embedSessions().list(org.id(), new EmbedSessions.Filter(w.id(), null, null, null),
                PageRequest.first(2));
        assertThat(firstPage.records()).extracting(EmbedSession::id).containsExactly(whole.id(), order.id());
        var secondPage = store.embedSessions().list(org.id(), new EmbedSessions.Filter(w.id(), null, null, null),
                new PageRequest(2, dev.openmeshes.core.model.Cursor.decode(firstPage.nextCursor())));
        assertThat(secondPage.records()).extracting(EmbedSession::id).containsExactly(order2.id());
        assertThat(secondPage.nextCursor()).isNull();
        assertThat(store.embedSessions().list(org.id(), new EmbedSessions.Filter(w.id(), EmbedSession.Status.REVOKED,
                null, null), PageRequest.first(10)).records()).extracting(EmbedSession::id).containsExactly(order2.id());
        assertThat(store.embedSessions().list(org.id(), new EmbedSessions.Filter(w.id(), EmbedSession.Status.ACTIVE,
                "order", null), PageRequest.first(10)).records()).extracting(EmbedSession::id).containsExactly(order.id());
        assertThat(store.embedSessions().list(org.id(), new EmbedSessions.Filter(w.id(), null, "order", "o-2"),
                PageRequest.first(10)).records()).extracting(EmbedSession::id).containsExactly(order2.id());
    }

    @Test
    void anEmbedSessionsAccessTokenIsReplacedOnlyWhileItIsActiveAndUnexpired() {
        Organization org = organization();
        Workspace w = workspace(org, "Refreshes", t0);
        EmbedSession s = embedSession(org, w, "workspace", null, null, t0);

        EmbedSession refreshed = store.embedSessions().replaceAccessToken(org.id(), s.id(), "hash-2",
                t0.plusSeconds(2000), t0.plusSeconds(10)).orElseThrow();
        assertThat(refreshed.accessTokenHash()).isEqualTo("hash-2");
        assertThat(refreshed.tokenVersion()).as("token version").isEqualTo(s.tokenVersion() + 1);
        assertThat(refreshed.expiresAt()).isEqualTo(t0.plusSeconds(2000));
        assertThat(store.embedSessions().replaceAccessToken(UUID.randomUUID(), s.id(), "hash-x", t0.plusSeconds(3000),
                t0.plusSeconds(11))).as("from another organization").isEmpty();
        assertThat(store.embedSessions().replaceAccessToken(org.id(), s.id(), "hash-3", t0.plusSeconds(5000),
                t0.plusSeconds(2000))).as("once expired").isEmpty();

        assertThat(store.embedSessions().revoke(UUID.randomUUID(), s.id(), t0.plusSeconds(12))).as("by another organization")
                .isFalse();
        assertThat(store.embedSessions().revoke(org.id(), s.id(), t0.plusSeconds(12))).isTrue();
        assertThat(store.embedSessions().revoke(org.id(), s.id(), t0.plusSeconds(13))).as("revoked twice").isFalse();
        EmbedSession revoked = store.embedSessions().find(org.id(), s.id()).orElseThrow();
        assertThat(revoked.status()).isEqualTo(EmbedSession.Status.REVOKED);
        assertThat(revoked.revokedAt()).isEqualTo(t0.plusSeconds(12));
        assertThat(store.embedSessions().replaceAccessToken(org.id(), s.id(), "hash-4", t0.plusSeconds(3000),
                t0.plusSeconds(14))).as("once revoked").isEmpty();
    }

    @Test
    void aLaunchTokenOpensItsSessionOnceBeforeItExpiresEvenWhenManyRace() throws Exception {
        Organization org = organization();
        Workspace w = workspace(org, "Launches", t0);
        EmbedSession s = embedSession(org, w, "workspace", null, null, t0);
        EmbedSession late = embedSession(org, w, "workspace", null, null, t0.plusMillis(1));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var tries = new ArrayList<java.util.concurrent.Future<Optional<EmbedSession>>>();
            for (int i = 0; i < 8; i++) {
                tries.add(pool.submit(() -> store.embedSessions().consumeLaunch(s.launchTokenHash(), t0.plusSeconds(5))));
            }
            int opened = 0;
            for (var attempt : tries) {
                opened += attempt.get().isPresent() ? 1 : 0;
            }
            assertThat(opened).as("launches of one token among 8 racing requests").isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(store.embedSessions().find(org.id(), s.id()).orElseThrow().launchedAt()).isEqualTo(t0.plusSeconds(5));
        assertThat(store.embedSessions().consumeLaunch(late.launchTokenHash(), late.launchExpiresAt()))
                .as("at its launch expiry").isEmpty();
        assertThat(store.embedSessions().consumeLaunch("no-such-hash", t0)).isEmpty();
    }

    private EmbedSession embedSession(Organization org, Workspace w, String type, String resource, String resourceId,
                                      Instant at) {
        var s = new EmbedSession(UUID.randomUUID(), org.id(), w.id(), EmbedSession.Role.MEMBER,
                EmbedSession.parse(EmbedSession.SessionType.class, type), resource, resourceId, "user-42",
                Set.of(EmbedSession.PAYLOAD_SCOPE), List.of("https://app.example.com", "http://localhost:3000"),
                EmbedSession.LaunchPage.DASHBOARD, EmbedSession.Status.ACTIVE, 1800, "hash-" + UUID.randomUUID(), 1,
                "launch-" + UUID.randomUUID(), at.plusSeconds(30), null, "mk_test", at, at.plusSeconds(1800), null);
        store.embedSessions().insert(s);
        return s;
    }

    private Connection connection(Organization org) {
        Workspace w = workspace(org, "Workspace " + UUID.randomUUID(), t0);
        var c = new Connection(UUID.randomUUID(), org.id(), w.id(), "hubspot", "CRM", java.util.Map.of(), true, null,
                false, "key:test", t0, t0);
        store.connections().insert(c);
        return c;
    }

    private static ConnectionTokens.Tokens tokens(Connection c, String access, String refresh, Instant expiresAt, Instant at) {
        return new ConnectionTokens.Tokens(c.id(), c.organizationId(), access, refresh, expiresAt,
                "{\"instance_url\":\"https://eu1.example.com\"}", 0, null, null, at);
    }

    private Mappings.StoredMapping mapping(Connection c, UUID mappingId, int version, String schema) {
        return new Mappings.StoredMapping(UUID.randomUUID(), mappingId, c.organizationId(), c.workspaceId(), c.id(),
                c.type(), "Default", version, schema, "v1", "key:test", t0, t0.plusSeconds(version));
    }

    private static FieldCatalogs.StoredCatalog catalog(Connection c, UUID id, String fields, String version, Instant at) {
        return new FieldCatalogs.StoredCatalog(id, c.organizationId(), c.workspaceId(), c.id(), c.type(), version, fields,
                "key:test", at, at, at);
    }

    private static Delivery deliveryThrough(Event event, Connection connection) {
        return new Delivery(Ids.timeOrdered(), event.organizationId(), event.workspaceId(), event.id(), UUID.randomUUID(),
                connection.id(), connection.type(), event.event(), event.resource(), null, DeliveryStatus.PENDING, 0, 3,
                event.createdAt(), null, null, null, event.createdBy(), event.createdAt());
    }

    /** A database of {@code config} brought up to migration {@code version} only, as an older release left it; its JDBC URL. */
    private String migratedTo(StoreConfig config, String version) throws java.io.IOException {
        String url = config.isEmbedded()
                ? "jdbc:sqlite:" + java.nio.file.Files.createDirectories(config.dataDir()).resolve("meshes.db")
                : config.databaseUrl();
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + kind.name().toLowerCase())
                .failOnMissingLocations(false).target(version).load().migrate();
        return url;
    }

    @Test
    void aStoreANewerVersionMigratedIsRefusedRatherThanWrittenByAnOlderOne() throws Exception {
        store.close();
        String url = config.isEmbedded() ? "jdbc:sqlite:" + config.dataDir().resolve("meshes.db") : config.databaseUrl();
        try (var db = java.sql.DriverManager.getConnection(url); var insert = db.prepareStatement("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                    installed_by, installed_on, execution_time, success)
                VALUES (999, '999', 'from a newer build', 'SQL', 'V999__from_a_newer_build.sql', 0, 'test',
                    CURRENT_TIMESTAMP, 1, TRUE)""")) {
            insert.execute();
        }

        assertThatThrownBy(() -> Stores.open(config).close()).as("opening a store migrated by a newer build")
                .hasStackTraceContaining("999");
        store = Stores.open(TestDatabases.config(kind, dataDir.resolve("fresh"))); // for close()
    }

    @Test
    void usersAreFoundByIdAndNormalizedEmailAndTheirPasswordAndEpochReplaced() {
        assertThat(store.people().hasUsers()).as("a new store has no users").isFalse();
        User ada = user("ada@example.com");

        assertThat(store.people().hasUsers()).isTrue();
        assertThat(store.people().findUser(ada.id())).contains(ada);
        assertThat(store.people().findUserByEmail("ada@example.com")).contains(ada);
        assertThat(store.people().findUserByEmail("nobody@example.com")).isEmpty();

        User changed = ada.withPassword("$argon2id$new");
        store.people().updateUser(changed);
        assertThat(store.people().findUser(ada.id()).orElseThrow())
                .extracting(User::passwordHash, User::sessionEpoch).containsExactly("$argon2id$new", 1L);
        assertThatThrownBy(() -> user("ada@example.com"))
                .as("two users cannot share an email")
                .isInstanceOf(Problem.class).extracting(p -> ((Problem) p).kind()).isEqualTo(Problem.Kind.CONFLICT);
    }

    @Test
    void membershipsBelongToTheirOrganizationAndCountItsOwners() {
        Organization a = organization();
        Organization b = organization();
        User owner = user("owner@example.com");
        User member = user("member@example.com");
        store.people().insertMembership(new Membership(owner.id(), a.id(), Role.OWNER, t0));
        store.people().insertMembership(new Membership(member.id(), a.id(), Role.MEMBER, t0.plusSeconds(1)));
        store.people().insertMembership(new Membership(member.id(), b.id(), Role.ADMIN, t0.plusSeconds(2)));

        assertThat(store.people().members(a.id())).extracting(Member::email, Member::role)
                .containsExactly(tuple("owner@example.com", Role.OWNER), tuple("member@example.com", Role.MEMBER));
        assertThat(store.people().membershipsOf(member.id())).extracting(Membership::organizationId, Membership::role)
                .containsExactly(tuple(a.id(), Role.MEMBER), tuple(b.id(), Role.ADMIN));
        assertThat(store.people().countOwners(a.id())).isEqualTo(1);
        assertThat(store.people().countOwners(b.id())).isZero();

        assertThat(store.people().updateRole(a.id(), member.id(), Role.ADMIN)).isTrue();
        assertThat(store.people().findMembership(a.id(), member.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(store.people().findMembership(b.id(), member.id()).orElseThrow().role())
                .as("the same user's role in another organization is untouched").isEqualTo(Role.ADMIN);
        assertThat(store.people().deleteMembership(a.id(), member.id())).isTrue();
        assertThat(store.people().membershipsOf(member.id())).extracting(Membership::organizationId).containsExactly(b.id());
    }

    @Test
    void anotherOrganizationFindsNoneOfOurPeopleAndChangesNothing() {
        Organization ours = organization();
        Organization theirs = organization();
        User owner = user("owner@example.com");
        store.people().insertMembership(new Membership(owner.id(), ours.id(), Role.OWNER, t0));
        Invitation invitation = invitation(ours, "hash-1");

        assertThat(store.people().findMembership(theirs.id(), owner.id())).isEmpty();
        assertThat(store.people().members(theirs.id())).isEmpty();
        assertThat(store.people().updateRole(theirs.id(), owner.id(), Role.MEMBER)).isFalse();
        assertThat(store.people().deleteMembership(theirs.id(), owner.id())).isFalse();
        assertThat(store.people().markAccepted(theirs.id(), invitation.id(), t0)).isFalse();

        assertThat(store.people().findMembership(ours.id(), owner.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
        assertThat(store.people().findInvitationByTokenHash("hash-1").orElseThrow().acceptedAt()).isNull();
    }

    @Test
    void anInvitationIsFoundByItsTokenHashAndAcceptedOnce() {
        Organization org = organization();
        Invitation invitation = invitation(org, "hash-2");

        assertThat(store.people().findInvitationByTokenHash("hash-2")).contains(invitation);
        assertThat(store.people().findInvitationByTokenHash("hash-3")).isEmpty();
        assertThat(store.people().markAccepted(org.id(), invitation.id(), t0.plusSeconds(5))).isTrue();
        assertThat(store.people().markAccepted(org.id(), invitation.id(), t0.plusSeconds(6)))
                .as("a spent invitation is not accepted again").isFalse();
        assertThat(store.people().findInvitationByTokenHash("hash-2").orElseThrow().acceptedAt()).isEqualTo(t0.plusSeconds(5));
    }

    @Test
    void purgingAnOrganizationEmptiesEveryTableOfItsRowsAndNoOneElses() {
        Organization doomed = organization();
        Organization bystander = organization();
        User onlyThere = user("only-there@example.com");
        User alsoElsewhere = user("also-elsewhere@example.com");
        for (Organization org : List.of(doomed, bystander)) {
            Connection c = connection(org);
            store.connectionTokens().save(tokens(c, "access", "refresh", t0, t0));
            store.mappings().saveDefault(mapping(c, UUID.randomUUID(), 1, "{}"), 0);
            store.fieldCatalogs().save(catalog(c, UUID.randomUUID(), "[]", "v1", t0));
            Workspace w = store.workspaces().find(org.id(), c.workspaceId()).orElseThrow();
            embedSession(org, w, "workspace", null, null, t0);
            invitation(org, "hash-" + UUID.randomUUID());
            store.people().insertMembership(new Membership(alsoElsewhere.id(), org.id(), Role.ADMIN, t0));
            List<Event> events = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                events.add(event(org.id(), w.id(), t0.plusMillis(i), DeliveryStatus.PENDING));
            }
            store.events().insertAll(events, events.stream().map(e -> deliveryThrough(e, c)).toList());
        }
        store.people().insertMembership(new Membership(onlyThere.id(), doomed.id(), Role.OWNER, t0));
        Map<String, Long> bystanderBefore = store.organizations().rowCounts(bystander.id());
        assertThat(store.organizations().rowCounts(doomed.id())).as("before the purge")
                .containsEntry("events", 7L).containsEntry("deliveries", 7L).containsEntry("connection_tokens", 1L)
                .containsEntry("mappings", 1L).containsEntry("field_catalogs", 1L).containsEntry("memberships", 2L);

        int rounds = 0;
        while (store.organizations().purgeSome(doomed.id(), 3) > 0) {
            rounds++;
        }

        assertThat(rounds).as("events in batches of 3, then the rest").isEqualTo(4);
        assertThat(store.organizations().rowCounts(doomed.id())).allSatisfy((table, count) ->
                assertThat(count).as("%s rows left", table).isZero());
        assertThat(store.organizations().rowCounts(bystander.id())).isEqualTo(bystanderBefore);
        assertThat(store.people().findUser(onlyThere.id())).as("a person of no other organization").isEmpty();
        assertThat(store.people().findUser(alsoElsewhere.id())).as("a person still in another").isPresent();
    }

    @Test
    void organizationsAreListedOldestFirstWithoutTombstonesOrTheOperators() {
        Organization first = new Organization(UUID.randomUUID(), "First", t0.plusMillis(1), t0.plusMillis(1));
        Organization gone = new Organization(UUID.randomUUID(), "Gone", t0.plusMillis(2), t0.plusMillis(2));
        Organization last = new Organization(UUID.randomUUID(), "Last", t0.plusMillis(3), t0.plusMillis(3));
        List.of(first, gone, last).forEach(store.organizations()::insert);
        store.organizations().update(gone.withStatus(Organization.Status.DELETED, t0));
        store.organizations().insert(new Organization(Organization.OPERATORS, "Operators", t0, t0));

        var page = store.organizations().list(PageRequest.first(1));
        var rest = store.organizations().list(new PageRequest(50, Cursor.decode(page.nextCursor())));

        assertThat(page.records()).containsExactly(first);
        assertThat(rest.records()).containsExactly(last);
        assertThat(store.organizations().find(gone.id()).orElseThrow().status()).isEqualTo(Organization.Status.DELETED);
        assertThat(store.organizations().isEmpty()).isFalse();
    }

    private User user(String email) {
        var user = new User(UUID.randomUUID(), email, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", t0, 0);
        store.people().insertUser(user);
        return user;
    }

    private Invitation invitation(Organization org, String tokenHash) {
        var invitation = new Invitation(UUID.randomUUID(), org.id(), "new@example.com", Role.ADMIN, tokenHash, "user:x",
                t0, t0.plus(java.time.Duration.ofDays(7)), null);
        store.people().insertInvitation(invitation);
        return invitation;
    }

    private Organization organization() {
        var org = new Organization(UUID.randomUUID(), "Org", t0, t0);
        store.organizations().insert(org);
        return org;
    }

    private Workspace workspace(Organization org, String name, Instant at) {
        UUID id = UUID.randomUUID();
        var key = new PublishableKey("Default", "mesh_pub_x_y_" + id.toString().replace("-", ""), null, null);
        var w = new Workspace(id, org.id(), name, null, key, at, at, 250);
        store.workspaces().insert(w);
        return w;
    }
}
