package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.server.support.VendorEndToEnd;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Customer.io end to end, as a customer uses it: a connection saved with a Pipelines API key (the
 * key checked with Customer.io first), an event sent with the workspace's publishable key, a
 * {@code track_event} rule with a templated event name and a default mapping with transforms, and
 * the stubbed Pipelines API receiving exactly the identify and track it documents; the history
 * showing the attempt without the key; the (empty) action data and the field catalog; a body
 * Customer.io refuses recorded with its words; and a key it refuses deactivating the connection
 * and holding its deliveries until a working key is saved. On SQLite and PostgreSQL.
 */
class CustomerIoEndToEndTest extends VendorEndToEnd {

    static final String KEY = "cdp-e2e-5d9c0f3ab7e14c62";
    static final String NEW_KEY = "cdp-e2e-rotated-71b8e0c4";

    @Override
    protected Map<String, String> settings() {
        return Map.of("MESHES_PUBLIC_URL", "http://meshes.test",
                "MESHES_CONNECTOR_CUSTOMER_IO_BASE_URL", vendor.url() + "/cio");
    }

    CustomerIoEndToEndTest() {
        super("CIO");
    }

    @BeforeEach
    void stubTheAccount() {
        vendor.onJson("POST", "/cio/batch", 200, "{}");
    }

    @Test
    void theMappedPersonIsIdentifiedAndTheEventTrackedUnderItsTemplatedName() {
        String connection = connection(KEY);
        Request check = vendor.only("POST", "/cio/batch");
        assertThat(check.header("Authorization")).as("the key checked on save").isEqualTo(basic(KEY));
        assertThat(check.header("X-Strict-Mode")).isEqualTo("1");
        assertSameJson(JSON.readTree(check.body()), "{\"batch\":[]}", "the check creates nothing");

        String rule = rule(connection, "plan.upgraded", "{\"action\":\"track_event\","
                + "\"event_name_override\":\"Upgraded to {{plan}}\"}");
        saveMapping(connection, """
                {"expected_version": 0, "schema": {"schema_version": 1, "fields": [
                  {"dest": "userId", "source": {"type": "path", "value": "user.id"}, "transforms": [{"type": "to_string"}]},
                  {"dest": "email", "source": {"type": "path", "value": "user.email"}, "transforms": [{"type": "trim"}, {"type": "lower"}]},
                  {"dest": "first_name", "source": {"type": "path", "value": "user.first"}, "transforms": [{"type": "trim"}]},
                  {"dest": "last_name", "source": {"type": "path", "value": "user.last"}, "transforms": [{"type": "default", "value": "Unknown"}]},
                  {"dest": "properties", "source": {"type": "path", "value": "order"}}]}}""");
        vendor.onJson("POST", "/cio/identify", 200, "{}");
        vendor.onJson("POST", "/cio/track", 200, "{}");

        UUID event = scenario.emitOk("plan.upgraded", "{\"user\":{\"id\":42,\"email\":\" Ada@Example.COM \","
                + "\"first\":\" Ada \"},\"plan\":\"pro\",\"order\":{\"total\":49.5,\"currency\":\"EUR\"}}");

        JsonNode delivered = awaitEvent(event, "completed");
        JsonNode ruleEvent = delivered.path("rule_events").get(0);
        Request identify = vendor.only("POST", "/cio/identify");
        Request track = vendor.only("POST", "/cio/track");
        assertThat(vendor.requests()).extracting(Request::path).as("calls in order")
                .containsExactly("/cio/batch", "/cio/identify", "/cio/track");
        for (Request call : List.of(identify, track)) {
            assertThat(call.header("Authorization")).as("auth of %s", call).isEqualTo(basic(KEY));
            assertThat(call.header("X-Strict-Mode")).as("strict mode of %s", call).isEqualTo("1");
        }
        JsonNode identified = JSON.readTree(identify.body());
        JsonNode tracked = JSON.readTree(track.body());
        String messageId = tracked.path("messageId").asString();
        String timestamp = tracked.path("timestamp").asString();
        assertThat(Instant.parse(timestamp)).as("the event's time")
                .isEqualTo(Instant.parse(delivered.path("created_at").asString()));
        assertThat(UUID.fromString(messageId)).as("the delivery id").isNotNull();
        assertSameJson(identified, "{\"userId\":\"42\",\"type\":\"identify\",\"traits\":{\"email\":\"ada@example.com\","
                + "\"first_name\":\"Ada\",\"last_name\":\"Unknown\"},\"timestamp\":\"" + timestamp + "\","
                + "\"messageId\":\"" + messageId + "-identify\"}", "identify body");
        assertSameJson(tracked, "{\"userId\":\"42\",\"type\":\"track\",\"event\":\"Upgraded to pro\","
                + "\"properties\":{\"total\":49.5,\"currency\":\"EUR\"},\"timestamp\":\"" + timestamp + "\","
                + "\"messageId\":\"" + messageId + "\"}", "track body");

        JsonNode attempts = attempts(event, rule);
        JsonNode attempt = attempts.get(0);
        assertThat(attempt.path("outcome_code").asString()).as("attempt %s", attempt).isEqualTo("delivered");
        assertThat(attempt.path("request_headers").path("Authorization").asString()).isEqualTo("[redacted]");
        assertThat(attempt.path("request_headers").path("X-Strict-Mode").asString()).isEqualTo("1");
        assertThat(attempts.toString() + ruleEvent).as("the attempt history").doesNotContain(KEY, basic(KEY).substring(6));
        assertThat(get("/api/v1/connections/" + connection).toString()).as("the connection as answered")
                .doesNotContain(KEY);
    }

    @Test
    void theActionDataIsEmptyAndTheFieldCatalogListsWhatTheMappingMayWrite() {
        String connection = connection(KEY);

        JsonNode actions = get("/api/v1/connections/" + connection + "/actions");
        assertThat(actions.propertyNames()).as("action data besides the answer's correlation_id: %s", actions)
                .containsExactly("correlation_id");
        JsonNode catalog = get("/api/v1/connections/" + connection + "/fields");
        assertThat(catalog.path("integration_type").asString()).isEqualTo("customer_io");
        assertThat(keys(catalog)).containsExactly("userId",
                "anonymousId", "email", "name", "first_name", "last_name", "phone", "createdAt", "traits", "properties");
        assertThat(vendor.requests()).as("calls besides the check on save").hasSize(1);

        JsonNode generated = get("/api/v1/connections/" + connection + "/mappings/default");
        assertThat(generated.path("mapping").path("schema").path("fields").valueStream().map(f -> f.path("dest").asString()))
                .as("the generated mapping of the payload's well-known keys").contains("email", "first_name", "phone");
    }

    @Test
    void aBodyCustomerIoRefusesFailsTheDeliveryWithItsWords() {
        String connection = connection(KEY);
        String rule = rule(connection, "user.signup", "{\"action\":\"track_event\"}");
        vendor.onJson("POST", "/cio/track", 400, "{\"meta\":{\"errors\":[\"event name must be at most 100 characters\"]}}");

        UUID event = scenario.emitOk("user.signup", "{\"userId\":\"u_9\",\"plan\":\"free\"}");

        awaitFinalRefusal(event, rule, 400, "Authorization", "event name must be at most 100 characters");
        assertStillActive(connection, "a refused body leaves the connection active");
    }

    @Test
    void aKeyCustomerIoRefusesDeactivatesTheConnectionHoldsItsDeliveriesAndANewKeyResumesThem() {
        String connection = connection(KEY);
        rule(connection, "user.signup", "{\"action\":\"track_event\"}");
        vendor.onHeader("POST", "/cio/track", "Authorization", basic(KEY), new Response(401, "", Map.of()));
        vendor.onJson("POST", "/cio/track", 200, "{}");

        UUID first = scenario.emitOk("user.signup", "{\"userId\":\"u_1\"}");
        awaitDeactivated(connection, "authentication_invalid");
        UUID second = scenario.emitOk("user.signup", "{\"userId\":\"u_2\"}");
        assertHeldAfterAWhile(first, second);
        assertThat(vendor.requests("POST", "/cio/track")).as("calls while held").hasSize(1);

        vendor.onHeader("POST", "/cio/batch", "Authorization", basic(KEY), new Response(401, "", Map.of()));
        var refused = server.http().put("/api/v1/connections/" + connection, scenario.tenant.token(),
                "{\"name\":\"Lifecycle\",\"metadata\":{\"cdpApiKey\":\"" + KEY + "\"}}");
        assertThat(refused.status()).as("saving the refused key again: %s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("connection_credentials_invalid").doesNotContain(KEY);

        saveNewCredentials(connection, "Lifecycle", metadata(NEW_KEY), NEW_KEY);

        awaitEvent(first, "completed");
        awaitEvent(second, "completed");
        assertThat(vendor.requests("POST", "/cio/track").stream().skip(1))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(basic(NEW_KEY))).hasSize(2);
    }

    @Test
    void aConnectionWhoseKeyCustomerIoRefusesIsNotSaved() {
        vendor.onJson("POST", "/cio/batch", 401, "");

        var refused = server.http().post("/api/v1/connections", scenario.tenant.token(),
                connectionBody("customer_io", "Lifecycle", metadata(KEY)));

        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("connection_credentials_invalid", "API key").doesNotContain(KEY);
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    private String connection(String key) {
        return createConnection("customer_io", "Lifecycle", metadata(key), key);
    }

    private static String metadata(String key) {
        return "{\"region\":\"us\",\"cdpApiKey\":\"" + key + "\"}";
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
