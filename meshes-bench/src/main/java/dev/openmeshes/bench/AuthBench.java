package dev.openmeshes.bench;

import dev.openmeshes.core.auth.MachineTokens;
import dev.openmeshes.server.Meshes;
import dev.openmeshes.server.MeshesServer;
import dev.openmeshes.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Throughput of authenticated GETs ({@code /api/v1/auth}: full machine-JWT verification, no store
 * access) against the open {@code /healthz} of the same server, alternating runs so both see the
 * same machine state. Target: the ratio stays at or above 0.85 (JWT verification costs at most 15%).
 */
final class AuthBench {

    private static final int THREADS = 2;
    private static final int CONNECTIONS = 64;
    private static final int SECONDS = 8;
    private static final int ROUNDS = 3;
    private static final int WARM_UP_SECONDS = 10;

    private AuthBench() {}

    static void run() throws Exception {
        Wrk.requireInstalled();
        Path dataDir = Files.createTempDirectory("meshes-bench-auth");
        var settings = ServerSettings.local(dataDir, null, null, Map.of());
        try (MeshesServer server = MeshesServer.start(Meshes.open(settings), settings)) {
            var created = server.meshes().bootstrap().createOrganization("Bench");
            String base = "http://127.0.0.1:" + server.port();
            String organizationId = created.organization().id().toString();
            String accessKey = created.ownerKey().key().accessKey();
            String secret = created.ownerKey().secretKey();

            System.out.println("== auth: authenticated GET /api/v1/auth vs GET /healthz (wrk -t" + THREADS + " -c"
                    + CONNECTIONS + " -d" + SECONDS + "s, best of " + ROUNDS + ")");
            // Warm-up until the JIT has compiled both paths; the first seconds run far below steady state.
            Wrk.run(base + "/healthz", THREADS, CONNECTIONS, WARM_UP_SECONDS, Map.of());
            Wrk.run(base + "/api/v1/auth", THREADS, CONNECTIONS, WARM_UP_SECONDS, bearer(accessKey, secret, organizationId));

            Wrk.Result bestHealth = null;
            Wrk.Result bestAuth = null;
            for (int round = 0; round < ROUNDS; round++) {
                Wrk.Result health = Wrk.run(base + "/healthz", THREADS, CONNECTIONS, SECONDS, Map.of());
                Wrk.Result auth = Wrk.run(base + "/api/v1/auth", THREADS, CONNECTIONS, SECONDS,
                        bearer(accessKey, secret, organizationId));
                System.out.println("  round " + (round + 1) + ": healthz " + health + " | auth " + auth);
                bestHealth = Wrk.better(bestHealth, health);
                bestAuth = Wrk.better(bestAuth, auth);
            }
            double ratio = bestAuth.requestsPerSecond() / bestHealth.requestsPerSecond();
            System.out.println("  GET /healthz (baseline):      " + bestHealth);
            System.out.println("  GET /api/v1/auth (JWT):       " + bestAuth);
            System.out.printf("  ratio auth/healthz: %.3f (target >= 0.85: %s)%n", ratio, ratio >= 0.85 ? "met" : "NOT met");
        }
    }

    /** A token valid for the whole run of one wrk invocation (they live at most 60 s). */
    private static Map<String, String> bearer(String accessKey, String secret, String organizationId) {
        return Map.of("Authorization", "Bearer " + MachineTokens.mint(accessKey, secret, organizationId, Duration.ofSeconds(60)));
    }
}
