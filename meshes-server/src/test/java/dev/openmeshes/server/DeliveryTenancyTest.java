package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Another organization's events, connections and rules are invisible and untouchable. */
class DeliveryTenancyTest extends OnBothStores {

    @Test
    void anotherOrganizationCannotReachEventsConnectionsOrRules() {
        try (Receiver receiver = Receiver.start()) {
            var victim = new Scenario(server, "Victim");
            var attacker = new Scenario(server, "Attacker");
            UUID connection = victim.webhookFor("user.signup", receiver.url());
            UUID rule = victim.rule(connection, "user.login");
            UUID event = victim.emitOk("user.signup", "{\"email\":\"v@example.com\"}");
            String token = attacker.tenant.token();

            assertThat(server.http().get("/api/v1/events/" + event, token).status()).isEqualTo(404);
            assertThat(server.http().get("/api/v1/events/" + event + "/payload", token).status()).isEqualTo(404);
            assertThat(server.http().post("/api/v1/events/" + event + "/rules/" + rule + "/retry", token, null).status())
                    .isEqualTo(404);
            assertThat(server.http().get("/api/v1/events/" + event + "/rules/" + rule + "/attempts", token).status())
                    .isEqualTo(404);
            assertThat(server.http().post("/api/v1/events/" + event + "/rules/" + rule + "/cancel", token, null).status())
                    .isEqualTo(404);
            assertThat(server.http().post("/api/v1/events/" + event + "/cancel", token, null).status()).isEqualTo(404);
            assertThat(server.http().get("/api/v1/events", token).json().path("count").asInt()).isZero();
            assertThat(server.http().get("/api/v1/workspaces/" + victim.workspace + "/events", token).status()).isEqualTo(404);

            assertThat(server.http().get("/api/v1/connections/" + connection, token).status()).isEqualTo(404);
            assertThat(server.http().put("/api/v1/connections/" + connection, token,
                    "{\"name\":\"x\",\"metadata\":{\"url\":\"https://evil.example\"}}").status()).isEqualTo(404);
            assertThat(server.http().delete("/api/v1/connections/" + connection, token).status()).isEqualTo(404);
            assertThat(server.http().get("/api/v1/connections", token).json().path("count").asInt()).isZero();

            assertThat(server.http().get("/api/v1/rules/" + rule, token).status()).isEqualTo(404);
            assertThat(server.http().delete("/api/v1/rules/" + rule, token).status()).isEqualTo(404);
            assertThat(server.http().get("/api/v1/rules", token).json().path("count").asInt()).isZero();
            var hijack = server.http().post("/api/v1/rules", token, "{\"workspace\":\"" + attacker.workspace
                    + "\",\"connection\":\"" + connection + "\",\"event\":\"x\",\"metadata\":{\"action\":\"send_webhook\"}}");
            assertThat(hijack.status()).isEqualTo(404);
            var intoVictim = server.http().post("/api/v1/events", token,
                    "{\"workspace\":\"" + victim.workspace + "\",\"event\":\"x\",\"payload\":{\"a\":1}}");
            assertThat(intoVictim.status()).isEqualTo(404);

            assertThat(server.http().get("/api/v1/rules/" + rule, victim.tenant.token()).status()).isEqualTo(200);
        }
    }

    @Test
    void anotherOrganizationCannotReadOrCancelAttemptsByTheirIds() {
        try (Receiver receiver = Receiver.start()) {
            receiver.always(503);
            var victim = new Scenario(server, "Attempt Victim");
            var attacker = new Scenario(server, "Attempt Attacker");
            UUID rule = victim.rule(victim.connection("Down", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}"),
                    "user.signup");
            UUID event = victim.emitOk("user.signup", "{\"email\":\"v@example.com\"}");
            String rulePath = "/api/v1/events/" + event + "/rules/" + rule;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    server.http().get(rulePath + "/attempts", victim.tenant.token()).json().path("count").asInt() > 0);
            String attempt = rulePath + "/attempts/" + server.http().get(rulePath + "/attempts", victim.tenant.token())
                    .json().path("records").get(0).path("id").asString();
            String token = attacker.tenant.token();

            for (var refused : java.util.List.of(server.http().get(attempt, token),
                    server.http().get(attempt + "/response-details", token),
                    server.http().post(rulePath + "/cancel", token, null),
                    server.http().post("/api/v1/events/" + event + "/cancel", token, null))) {
                assertThat(refused.status()).as("another organization's ids: %s", refused).isEqualTo(404);
                assertThat(refused.json().path("error").asString()).isEqualTo("not_found");
            }
            assertThat(server.http().get(attempt, victim.tenant.token()).status()).isEqualTo(200);
            assertThat(victim.event(event).path("status").asString()).as("the victim's event").isNotEqualTo("canceled");
        }
    }
}
