package dev.openmeshes.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.connectors.testing.VendorStub;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connection type end to end against a real server on both stores, as a customer uses it: a
 * stubbed vendor (reset before each test, its base URL given to the server by {@link #settings()}),
 * a fresh tenant and workspace per test, and the API calls and checks every such test makes.
 */
public abstract class VendorEndToEnd extends OnBothStores {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    protected final VendorStub vendor = new VendorStub();
    protected Scenario scenario;

    private final String tenantLabel;

    /** {@code tenantLabel} starts the tenant's name, so a failing test's rows are easy to find. */
    protected VendorEndToEnd(String tenantLabel) {
        this.tenantLabel = tenantLabel;
    }

    @BeforeEach
    final void freshVendorAndTenant() {
        vendor.reset();
        scenario = newScenario(server, tenantLabel);
    }

    @AfterAll
    final void stopVendor() {
        vendor.close();
    }

    /** Another tenant with its own workspace, on {@code on}. */
    protected static Scenario newScenario(TestServer on, String label) {
        return new Scenario(on, label + " " + UUID.randomUUID().toString().substring(0, 8));
    }

    // ---------------------------------------------------------------- the API, as a client uses it

    protected String connectionBody(String type, String name, String metadataJson) {
        return connectionBody(scenario, type, name, metadataJson);
    }

    protected static String connectionBody(Scenario tenant, String type, String name, String metadataJson) {
        return "{\"workspace\":\"" + tenant.workspace + "\",\"type\":\"" + type + "\",\"name\":\"" + name
                + "\",\"metadata\":" + metadataJson + "}";
    }

    /** Creates a connection and checks that the answer shows none of {@code hiddenSecrets}; its id. */
    protected String createConnection(String type, String name, String metadataJson, String... hiddenSecrets) {
        return createConnection(server, scenario, type, name, metadataJson, hiddenSecrets);
    }

    protected static String createConnection(TestServer on, Scenario tenant, String type, String name,
                                             String metadataJson, String... hiddenSecrets) {
        var created = on.http().post("/api/v1/connections", tenant.tenant.token(),
                connectionBody(tenant, type, name, metadataJson));
        assertThat(created.status()).as("creating the %s connection: %s", type, created).isEqualTo(201);
        assertThat(created.text()).as("the answer shows no secret").doesNotContain(hiddenSecrets);
        return created.json().path("connection").path("id").asString();
    }

    protected String ruleBody(String connection, String event, String metadataJson) {
        return ruleBody(scenario, connection, event, metadataJson);
    }

    protected static String ruleBody(Scenario tenant, String connection, String event, String metadataJson) {
        return "{\"workspace\":\"" + tenant.workspace + "\",\"connection\":\"" + connection + "\",\"event\":\"" + event
                + "\",\"metadata\":" + metadataJson + "}";
    }

    /** Creates a rule sending {@code event} to the connection with the action in {@code metadataJson}; its id. */
    protected String rule(String connection, String event, String metadataJson) {
        return rule(server, scenario, connection, event, metadataJson);
    }

    protected static String rule(TestServer on, Scenario tenant, String connection, String event, String metadataJson) {
        var created = on.http().post("/api/v1/rules", tenant.tenant.token(),
                ruleBody(tenant, connection, event, metadataJson));
        assertThat(created.status()).as("creating the rule: %s", created).isEqualTo(201);
        return created.json().path("rule").path("id").asString();
    }

    /** Saves new credentials on the connection: active again, the answer showing none of {@code hiddenSecrets}. */
    protected void saveNewCredentials(String connection, String name, String metadataJson, String... hiddenSecrets) {
        var saved = server.http().put("/api/v1/connections/" + connection, scenario.tenant.token(),
                "{\"name\":\"" + name + "\",\"metadata\":" + metadataJson + "}");
        assertThat(saved.status()).as("saving new credentials: %s", saved).isEqualTo(200);
        assertThat(saved.json().path("active").asBoolean()).as("the connection after new credentials: %s", saved)
                .isTrue();
        assertThat(saved.text()).as("the answer shows no secret").doesNotContain(hiddenSecrets);
    }

    /** Saves the connection's first default mapping ({@code expected_version} 0). */
    protected void saveMapping(String connection, String body) {
        var saved = server.http().put("/api/v1/connections/" + connection + "/mappings/default",
                scenario.tenant.token(), body);
        assertThat(saved.status()).as("saving the mapping: %s", saved).isEqualTo(200);
        assertThat(saved.json().path("status").asString()).as("the saved mapping: %s", saved).isEqualTo("stored");
        assertThat(saved.json().path("mapping").path("version").asInt()).as("the saved mapping: %s", saved)
                .isEqualTo(1);
    }

    /** GETs {@code path} as the tenant, expecting 200; the body. */
    protected JsonNode get(String path) {
        var response = server.http().get(path, scenario.tenant.token());
        assertThat(response.status()).as("GET %s: %s", path, response).isEqualTo(200);
        return response.json();
    }

    protected JsonNode event(UUID id) {
        return get("/api/v1/events/" + id);
    }

    /** The recorded attempts of the event's delivery by {@code rule}, oldest first. */
    protected JsonNode attempts(UUID event, String rule) {
        return get(attemptsPath(event, rule)).path("records");
    }

    private static String attemptsPath(UUID event, String rule) {
        return "/api/v1/events/" + event + "/rules/" + rule + "/attempts";
    }

    /** Waits for the event to reach {@code status}; the event. */
    protected JsonNode awaitEvent(UUID id, String status) {
        patiently().untilAsserted(() -> assertThat(event(id).path("status").asString())
                .as("event %s: %s; vendor saw %s", id, event(id), vendor.requests()).isEqualTo(status));
        return event(id);
    }

    /** Waits until the connection satisfies {@code condition}; the connection. */
    protected JsonNode awaitConnection(String id, Predicate<JsonNode> condition) {
        return patiently().until(() -> get("/api/v1/connections/" + id), condition::test);
    }

    /** Waits for the connection to be deactivated and checks why; the connection. */
    protected JsonNode awaitDeactivated(String connection, String inactiveReason) {
        JsonNode deactivated = awaitConnection(connection, c -> !c.path("active").asBoolean());
        assertThat(deactivated.path("inactive_reason").asString()).as("connection %s", deactivated)
                .isEqualTo(inactiveReason);
        return deactivated;
    }

    private static ConditionFactory patiently() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }

    // ---------------------------------------------------------------- shared checks

    /**
     * After a pause long enough for a due attempt to run, each event's first delivery is held:
     * pending, marked held and with no attempt scheduled.
     */
    protected void assertHeldAfterAWhile(UUID... events) {
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> true);
        for (UUID event : events) {
            assertHeld(event(event).path("rule_events").get(0));
        }
    }

    /** Waits until the event's delivery is held with the refused attempt recorded (it is written just after). */
    protected void awaitHeldWithTheRefusedAttempt(UUID event) {
        patiently().untilAsserted(() -> {
            JsonNode ruleEvent = event(event).path("rule_events").get(0);
            assertHeld(ruleEvent);
            assertThat(ruleEvent.path("attempt_count").asInt()).as("the refused attempt recorded: %s", ruleEvent)
                    .isGreaterThanOrEqualTo(1);
        });
    }

    private static void assertHeld(JsonNode ruleEvent) {
        assertThat(ruleEvent.path("status").asString()).as("a held delivery: %s", ruleEvent).isEqualTo("pending");
        assertThat(ruleEvent.path("held").asBoolean()).as("held: %s", ruleEvent).isTrue();
        assertThat(ruleEvent.path("next_attempt_at").isNull()).as("no attempt is due while held: %s", ruleEvent)
                .isTrue();
    }

    /**
     * The event's delivery by {@code rule} succeeded at the first attempt, whose recorded
     * {@code secretHeader} is redacted, and neither the attempt history nor the event shows any of
     * {@code secrets}.
     */
    protected void assertDeliveredAttemptHidesSecret(UUID event, String rule, String secretHeader, String... secrets) {
        var history = server.http().get(attemptsPath(event, rule), scenario.tenant.token());
        assertThat(history.status()).as("attempts: %s", history).isEqualTo(200);
        JsonNode attempt = history.json().path("records").get(0);
        assertThat(attempt.path("outcome_code").asString()).as("attempt %s", attempt).isEqualTo("delivered");
        assertThat(attempt.path("request_headers").path(secretHeader).asString()).as("%s of attempt %s",
                secretHeader, attempt).isEqualTo("[redacted]");
        assertThat(history.text()).as("the attempt history").doesNotContain(secrets);
        assertThat(server.http().get("/api/v1/events/" + event, scenario.tenant.token()).text()).as("the event")
                .doesNotContain(secrets);
    }

    /**
     * Waits for the event to fail, then checks that its delivery by {@code rule} failed at its only
     * attempt, which the vendor refused with {@code vendorStatus}: not retried, the vendor's words
     * in {@code last_error}, the attempt recorded as a client error with {@code secretHeader} redacted.
     */
    protected void awaitFinalRefusal(UUID event, String rule, int vendorStatus, String secretHeader,
                                     String... vendorWords) {
        JsonNode delivery = awaitEvent(event, "failed").path("rule_events").get(0);
        assertThat(delivery.path("status").asString()).as("delivery %s", delivery).isEqualTo("failed");
        assertThat(delivery.path("attempt_count").asInt()).as("a final refusal is not retried: %s", delivery)
                .isEqualTo(1);
        assertThat(delivery.path("last_error").asString()).as("last_error of %s", delivery).contains(vendorWords);
        JsonNode attempt = attempts(event, rule).get(0);
        assertThat(attempt.path("outcome_code").asString()).as("attempt %s", attempt).isEqualTo("rejected_client_error");
        assertThat(attempt.path("status_code").asInt()).as("attempt %s", attempt).isEqualTo(vendorStatus);
        assertThat(attempt.path("request_headers").path(secretHeader).asString()).as("%s of attempt %s",
                secretHeader, attempt).isEqualTo("[redacted]");
    }

    /** A refusal of one delivery leaves the connection active. */
    protected void assertStillActive(String connection, String because) {
        assertThat(get("/api/v1/connections/" + connection).path("active").asBoolean()).as(because).isTrue();
    }

    /** The request's body is the JSON {@code expected} (any key order and spacing). */
    protected static void assertJson(Request request, String expected) {
        assertThat(JSON.readTree(request.body())).as("body of %s: expected %s", request, expected)
                .isEqualTo(JSON.readTree(expected));
    }

    protected static void assertSameJson(JsonNode seen, String expected, String what) {
        assertThat(seen).as("%s: expected %s, seen %s", what, expected, seen).isEqualTo(JSON.readTree(expected));
    }

    /** The keys of a field catalog, in its order. */
    protected static List<String> keys(JsonNode catalog) {
        return catalog.path("fields").valueStream().map(f -> f.path("key").asString()).toList();
    }
}
