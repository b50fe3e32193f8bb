package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.core.model.Organization;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The platform admin and the attacker's requests against it: an organization's admin never reaches
 * the platform endpoints, never grants {@code platform:admin}, never names another organization.
 */
class PlatformAdminTest extends OnBothStores {

    /** Every platform endpoint, with a body where it takes one. */
    static final List<String[]> PLATFORM_ENDPOINTS = List.of(
            new String[] {"GET", "/api/v1/organizations", null},
            new String[] {"POST", "/api/v1/organizations", "{\"name\":\"Mine now\"}"},
            new String[] {"GET", "/api/v1/organizations/{id}", null},
            new String[] {"PUT", "/api/v1/organizations/{id}", "{\"name\":\"Renamed\"}"},
            new String[] {"POST", "/api/v1/organizations/{id}/suspend", "{}"},
            new String[] {"POST", "/api/v1/organizations/{id}/resume", "{}"},
            new String[] {"DELETE", "/api/v1/organizations/{id}", null},
            new String[] {"GET", "/api/v1/platform/audit", null});

    /** Every answer these tests get must match the OpenAPI description (a refusal: the error shape). */
    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    Tenant admin;
    Tenant customer;
    Tenant other;

    @BeforeEach
    void anOperatorAndTwoCustomers() {
        admin = server.platformAdmin();
        customer = server.newTenant("Customer");
        other = server.newTenant("Other customer");
    }

    /** A token of the platform admin's key that acts inside {@code organization}. */
    String actingIn(UUID organization) {
        return admin.tokens().claim("org", organization.toString()).sign();
    }

    @Test
    void anOrganizationsAdminIsRefusedEveryPlatformEndpoint() {
        for (String[] endpoint : PLATFORM_ENDPOINTS) {
            String path = endpoint[1].replace("{id}", other.organizationId().toString());
            var response = server.http().send(endpoint[0], path, customer.token(), endpoint[2], java.util.Map.of());

            assertThat(response.status()).as("%s %s by an organization's admin: %s", endpoint[0], path, response)
                    .isEqualTo(403);
            assertThat(response.error()).isEqualTo("platform_admin_required");
        }
        assertThat(server.http().get("/api/v1/organizations/" + other.organizationId(), admin.token()).json()
                .path("organization").path("status").asString()).as("the other organization is untouched")
                .isEqualTo("active");
    }

    @Test
    void aPlatformAdminActingInsideAnOrganizationIsRefusedThePlatformEndpoints() {
        var response = server.http().get("/api/v1/organizations", actingIn(customer.organizationId()));

        assertThat(response.status()).as("platform endpoints want org = the operators: %s", response).isEqualTo(403);
        assertThat(response.error()).isEqualTo("platform_admin_required");
    }

    @Test
    void anOrganizationsAdminCannotGrantPlatformAdmin() {
        var response = server.http().post("/api/v1/keys", customer.token(),
                "{\"name\":\"escalate\",\"scopes\":[\"platform:admin\"]}");

        assertThat(response.status()).as("granting platform:admin: %s", response).isEqualTo(403);
        assertThat(response.error()).isEqualTo("scope_not_grantable");
    }

    @Test
    void anOrganizationsAdminGrantsEveryOtherScope() {
        var response = server.http().post("/api/v1/keys", customer.token(),
                "{\"name\":\"deputy\",\"scopes\":[\"admin\",\"keys:write\",\"people:read\"]}");

        assertThat(response.status()).as("admin grants every scope but platform:admin: %s", response).isEqualTo(201);
    }

    @Test
    void anOrganizationsAdminNamingAnotherOrganizationOrTheOperatorsIsRefused() {
        for (UUID foreign : List.of(other.organizationId(), Organization.OPERATORS)) {
            String forged = customer.tokens().claim("org", foreign.toString()).sign();

            var response = server.http().get("/api/v1/workspaces", forged);
            assertThat(response.status()).as("an admin's token naming %s: %s", foreign, response).isEqualTo(401);
            assertThat(response.error()).isEqualTo("invalid_token");
        }
    }

    @Test
    void aPlatformAdminActsInsideAnyOrganizationAndEveryCallIsAudited() {
        String token = actingIn(customer.organizationId());
        var created = server.http().post("/api/v1/workspaces", token, "{\"name\":\"Set up by support\"}");
        assertThat(created.status()).as("acting inside the customer: %s", created).isEqualTo(201);

        var seenByCustomer = server.http().get("/api/v1/workspaces", customer.token());
        assertThat(seenByCustomer.text()).as("the workspace is the customer's").contains("Set up by support");
        assertThat(server.http().get("/api/v1/workspaces", other.token()).text()).doesNotContain("Set up by support");

        var audit = server.http().get("/api/v1/platform/audit", admin.token());
        assertThat(audit.status()).isEqualTo(200);
        JsonNode entry = entryFor(audit.json(), created.header("x-correlation-id"));
        assertThat(entry).as("the call is in the audit: %s", audit.text()).isNotNull();
        assertThat(entry.path("organization_id").asString()).isEqualTo(customer.organizationId().toString());
        assertThat(entry.path("access_key").asString()).isEqualTo(admin.accessKey());
        assertThat(entry.path("method").asString()).isEqualTo("POST");
        assertThat(entry.path("path").asString()).isEqualTo("/api/v1/workspaces");
        assertThat(entry.path("status").asInt()).isEqualTo(201);
        assertThat(entry.path("at").asString()).isNotEmpty();
    }

    @Test
    void aCallWhosePathHoldsANulOrANewlineIsAuditedAsItWasSent() {
        for (String path : List.of("/api/v1/organizations/a%00b", "/api/v1/organizations/a%0AGET%20forged")) {
            var refused = server.http().get(path, admin.token());
            assertThat(refused.status()).as("GET %s: %s", path, refused).isBetween(400, 499);

            JsonNode entry = entryFor(server.http().get("/api/v1/platform/audit", admin.token()).json(),
                    refused.header("x-correlation-id"));
            assertThat(entry).as("GET %s is in the audit", path).isNotNull();
            assertThat(entry.path("path").asString()).as("the path kept as it was sent").isEqualTo(path);
            assertThat(entry.path("status").asInt()).isEqualTo(refused.status());
        }
    }

    @Test
    void aPlatformAdminNamingNoOrganizationThatExistsGets404() {
        var response = server.http().get("/api/v1/workspaces", actingIn(UUID.randomUUID()));

        assertThat(response.status()).as("an unknown organization: %s", response).isEqualTo(404);
    }

    @Test
    void aPlatformAdminGrantsPlatformAdminOnlyToOperatorKeys() {
        var operatorKey = server.http().post("/api/v1/keys", admin.token(),
                "{\"name\":\"second operator\",\"scopes\":[\"platform:admin\"]}");
        assertThat(operatorKey.status()).as("another operator key: %s", operatorKey).isEqualTo(201);
        assertThat(operatorKey.json().path("key").path("organization_id").asString())
                .isEqualTo(Organization.OPERATORS.toString());

        String inCustomer = actingIn(customer.organizationId());
        var planted = server.http().post("/api/v1/keys", inCustomer,
                "{\"name\":\"planted\",\"scopes\":[\"platform:admin\"]}");
        assertThat(planted.status()).as("platform:admin in a customer's key: %s", planted).isEqualTo(403);
        assertThat(planted.error()).isEqualTo("scope_not_grantable");

        var customerAdmin = server.http().post("/api/v1/keys", inCustomer, "{\"name\":\"for the customer\",\"scopes\":[\"admin\"]}");
        assertThat(customerAdmin.status()).isEqualTo(201);
        assertThat(customerAdmin.json().path("key").path("organization_id").asString())
                .isEqualTo(customer.organizationId().toString());
    }

    @Test
    void anOrganizationsAdminCannotRotateOrRevokeAnOperatorKey() {
        String path = "/api/v1/keys/" + admin.keyId();

        assertThat(server.http().post(path + "/rotate", customer.token(), "{}").status()).isEqualTo(404);
        assertThat(server.http().delete(path, customer.token()).status()).isEqualTo(404);
        assertThat(server.http().get("/api/v1/organizations", admin.token()).status()).isEqualTo(200);
    }

    private static JsonNode entryFor(JsonNode page, String correlationId) {
        for (JsonNode record : page.path("records")) {
            if (record.path("correlation_id").asString().equals(correlationId)) {
                return record;
            }
        }
        return null;
    }
}
