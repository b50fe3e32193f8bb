package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.TestServer;
import dev.openmeshes.server.support.TestServer.Tenant;
import dev.openmeshes.store.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An organization's budget (10× a key's) is spent only by events its keys were allowed to send. */
class OrganizationRateLimitTest {

    @TempDir
    Path dataDir;

    @Test
    void aKeyFloodedPastItsOwnLimitLeavesTheOrganizationsBudgetToItsOtherKeys() throws Exception {
        try (var server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir, Map.of("MESHES_INGEST_RATE_LIMIT", "5"))) {
            Tenant owner = server.newTenant("Flooded Co");
            String flooded = publishableKey(server, owner, "Flooded space");
            String quiet = publishableKey(server, owner, "Quiet space");

            var flooding = new AtomicBoolean(true);
            var floodRefusals = new AtomicInteger();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 4; i++) {
                    pool.submit(() -> {
                        while (flooding.get()) {
                            if (emit(server, flooded).status() == 429) {
                                floodRefusals.incrementAndGet();
                            }
                        }
                    });
                }
                Thread.sleep(1500); // the flood is well past both the key's 5/s and the organization's 50/s
                List<Response> quietAnswers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    quietAnswers.add(emit(server, quiet));
                    Thread.sleep(200);
                }
                flooding.set(false);

                assertThat(floodRefusals.get()).as("the flood itself is limited").isGreaterThan(100);
                assertThat(quietAnswers).as("the other key's events, sent during the flood (expected all 201)")
                        .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(201));
                assertThat(quietAnswers.getFirst().header("RateLimit-Limit")).as("the key's own limit is reported").isEqualTo("5");
            }
        }
    }

    @Test
    void aKeyRefusedByItsOrganizationsBudgetKeepsItsOwn() throws Exception {
        try (var server = TestServer.start(TestDatabases.Kind.SQLITE, dataDir, Map.of("MESHES_INGEST_RATE_LIMIT", "1"))) {
            Tenant owner = server.newTenant("Busy Co");
            String busy = publishableKey(server, owner, "Busy space", 100); // its own 100/s, past the organization's 10/s
            String small = publishableKey(server, owner, "Small space", null); // the default 1/s

            Response refused = null;
            for (int round = 0; round < 5 && (refused == null || refused.status() != 429); round++) {
                Thread.sleep(1100); // both buckets full again
                var spendAll = server.http().send("POST", "/api/v1/events/bulk", null,
                        "[" + String.join(",", java.util.Collections.nCopies(10, "{\"event\":\"a\",\"payload\":{}}")) + "]",
                        Map.of("X-Meshes-Publishable-Key", busy));
                assertThat(spendAll.status()).as(spendAll.toString()).isEqualTo(201);
                refused = emit(server, small); // 201 only if the organization refilled a token in between: retry
            }
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.header("RateLimit-Limit")).as("refused by the organization's bucket").isEqualTo("10");

            Thread.sleep(250); // the organization's bucket refills a token per 100 ms, the key's per second
            var later = emit(server, small);
            assertThat(later.status()).as("the small key's event once the organization has room again: " + later).isEqualTo(201);
        }
    }

    private static String publishableKey(TestServer server, Tenant owner, String name) {
        return publishableKey(server, owner, name, null);
    }

    private static String publishableKey(TestServer server, Tenant owner, String name, Integer ingestRateLimit) {
        var created = server.http().post("/api/v1/workspaces", owner.token(),
                "{\"name\":\"" + name + "\",\"ingest_rate_limit\":" + ingestRateLimit + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID workspace = UUID.fromString(created.json().path("workspace").path("id").asString());
        return server.http().get("/api/v1/workspaces/" + workspace, owner.token()).json()
                .path("publishable_key").path("public_key").asString();
    }

    private static Response emit(TestServer server, String publishableKey) {
        return server.http().send("POST", "/api/v1/events", null, "{\"event\":\"flood\",\"payload\":{\"n\":1}}",
                Map.of("X-Meshes-Publishable-Key", publishableKey));
    }
}
