package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.Scenario;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ingestion is rate limited per publishable key, configurable per workspace, with standard headers. */
class RateLimitTest extends OnSqlite {

    @Test
    void aWorkspacesKeyGetsItsOwnLimitThen429WithRetryAfter() {
        var scenario = new Scenario(server, "Limited Co");
        var set = server.http().put("/api/v1/workspaces/" + scenario.workspace, scenario.tenant.token(),
                "{\"name\":\"Limited Co space\",\"ingest_rate_limit\":3}");
        assertThat(set.json().path("ingest_rate_limit").asInt()).isEqualTo(3);
        awaitLimitSeen(scenario);

        var last = scenario.emit("a", "{\"n\":1}");
        for (int i = 0; i < 5 && last.status() == 201; i++) {
            last = scenario.emit("a", "{\"n\":1}");
        }

        assertThat(last.status()).isEqualTo(429);
        assertThat(last.error()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(last.header("Retry-After"))).isPositive();
        assertThat(last.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");

        var other = new Scenario(server, "Unlimited Co");
        var fine = other.emit("a", "{\"n\":1}");
        assertThat(fine.status()).isEqualTo(201);
        assertThat(fine.header("RateLimit-Limit")).isEqualTo(String.valueOf(1000));
    }

    @Test
    void aBulkLargerThanTheRemainingBudgetIsRefusedWhole() {
        var scenario = new Scenario(server, "Bulk Limited");
        server.http().put("/api/v1/workspaces/" + scenario.workspace, scenario.tenant.token(),
                "{\"name\":\"Bulk Limited space\",\"ingest_rate_limit\":2}");
        awaitLimitSeen(scenario);

        var bulk = server.http().send("POST", "/api/v1/events/bulk", null,
                "[{\"event\":\"a\",\"payload\":{\"n\":1}},{\"event\":\"a\",\"payload\":{\"n\":2}},{\"event\":\"a\",\"payload\":{\"n\":3}}]",
                Map.of("X-Meshes-Publishable-Key", scenario.publishableKey));

        assertThat(bulk.status()).isEqualTo(429);
        assertThat(server.http().get("/api/v1/events", scenario.tenant.token()).json().path("count").asInt())
                .isLessThanOrEqualTo(2);
    }

    /** Limits are cached for up to 10 s per node; wait until the new one is in force. */
    private void awaitLimitSeen(Scenario scenario) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> !"1000".equals(scenario.emit("probe", "{\"n\":0}").header("RateLimit-Limit")));
        try {
            Thread.sleep(1100); // let the bucket refill after the probes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
