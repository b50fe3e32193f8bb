package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits a platform admin sets on an organization: its monthly event quota (429
 * {@code quota_exceeded} until the month is over, every kind of sender alike) and its own rate
 * limit in place of the server's default for organizations.
 */
class QuotaTest extends OnBothStores {

    Tenant platformAdmin;

    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
        platformAdmin = server.platformAdmin();
    }

    @Test
    void eventsPastTheMonthlyQuotaAreRefusedUntilTheNextMonthOrUntilThePlatformAdminRaisesIt() {
        var scenario = new Scenario(server, "Quota " + UUID.randomUUID().toString().substring(0, 8));
        limit(scenario.tenant, "{\"monthly_event_quota\":3,\"ingest_rate_limit\":null}");
        String session = new EmbedSessions(server).create(scenario.tenant,
                "{\"workspace_id\":\"" + scenario.workspace + "\",\"role\":\"owner\"}").path("access_token").asString();

        scenario.emitOk("order.paid", "{}");
        scenario.emitOk("order.paid", "{}");
        Response embedded = server.http().post("/api/v1/events", session, "{\"event\":\"order.test\",\"payload\":{}}");
        assertThat(embedded.status()).as("an embedded page's test event, the third: %s", embedded).isEqualTo(201);

        Instant nextMonth = YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Response refused = scenario.emit("order.paid", "{}");
        assertThat(refused.status()).as("the fourth: %s", refused).isEqualTo(429);
        assertThat(refused.error()).isEqualTo("quota_exceeded");
        assertThat(Instant.parse(refused.json().path("reset_at").asString())).as("reset_at").isEqualTo(nextMonth);
        assertThat(Long.parseLong(refused.header("Retry-After"))).as("Retry-After: seconds to the next month")
                .isBetween(Duration.between(Instant.now(), nextMonth).toSeconds() - 5,
                        Duration.between(Instant.now(), nextMonth).toSeconds() + 5);
        Response embeddedRefused = server.http().post("/api/v1/events", session, "{\"event\":\"order.test\",\"payload\":{}}");
        assertThat(embeddedRefused.status()).as("an embedded test event past it: %s", embeddedRefused).isEqualTo(429);

        limit(scenario.tenant, "{\"monthly_event_quota\":4,\"ingest_rate_limit\":null}");
        Response wholeBulk = bulk(scenario, 2);
        assertThat(wholeBulk.status()).as("a bulk of 2 with room for 1: %s", wholeBulk).isEqualTo(429);
        assertThat(wholeBulk.json().path("message").asString()).as("says the batch was refused whole")
                .contains("none of the batch was accepted");
        assertThat(bulk(scenario, 1).status()).as("a bulk that fits").isEqualTo(201);
        assertThat(scenario.emit("order.paid", "{}").status()).as("past the raised quota").isEqualTo(429);

        limit(scenario.tenant, "{\"monthly_event_quota\":null,\"ingest_rate_limit\":null}");
        assertThat(scenario.emit("order.paid", "{}").status()).as("the quota cleared: unlimited").isEqualTo(201);
        long accepted = server.http().get("/api/v1/usage", scenario.tenant.token()).json()
                .path("months").path(0).path("accepted").asLong();
        assertThat(accepted).as("only the events accepted count: 3, then 1 in bulk, then 1; nothing refused was written")
                .isEqualTo(5);
    }

    @Test
    void anOrganizationsOwnRateLimitReplacesTheDefaultForAllItsIngestion() throws Exception {
        var scenario = new Scenario(server, "Rate " + UUID.randomUUID().toString().substring(0, 8));
        limit(scenario.tenant, "{\"monthly_event_quota\":null,\"ingest_rate_limit\":2}");

        Response tooMany = bulk(scenario, 3);
        assertThat(tooMany.status()).as("3 events at once past the organization's 2/s: %s", tooMany).isEqualTo(429);
        assertThat(tooMany.error()).isEqualTo("rate_limited");
        assertThat(tooMany.header("RateLimit-Limit")).isEqualTo("2");
        Response within = bulk(scenario, 2);
        assertThat(within.status()).as("2 events: %s", within).isEqualTo(201);

        limit(scenario.tenant, "{\"monthly_event_quota\":null,\"ingest_rate_limit\":null}");
        Thread.sleep(1100); // any bucket full again
        Response byDefault = bulk(scenario, 3);
        assertThat(byDefault.status()).as("back to the default: %s", byDefault).isEqualTo(201);
        assertThat(byDefault.header("RateLimit-Limit")).as("ten times the server's default per key")
                .isEqualTo(String.valueOf(server.settings().ingestRateLimit() * 10));
    }

    private void limit(Tenant tenant, String limitsJson) {
        Response set = server.http().put("/api/v1/organizations/" + tenant.organizationId() + "/limits",
                platformAdmin.token(), limitsJson);
        assertThat(set.status()).as("limits %s: %s", limitsJson, set).isEqualTo(200);
    }

    private Response bulk(Scenario scenario, int events) {
        String event = "{\"workspace\":\"" + scenario.workspace + "\",\"event\":\"order.paid\",\"payload\":{}}";
        return server.http().post("/api/v1/events/bulk", scenario.tenant.token(),
                "[" + String.join(",", Collections.nCopies(events, event)) + "]");
    }
}
