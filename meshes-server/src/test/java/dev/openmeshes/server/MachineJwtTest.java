package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The machine JWT is accepted exactly as the Meshes docs define it, and every attacker's variation
 * is refused with the same 401 {@code invalid_token}, on both stores.
 */
class MachineJwtTest extends OnBothStores {

    Tenant victim;
    Tenant attacker;

    @BeforeEach
    void tenants() {
        victim = server.newTenant("Victim Inc");
        attacker = server.newTenant("Attacker Ltd");
    }

    @Test
    void theTokenTheOfficialClientsMintIsAccepted() {
        Response response = workspaces(victim.token());
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void aTokenLivingExactlySixtySecondsIsAccepted() {
        assertThat(workspaces(victim.tokens().times(0, 60).sign()).status()).isEqualTo(200);
    }

    @Test
    void aSlightlyFastClientClockIsTolerated() {
        assertThat(workspaces(victim.tokens().times(3, 33).sign()).status()).isEqualTo(200);
    }

    @Test
    void algNoneIsRefused() {
        assertRejected(victim.tokens().header("alg", "none").unsigned());
        assertRejected(victim.tokens().header("alg", "none").sign());
    }

    @Test
    void otherHmacAlgorithmsAreRefusedEvenWithTheRightSecret() {
        assertRejected(victim.tokens().header("alg", "HS512").sign());
        assertRejected(victim.tokens().header("alg", "HS384").sign());
    }

    @Test
    void rs256IsRefusedWhateverItIsSignedWith() {
        assertRejected(victim.tokens().header("alg", "RS256").signWithOwnRsaKey());
        assertRejected(victim.tokens().header("alg", "RS256").signWithMac("HmacSHA256"));
    }

    @Test
    void typMustBeJwt() {
        assertRejected(victim.tokens().header("typ", null).sign());
        assertRejected(victim.tokens().header("typ", "at+jwt").sign());
    }

    @Test
    void kidMustBeALiveAccessKey() {
        assertRejected(victim.tokens().header("kid", null).sign());
        assertRejected(victim.tokens().header("kid", "mk_" + "x".repeat(24)).sign());
        assertRejected(victim.tokens().header("kid", attacker.accessKey()).sign());
    }

    @Test
    void issuerMustNameTheAccessKey() {
        assertRejected(victim.tokens().claim("iss", "urn:meshes:m2m:" + attacker.accessKey()).sign());
        assertRejected(victim.tokens().claim("iss", null).sign());
        assertRejected(victim.tokens().claim("iss", victim.accessKey()).sign());
    }

    @Test
    void audienceMustBeMeshesApi() {
        assertRejected(victim.tokens().claim("aud", "meshes").sign());
        assertRejected(victim.tokens().claim("aud", null).sign());
        assertRejected(victim.tokens().claim("aud", List.of("meshes-api", "evil")).sign());
    }

    @Test
    void orgMustBeTheKeysOrganization() {
        assertRejected(victim.tokens().claim("org", UUID.randomUUID().toString()).sign());
        assertRejected(victim.tokens().claim("org", null).sign());
        assertRejected(victim.tokens().claim("org", 42).sign());
        // The attacker's own valid key, pointed at the victim's organization
        assertRejected(attacker.tokens().claim("org", victim.organizationId().toString()).sign());
    }

    @Test
    void lifetimeOverSixtySecondsIsRefused() {
        assertRejected(victim.tokens().times(0, 61).sign());
        assertRejected(victim.tokens().times(0, 3600).sign());
    }

    @Test
    void expiredTokensAreRefused() {
        assertRejected(victim.tokens().times(-31, -1).sign());
        assertRejected(victim.tokens().times(-60, 0).sign());
    }

    @Test
    void iatAndExpAreRequiredAndOrdered() {
        assertRejected(victim.tokens().claim("iat", null).sign());
        assertRejected(victim.tokens().claim("exp", null).sign());
        assertRejected(victim.tokens().times(20, 10).sign());
        assertRejected(victim.tokens().claim("exp", "tomorrow").sign());
    }

    @Test
    void tokensIssuedInTheFutureAreRefused() {
        assertRejected(victim.tokens().times(30, 60).sign());
    }

    @Test
    void tamperedTokensAreRefused() {
        String token = victim.token();
        String[] parts = token.split("\\.");
        String forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"urn:meshes:m2m:" + victim.accessKey() + "\",\"aud\":\"meshes-api\",\"org\":\""
                        + victim.organizationId() + "\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
                        + (Instant.now().getEpochSecond() + 50) + ",\"admin\":true}").getBytes());
        assertRejected(parts[0] + "." + forgedClaims + "." + parts[2]);
        char last = parts[2].charAt(10);
        assertRejected(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A')
                + parts[2].substring(11));
        assertRejected(victim.tokens().secret(attacker.secretKey()).sign());
    }

    @Test
    void garbageAndMissingCredentialsAreRefused() {
        assertRejected("not-a-jwt");
        assertRejected("a.b.c");
        assertThat(server.http().send("GET", "/api/v1/workspaces", null, null,
                java.util.Map.of("Authorization", "Bearer ")).status()).isEqualTo(401);
        Response missing = server.http().get("/api/v1/workspaces", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.error()).isEqualTo("unauthorized");
        Response basic = server.http().send("GET", "/api/v1/workspaces", null, null,
                java.util.Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void aPublishableKeyDoesNotOpenTheManagementApi() {
        Response response = server.http().send("GET", "/api/v1/workspaces", null, null,
                java.util.Map.of("X-Meshes-Publishable-Key", "mesh_pub_a_b_c"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error()).isEqualTo("publishable_key_not_allowed");
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        Tenant key = server.newKey(victim, "[\"workspaces:read\"]", null);
        assertThat(workspaces(key.token()).status()).isEqualTo(200);

        assertThat(server.http().delete("/api/v1/keys/" + key.keyId(), victim.token()).status()).isEqualTo(200);

        assertRejected(key.token());
    }

    @Test
    void anExpiredKeyStopsWorking() {
        String expiresAt = Instant.now().plusMillis(1500).toString();
        var created = server.http().post("/api/v1/keys", victim.token(),
                "{\"name\":\"short-lived\",\"scopes\":[\"workspaces:read\"],\"expires_at\":\"" + expiresAt + "\"}");
        assertThat(created.status()).isEqualTo(201);
        var json = created.json().path("key");
        Tenant key = new Tenant(victim.organizationId(), UUID.fromString(json.path("id").asString()),
                json.path("access_key").asString(), json.path("secret_key").asString());
        assertThat(workspaces(key.token()).status()).isEqualTo(200);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> workspaces(key.token()).status() == 401);
        assertRejected(key.token());
    }

    @Test
    void everyRefusalLooksTheSame() {
        Response expired = workspaces(victim.tokens().times(-31, -1).sign());
        Response wrongOrg = workspaces(victim.tokens().claim("org", UUID.randomUUID().toString()).sign());
        assertThat(expired.json().path("message")).isEqualTo(wrongOrg.json().path("message"));
        assertThat(expired.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private Response workspaces(String token) {
        return server.http().get("/api/v1/workspaces", token);
    }

    private void assertRejected(String token) {
        Response response = workspaces(token);
        assertThat(response.status()).as("status for %s", token).isEqualTo(401);
        assertThat(response.error()).isEqualTo("invalid_token");
        assertThat(response.json().path("message").asString()).isEqualTo("Invalid or expired token");
        assertThat(response.json().path("correlation_id").asString()).isNotBlank();
    }
}
