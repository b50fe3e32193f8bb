package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.people.Role;
import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/usage} (an organization's owners and admins) and
 * {@code GET /api/v1/organizations/{id}/usage} (the platform admin): events accepted and
 * deliveries delivered and finally failed, per month and day, exact across a restart and a rollup.
 */
class UsageApiTest extends OnBothStores {

    static final String UNLIMITED = "{\"monthly_event_quota\":null,\"ingest_rate_limit\":null}";

    final Receiver accepting = Receiver.start();
    final Receiver refusing = Receiver.start().always(410);
    Tenant platformAdmin;

    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
        platformAdmin = server.platformAdmin();
    }

    @AfterAll
    void stopReceivers() {
        accepting.close();
        refusing.close();
    }

    @Test
    void usageEqualsWhatWasIngestedAndDeliveredAcrossARestartAndARollupRunTwice() {
        var scenario = new Scenario(server, "Usage " + UUID.randomUUID().toString().substring(0, 8));
        scenario.webhookFor("order.paid", accepting.url());
        scenario.webhookFor("order.refunded", refusing.url());
        for (int i = 0; i < 3; i++) {
            scenario.emitOk("order.paid", "{\"n\":" + i + "}");
        }
        UUID refunded = scenario.emitOk("order.refunded", "{}");
        Response bulk = server.http().post("/api/v1/events/bulk", scenario.tenant.token(), "[" + viewed(scenario) + ","
                + viewed(scenario) + "]");
        assertThat(bulk.status()).as("a machine key's bulk: %s", bulk).isEqualTo(201);
        var stranger = new Scenario(server, "Stranger " + UUID.randomUUID().toString().substring(0, 8));
        stranger.emitOk("order.paid", "{}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scenario.event(refunded).path("status").asString().equals("failed"));

        String expected = "{\"month\":\"" + YearMonth.now(ZoneOffset.UTC) + "\",\"accepted\":6,\"delivered\":3,\"failed\":1,"
                + "\"days\":[{\"day\":\"" + LocalDate.now(ZoneOffset.UTC) + "\",\"accepted\":6,\"delivered\":3,\"failed\":1}]}";
        JsonNode own = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> ok("/api/v1/usage", scenario.tenant.token()),
                usage -> usage.path("months").path(0).path("delivered").asLong() == 3);
        assertThat(own.path("organization_id").asString()).isEqualTo(scenario.tenant.organizationId().toString());
        assertThat(own.path("months").toString()).as("this month: 6 accepted (3 paid, 1 refunded, 2 in bulk), "
                + "3 delivered, 1 finally failed, the stranger's event not among them").isEqualTo("[" + expected + "]");
        String platformPath = "/api/v1/organizations/" + scenario.tenant.organizationId() + "/usage";
        assertThat(ok(platformPath, platformAdmin.token()).path("months").toString()).as("as the platform admin sees it")
                .isEqualTo("[" + expected + "]");

        restart();
        assertThat(ok("/api/v1/usage", scenario.tenant.token()).path("months").toString()).as("after a restart")
                .isEqualTo("[" + expected + "]");

        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        server.meshes().usage().rollUpAndPrune(tomorrow, server.settings().eventRetention());
        server.meshes().usage().rollUpAndPrune(tomorrow, server.settings().eventRetention());
        assertThat(ok(platformPath, platformAdmin.token()).path("months").toString())
                .as("today rolled up as if it were over, twice").isEqualTo("[" + expected + "]");
    }

    @Test
    void monthsAreListedOldestFirstEachOnceAndBadMonthsAreRefusedNamingTheParameter() {
        Tenant tenant = server.newTenant("Months " + UUID.randomUUID().toString().substring(0, 8));
        YearMonth now = YearMonth.now(ZoneOffset.UTC);

        JsonNode year = ok("/api/v1/usage?from=" + now.minusMonths(12) + "&to=" + now, tenant.token());
        assertThat(year.path("months").size()).as("13 months: %s", year).isEqualTo(13);
        assertThat(year.path("months").path(0).path("month").asString()).isEqualTo(now.minusMonths(12).toString());
        assertThat(year.path("months").path(0).path("days").isEmpty()).as("a month without activity").isTrue();
        assertThat(year.path("monthly_event_quota").isNull()).as("no quota set: unlimited").isTrue();

        Map<String, String> refused = Map.of("from=2026-13", "from", "to=last-month", "to",
                "from=" + now.plusMonths(1) + "&to=" + now, "from", "from=" + now.minusMonths(13) + "&to=" + now, "from");
        refused.forEach((query, parameter) -> {
            Response answer = server.http().get("/api/v1/usage?" + query, tenant.token());
            assertThat(answer.status()).as("?%s: %s", query, answer).isEqualTo(400);
            assertThat(answer.json().path("details").path(0).path("field").asString()).as("?%s", query).isEqualTo(parameter);
        });
    }

    @Test
    void anOrganizationsAdminSeesOnlyItsOwnUsageAndNeverThePlatformsUsageOrLimits() {
        var victim = new Scenario(server, "Victim " + UUID.randomUUID().toString().substring(0, 8));
        victim.emitOk("order.paid", "{}");
        Tenant attacker = server.newTenant("Attacker " + UUID.randomUUID().toString().substring(0, 8));
        String victimUsage = "/api/v1/organizations/" + victim.tenant.organizationId() + "/usage";
        String ownUsage = "/api/v1/organizations/" + attacker.organizationId() + "/usage";
        String limits = "/api/v1/organizations/" + attacker.organizationId() + "/limits";

        Map<String, Response> refused = Map.of(
                "another organization's usage", server.http().get(victimUsage, attacker.token()),
                "its own through the platform endpoint", server.http().get(ownUsage, attacker.token()),
                "raising its own limits", server.http().put(limits, attacker.token(), UNLIMITED),
                "a key without admin", server.http().get("/api/v1/usage",
                        server.newKey(victim.tenant, "[\"events:read\",\"workspaces:write\"]", null).token()),
                "an embed session", server.http().get("/api/v1/usage", new EmbedSessions(server).create(victim.tenant,
                        "{\"workspace_id\":\"" + victim.workspace + "\",\"role\":\"owner\"}").path("access_token").asString()));
        refused.forEach((attempt, answer) -> assertThat(answer.status()).as("%s: %s", attempt, answer).isEqualTo(403));

        Tenant adminRoleKey = server.newKey(victim.tenant, Role.ADMIN.scopes().stream().sorted()
                .map(scope -> "\"" + scope + "\"").collect(Collectors.joining(",", "[", "]")), null);
        assertThat(ok("/api/v1/usage", adminRoleKey.token()).path("months").path(0).path("accepted").asLong())
                .as("a key with every scope of the admin role, as an admin person has").isEqualTo(1);
        JsonNode own = ok("/api/v1/usage", attacker.token());
        assertThat(own.path("organization_id").asString()).isEqualTo(attacker.organizationId().toString());
        assertThat(own.path("months").path(0).path("accepted").asLong()).as("none of the victim's events").isZero();
        Response unknown = server.http().get("/api/v1/organizations/" + UUID.randomUUID() + "/usage", platformAdmin.token());
        assertThat(unknown.status()).as("the platform admin naming no organization: %s", unknown).isEqualTo(404);
    }

    @Test
    void thePlatformAdminSetsAndClearsLimitsWithinTheirBounds() {
        Tenant tenant = server.newTenant("Limited " + UUID.randomUUID().toString().substring(0, 8));
        String path = "/api/v1/organizations/" + tenant.organizationId() + "/limits";

        Response set = server.http().put(path, platformAdmin.token(), "{\"monthly_event_quota\":1000000,\"ingest_rate_limit\":50}");
        assertThat(set.status()).as("set: %s", set).isEqualTo(200);
        assertThat(set.json().path("organization").path("monthly_event_quota").asLong()).isEqualTo(1_000_000);
        assertThat(set.json().path("organization").path("ingest_rate_limit").asInt()).isEqualTo(50);
        assertThat(ok("/api/v1/usage", tenant.token()).path("monthly_event_quota").asLong()).as("the usage shows the quota")
                .isEqualTo(1_000_000);

        Map<String, String> refused = Map.of("{\"monthly_event_quota\":-1,\"ingest_rate_limit\":null}", "monthly_event_quota",
                "{\"monthly_event_quota\":10000000000000,\"ingest_rate_limit\":null}", "monthly_event_quota",
                "{\"monthly_event_quota\":null,\"ingest_rate_limit\":1000000001}", "ingest_rate_limit",
                "{\"monthly_event_quota\":null,\"ingest_rate_limit\":\"fast\"}", "ingest_rate_limit",
                "{\"quota\":5,\"ingest_rate_limit\":null}", "monthly_event_quota");
        refused.forEach((body, field) -> {
            Response answer = server.http().put(path, platformAdmin.token(), body);
            assertThat(answer.status()).as("%s: %s", body, answer).isEqualTo(400);
            assertThat(answer.json().path("details").path(0).path("field").asString()).as(body).isEqualTo(field);
        });

        Response cleared = server.http().put(path, platformAdmin.token(), UNLIMITED);
        assertThat(cleared.status()).as("cleared: %s", cleared).isEqualTo(200);
        assertThat(cleared.json().path("organization").path("monthly_event_quota").isNull()).isTrue();
        assertThat(cleared.json().path("organization").path("ingest_rate_limit").isNull()).isTrue();
        assertThat(server.http().put("/api/v1/organizations/" + UUID.randomUUID() + "/limits", platformAdmin.token(), UNLIMITED)
                .status()).as("no such organization").isEqualTo(404);
    }

    /** Stops this class's server and starts another on the same data directory and database. */
    private void restart() {
        TestServer stopped = server;
        stopped.close();
        server = TestServer.beside(stopped, stopped.settings().dataDir(), Map.of());
        server.checkingAnswersAgainstOpenApi();
    }

    private static String viewed(Scenario scenario) {
        return "{\"workspace\":\"" + scenario.workspace + "\",\"event\":\"order.viewed\",\"payload\":{}}";
    }

    private JsonNode ok(String path, String token) {
        Response answer = server.http().get(path, token);
        assertThat(answer.status()).as("GET %s: %s", path, answer).isEqualTo(200);
        return answer.json();
    }
}
