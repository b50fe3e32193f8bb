package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.EmbedSessions;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's chart reads {@code GET /activity}: per minute, the events a workspace accepted and
 * the deliveries it delivered and finally failed, counted as they are written, within the caller's
 * reach only.
 */
class ActivityApiTest extends OnBothStores {

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    final Receiver accepting = Receiver.start();
    final Receiver refusing = Receiver.start().always(410);

    @AfterAll
    void stopReceivers() {
        accepting.close();
        refusing.close();
    }

    @Test
    void aWorkspacesMinutesCountEventsAcceptedAndDeliveriesDeliveredAndFinallyFailed() {
        var scenario = new Scenario(server, "Counted " + UUID.randomUUID().toString().substring(0, 8));
        scenario.webhookFor("order.paid", accepting.url());
        scenario.webhookFor("order.refunded", refusing.url());
        for (int i = 0; i < 3; i++) {
            scenario.emitOk("order.paid", "{\"n\":" + i + "}");
        }
        UUID refunded = scenario.emitOk("order.refunded", "{}");
        scenario.emitOk("order.viewed", "{}"); // matches no rule: accepted, nothing to deliver
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                scenario.event(refunded).path("status").asString().equals("failed"));

        String path = "/api/v1/workspaces/" + scenario.workspace + "/activity";
        JsonNode activity = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> ok(path, scenario.tenant.token()), a -> a.path("totals").path("delivered").asLong() == 3);
        assertThat(activity.path("totals").toString()).as("the window's totals: %s", activity)
                .isEqualTo("{\"accepted\":5,\"delivered\":3,\"failed\":1}");
        long summed = 0;
        for (JsonNode minute : activity.path("minutes")) {
            summed += minute.path("accepted").asLong();
            Instant start = Instant.parse(minute.path("minute").asString());
            assertThat(start.getEpochSecond() % 60).as("a minute starts on the minute: %s", minute).isZero();
        }
        assertThat(summed).as("the minutes add up to the totals").isEqualTo(5);
        Instant from = Instant.parse(activity.path("from").asString()), to = Instant.parse(activity.path("to").asString());
        assertThat(Duration.between(from, to)).as("the default window").isEqualTo(Duration.ofHours(3));
        assertThat(to).as("the window ends with the current minute").isAfter(Instant.now());

        JsonNode organizationWide = ok("/api/v1/activity?minutes=60", scenario.tenant.token());
        assertThat(organizationWide.path("totals").path("accepted").asLong()).as("all the organization's workspaces")
                .isEqualTo(5);
        assertThat(Duration.between(Instant.parse(organizationWide.path("from").asString()),
                Instant.parse(organizationWide.path("to").asString()))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anotherOrganizationsWorkspaceANarrowerKeyAndAResourceSessionGetNoCounts() {
        var victim = new Scenario(server, "Victim " + UUID.randomUUID().toString().substring(0, 8));
        victim.emitOk("order.paid", "{}");
        var stranger = new Scenario(server, "Stranger " + UUID.randomUUID().toString().substring(0, 8));
        String path = "/api/v1/workspaces/" + victim.workspace + "/activity";

        assertRefused(server.http().get(path, stranger.tenant.token()), 404, "another organization's workspace");
        assertThat(ok("/api/v1/activity", stranger.tenant.token()).path("totals").path("accepted").asLong())
                .as("the stranger's organization-wide counts hold none of ours").isZero();

        UUID elsewhere = server.newWorkspace(victim.tenant, "Elsewhere " + UUID.randomUUID().toString().substring(0, 8));
        var narrow = server.newKey(victim.tenant, "[\"events:read\"]", "[\"" + elsewhere + "\"]");
        assertRefused(server.http().get(path, narrow.token()), 404, "a key limited to another workspace");
        assertThat(ok("/api/v1/activity", narrow.token()).path("totals").path("accepted").asLong())
                .as("a narrower key's organization-wide counts cover only its workspaces").isZero();
        var noEvents = server.newKey(victim.tenant, "[\"rules:read\"]", null);
        assertRefused(server.http().get(path, noEvents.token()), 403, "a key without events:read");

        String resourceSession = new EmbedSessions(server).create(victim.tenant, "{\"workspace_id\":\"" + victim.workspace
                + "\",\"session_type\":\"resource\",\"resource\":\"order\",\"resource_id\":\"o-1\"}")
                .path("access_token").asString();
        assertRefused(server.http().get(path, resourceSession), 403, "a resource session (counts span every resource)");
        String workspaceSession = new EmbedSessions(server).create(victim.tenant, "{\"workspace_id\":\"" + victim.workspace
                + "\"}").path("access_token").asString();
        assertThat(ok(path, workspaceSession).path("totals").path("accepted").asLong()).as("a workspace session")
                .isEqualTo(1);
    }

    @Test
    void aWindowThatIsNotAWholeNumberOfMinutesUpToAWeekIsRefusedNamingTheParameter() {
        var scenario = new Scenario(server, "Windows " + UUID.randomUUID().toString().substring(0, 8));
        String path = "/api/v1/workspaces/" + scenario.workspace + "/activity?minutes=";
        for (String minutes : new String[] {"0", "-5", "10081", "1.5", "lots", "99999999999999999999"}) {
            Response refused = server.http().get(path + minutes, scenario.tenant.token());
            assertRefused(refused, 400, "minutes=" + minutes);
            assertThat(refused.text()).as("minutes=%s names the parameter", minutes).contains("minutes");
        }
        assertThat(ok(path + "10080", scenario.tenant.token()).path("minutes").isArray()).as("a week").isTrue();
    }

    private JsonNode ok(String path, String token) {
        Response answer = server.http().get(path, token);
        assertThat(answer.status()).as("GET %s: %s", path, answer).isEqualTo(200);
        return answer.json();
    }

    private static void assertRefused(Response answer, int status, String what) {
        assertThat(answer.status()).as("%s: %s", what, answer).isEqualTo(status);
        assertThat(answer.json().path("correlation_id").asString()).as("%s carries the correlation id", what).isNotEmpty();
    }
}
