package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rotated-out publishable key stops at once, or at the end of its grace, although keys are cached. */
class PublishableKeyRotationTest extends OnBothStores {

    @Test
    void aKeyRotatedWithoutGraceIsRefusedAtOnce() {
        var scenario = new Scenario(server, "Rotate Now Co");
        assertThat(emit(scenario.publishableKey).status()).as("the key works (and is now cached)").isEqualTo(201);

        var rotated = rotate(scenario, 0);

        assertRefused(emit(scenario.publishableKey), "the old key right after a rotation without grace");
        assertThat(emit(rotated.json().path("public_key").asString()).status()).as("the new key").isEqualTo(201);
    }

    @Test
    void aKeyRotatedWithGraceWorksWithinItAndIsRefusedAfter() throws InterruptedException {
        var scenario = new Scenario(server, "Rotate Later Co");
        assertThat(emit(scenario.publishableKey).status()).as("the key works (and is now cached)").isEqualTo(201);

        var rotated = rotate(scenario, 2);
        Instant graceEnds = Instant.parse(rotated.json().path("previous_expires_at").asString());

        assertThat(emit(scenario.publishableKey).status()).as("the old key within its grace").isEqualTo(201);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), graceEnds).toMillis()) + 100);
        assertRefused(emit(scenario.publishableKey), "the old key once its grace ended at " + graceEnds);
        assertThat(emit(rotated.json().path("public_key").asString()).status()).as("the new key").isEqualTo(201);
    }

    private Response rotate(Scenario scenario, int graceSeconds) {
        var rotated = server.http().post("/api/v1/workspaces/" + scenario.workspace + "/publishable-key/rotate",
                scenario.tenant.token(), "{\"grace_period_seconds\":" + graceSeconds + "}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        return rotated;
    }

    private Response emit(String publishableKey) {
        return server.http().send("POST", "/api/v1/events", null, "{\"event\":\"signup\",\"payload\":{}}",
                Map.of("X-Meshes-Publishable-Key", publishableKey));
    }

    private static void assertRefused(Response answer, String what) {
        assertThat(answer.status()).as(what + " (expected 401, seen " + answer + ")").isEqualTo(401);
        assertThat(answer.error()).isEqualTo("invalid_publishable_key");
    }
}
