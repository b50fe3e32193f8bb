package dev.openmeshes.connectors.customerio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.connectors.testing.ConnectorContractTest;
import dev.openmeshes.connectors.testing.VendorStub.Request;
import dev.openmeshes.connectors.testing.VendorStub.Response;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Customer.io connector against a stub answering as the Data Pipelines API description
 * ({@code pipelines.json}) documents: strict-mode calls with the key as Basic user name, an
 * optional identify of the mapped traits, then the track of the event.
 */
class CustomerIoConnectorTest extends ConnectorContractTest {

    private static final String KEY = "cdp-live-8f2e41c9d0a7b3e5";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
    private static final UUID DELIVERY = UUID.fromString("0b8e2d64-3c1f-4f6a-9d51-7a2e8c4b9f10");
    private static final Instant OCCURRED = Instant.parse("2026-03-01T12:30:45.123Z");

    /** A successful request returns an empty object (components.responses.200). */
    private static final String OK = "{}";
    /** components.responses.400: {meta: {errors: [string]}}. */
    private static final String INVALID = "{\"meta\":{\"errors\":[\"userId or anonymousId is required\"]}}";

    @Override
    protected Connector connector(ConnectorSettings settings) {
        return new CustomerIoConnector();
    }

    @Override
    protected String typeUnderTest() {
        return "customer_io";
    }

    @Override
    protected Map<String, Object> validMetadata() {
        return Map.of("region", "us", "cdpApiKey", KEY);
    }

    @Override
    protected void stubCredentialCheck(boolean accepted) {
        // A 401 carries no documented body (components.responses.401).
        vendor.on("POST", "/batch", accepted ? Response.json(200, OK) : new Response(401, "", Map.of()));
    }

    @Override
    protected void stubActionData() {
        // Customer.io has no list the action picks from.
    }

    @Override
    protected void verifyActionData(Map<String, Object> data) {
        assertThat(data).as("action data of a type whose only input is typed in").isEmpty();
        assertThat(vendor.requests()).as("vendor calls for the action data").isEmpty();
    }

    @Override
    protected List<ActionCase> actionCases() {
        return List.of(
                new ActionCase("track_event: tracks the event on the mapped userId with the payload as properties",
                        "track_event", Map.of(), Map.of("plan", "pro", "seats", 3), Map.of("userId", "u_42"),
                        () -> vendor.onJson("POST", "/track", 200, OK),
                        v -> {
                            assertThat(v.requests("POST", "/identify")).as("identify without traits").isEmpty();
                            JsonNode track = body(v.only("POST", "/track"));
                            assertThat(track.path("userId").asString()).isEqualTo("u_42");
                            assertThat(track.path("type").asString()).isEqualTo("track");
                            assertThat(track.path("event").asString()).as("the Meshes event name").isEqualTo("user.signup");
                            assertThat(track.path("properties")).isEqualTo(VendorJson.read("{\"plan\":\"pro\",\"seats\":3}"));
                            assertThat(UUID.fromString(track.path("messageId").asString())).as("the delivery id").isNotNull();
                            assertThat(Instant.parse(track.path("timestamp").asString())).isNotNull();
                            assertPipelinesHeaders(v.only("POST", "/track"));
                        }),
                new ActionCase("track_event: identifies the mapped traits first, then tracks under the override name",
                        "track_event", Map.of("event_name_override", "Upgraded to pro"), Map.of("plan", "pro"),
                        Map.of("userId", "u_42", "email", "ada@example.com", "first_name", "Ada",
                                "traits", Map.of("plan", "pro")),
                        () -> {
                            vendor.onJson("POST", "/identify", 200, OK);
                            vendor.onJson("POST", "/track", 200, OK);
                        },
                        v -> {
                            assertThat(v.requests()).extracting(Request::path).as("calls in order")
                                    .containsExactly("/identify", "/track");
                            JsonNode identify = body(v.only("POST", "/identify"));
                            assertThat(identify.path("traits")).isEqualTo(VendorJson.read(
                                    "{\"plan\":\"pro\",\"email\":\"ada@example.com\",\"first_name\":\"Ada\"}"));
                            assertThat(identify.path("type").asString()).isEqualTo("identify");
                            assertThat(body(v.only("POST", "/track")).path("event").asString()).isEqualTo("Upgraded to pro");
                            v.requests().forEach(CustomerIoConnectorTest::assertPipelinesHeaders);
                        }),
                new ActionCase("track_event: a person known only by anonymousId is tracked by it", "track_event",
                        Map.of(), Map.of("step", "pricing"), Map.of("anonymousId", "a-7d1f"),
                        () -> vendor.onJson("POST", "/track", 200, OK),
                        v -> {
                            JsonNode track = body(v.only("POST", "/track"));
                            assertThat(track.path("anonymousId").asString()).isEqualTo("a-7d1f");
                            assertThat(track.has("userId")).as("userId in %s", track).isFalse();
                        }));
    }

    @Override
    protected List<ErrorCase> errorCases() {
        String traits = "track_event: identifies the mapped traits first, then tracks under the override name";
        String track = "track_event: tracks the event on the mapped userId with the payload as properties";
        return List.of(
                new ErrorCase("400: the body refused in strict mode is final", track,
                        () -> vendor.onJson("POST", "/track", 400, INVALID), Outcome.REJECTED_CLIENT_ERROR, false, null),
                new ErrorCase("401 on identify: the key is invalid", traits,
                        () -> vendor.on("POST", "/identify", new Response(401, "", Map.of())),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("401 on track: a key revoked since it was saved is invalid", track,
                        () -> vendor.on("POST", "/track", new Response(401, "Unauthorized", Map.of())),
                        Outcome.AUTH_FAILED, false, Verdict.CREDENTIALS_INVALID),
                new ErrorCase("429 (undocumented, honoured) is retried", track,
                        () -> vendor.on("POST", "/track", Response.json(429, OK).withHeader("Retry-After", "3")),
                        Outcome.RATE_LIMITED, true, null),
                new ErrorCase("500 is retried", track, () -> vendor.onJson("POST", "/track", 500, OK),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("502 on identify is retried, and nothing is tracked", traits,
                        () -> vendor.on("POST", "/identify", new Response(502, "<html>Bad Gateway</html>", Map.of())),
                        Outcome.REJECTED_SERVER_ERROR, true, null),
                new ErrorCase("404 (a wrong base URL) is final", track, () -> vendor.reset(),
                        Outcome.REJECTED_CLIENT_ERROR, false, null));
    }

    // ---------------------------------------------------------------- the exact requests

    @Test
    void theTrackIsTheDocumentedBodyWithTheDeliveryIdAsMessageIdAndTheEventsTime() {
        vendor.onJson("POST", "/track", 200, OK);

        DeliveryResult result = deliver(Map.of(), Map.of("plan", "pro", "user", Map.of("id", 42)), Map.of("userId", "u_42"));

        assertThat(result.delivered()).as("%s", result).isTrue();
        Request track = vendor.only("POST", "/track");
        assertThat(track.query()).as("query of %s", track).isNull();
        assertThat(track.header("Content-Type")).isEqualTo("application/json");
        assertPipelinesHeaders(track);
        assertThat(body(track)).as("track body").isEqualTo(VendorJson.read("""
                {"userId":"u_42","type":"track","event":"user.signup","properties":{"plan":"pro","user":{"id":42}},
                 "timestamp":"2026-03-01T12:30:45.123Z","messageId":"0b8e2d64-3c1f-4f6a-9d51-7a2e8c4b9f10"}"""));
        assertThat(result.requestHeaders()).as("recorded headers").containsEntry("Authorization", "[redacted]")
                .containsEntry("X-Strict-Mode", "1");
    }

    @Test
    void mappedTraitsAreIdentifiedFirstWithTheirOwnStableMessageId() {
        vendor.onJson("POST", "/identify", 200, OK);
        vendor.onJson("POST", "/track", 200, OK);
        Map<String, Object> mapped = new LinkedHashMap<>();
        mapped.put("userId", " u_42 ");
        mapped.put("email", "ada@example.com");
        mapped.put("name", "Ada Lovelace");
        mapped.put("last_name", "Lovelace");
        mapped.put("phone", "+353871234567");
        mapped.put("createdAt", "2026-01-02T03:04:05Z");
        mapped.put("traits", Map.of("plan", "free", "email", "overridden@example.com"));
        mapped.put("properties", Map.of("amount", 49.5));

        DeliveryResult result = deliver(Map.of("event_name_override", "Plan pro chosen"), Map.of("plan", "pro"), mapped);

        assertThat(result.delivered()).as("%s", result).isTrue();
        assertThat(body(vendor.only("POST", "/identify"))).as("identify body").isEqualTo(VendorJson.read("""
                {"userId":"u_42","type":"identify","traits":{"plan":"free","email":"ada@example.com","name":"Ada Lovelace",
                 "last_name":"Lovelace","phone":"+353871234567","createdAt":"2026-01-02T03:04:05Z"},
                 "timestamp":"2026-03-01T12:30:45.123Z","messageId":"0b8e2d64-3c1f-4f6a-9d51-7a2e8c4b9f10-identify"}"""));
        assertThat(body(vendor.only("POST", "/track"))).as("track body: the mapped properties, not the payload")
                .isEqualTo(VendorJson.read("""
                        {"userId":"u_42","type":"track","event":"Plan pro chosen","properties":{"amount":49.5},
                         "timestamp":"2026-03-01T12:30:45.123Z","messageId":"0b8e2d64-3c1f-4f6a-9d51-7a2e8c4b9f10"}"""));
    }

    @Test
    void aRetriedAttemptSendsTheSameMessageIdsSoCustomerIoDeduplicatesIt() {
        vendor.onJson("POST", "/identify", 200, OK);
        vendor.on("POST", "/track", Response.json(503, OK), Response.json(200, OK));
        Map<String, Object> mapped = Map.of("userId", "u_42", "email", "ada@example.com");

        assertThat(connector.deliver(context(), request(1, Map.of(), Map.of(), mapped)).retryable()).isTrue();
        assertThat(connector.deliver(context(), request(2, Map.of(), Map.of(), mapped)).delivered()).isTrue();

        assertThat(vendor.requests("POST", "/track")).extracting(r -> body(r).path("messageId").asString())
                .as("messageIds of both attempts").containsExactly(DELIVERY.toString(), DELIVERY.toString());
        assertThat(vendor.requests("POST", "/identify")).extracting(r -> body(r).path("messageId").asString())
                .containsOnly(DELIVERY + "-identify");
    }

    @Test
    void theCredentialCheckIsAnEmptyStrictBatchThatCreatesNothing() {
        vendor.onJson("POST", "/batch", 200, OK);

        assertThat(connector.check(context())).as("the check's failure").isNull();

        Request check = vendor.only("POST", "/batch");
        assertPipelinesHeaders(check);
        assertThat(body(check)).isEqualTo(VendorJson.read("{\"batch\":[]}"));
        assertThat(vendor.requests()).hasSize(1);
    }

    @Test
    void aCheckWhoseEmptyBatchIsRefusedAsABodyStillProvesTheKey() {
        vendor.onJson("POST", "/batch", 400, "{\"meta\":{\"errors\":[\"batch must not be empty\"]}}");

        assertThat(connector.check(context())).as("a 400 comes after the key was accepted").isNull();
    }

    @Test
    void aRefusedKeyFailsTheCheckAsInvalidWithoutShowingTheKey() {
        vendor.on("POST", "/batch", new Response(401, "", Map.of()));

        DeliveryResult failed = connector.check(context());

        assertThat(failed.verdict()).as("%s", failed).isEqualTo(Verdict.CREDENTIALS_INVALID);
        assertThat(failed.message()).contains("HTTP 401", "API key").doesNotContain(KEY, BASIC.substring(6));
        assertThat(failed.requestHeaders()).containsEntry("Authorization", "[redacted]");
    }

    @Test
    void aCheckDuringAnOutageIsRetryableAndSaysNothingAboutTheKey() {
        vendor.onJson("POST", "/batch", 503, OK);

        DeliveryResult failed = connector.check(context());

        assertThat(List.of(failed.retryable(), failed.verdict() == null)).as("%s", failed).containsExactly(true, true);
    }

    // ---------------------------------------------------------------- refusals and the vendor's words

    @Test
    void aRefusedBodyIsFinalWithCustomerIosOwnWords() {
        vendor.onJson("POST", "/track", 400, INVALID);

        DeliveryResult result = deliver(Map.of(), Map.of(), Map.of("userId", "u_42"));

        assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.REJECTED_CLIENT_ERROR);
        assertThat(result.retryable()).isFalse();
        assertThat(result.statusCode()).isEqualTo(400);
        assertThat(result.message()).isEqualTo("Customer.io track: HTTP 400 (userId or anonymousId is required)");
    }

    @Test
    void aFailedIdentifyEndsTheDeliveryBeforeTheEventIsTracked() {
        vendor.on("POST", "/identify", Response.json(429, OK).withHeader("Retry-After", "9"));
        vendor.onJson("POST", "/track", 200, OK);

        DeliveryResult result = deliver(Map.of(), Map.of(), Map.of("userId", "u_42", "email", "ada@example.com"));

        assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(9));
        assertThat(vendor.requests("POST", "/track")).as("tracks after a failed identify").isEmpty();
    }

    @Test
    void anEventNamingNoPersonIsAMappingErrorAndNothingIsSent() {
        DeliveryResult result = deliver(Map.of(), Map.of("email", "ada@example.com"), Map.of("email", "ada@example.com"));

        assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.MAPPING_ERROR);
        assertThat(result.retryable()).isFalse();
        assertThat(result.message()).contains("userId");
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void aUserIdInThePayloadNamesThePersonWithoutAMapping() {
        vendor.onJson("POST", "/track", 200, OK);

        assertThat(deliver(Map.of(), Map.of("userId", "u_7"), Map.of()).delivered()).isTrue();

        assertThat(body(vendor.only("POST", "/track")).path("userId").asString()).isEqualTo("u_7");
    }

    @Test
    void propertiesOrTraitsMappedFromSomethingOtherThanAnObjectAreAMappingError() {
        for (String field : List.of("properties", "traits")) {
            DeliveryResult result = deliver(Map.of(), Map.of(), Map.of("userId", "u_42", field, "gold"));
            assertThat(result.outcome()).as("%s mapped from a string: %s", field, result).isEqualTo(Outcome.MAPPING_ERROR);
            assertThat(result.message()).contains(field, "not an object");
        }
        assertThat(vendor.requests()).isEmpty();
    }

    @Test
    void aRequestOverCustomerIosSizeLimitIsRefusedInsteadOfSilentlyDropped() {
        String large = "x".repeat(CustomerIoConnector.MAX_REQUEST_BYTES);

        DeliveryResult result = deliver(Map.of(), Map.of("notes", large), Map.of("userId", "u_42", "email", "a@b.c"));

        assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.REJECTED_CLIENT_ERROR);
        assertThat(result.retryable()).as("a retry is as large").isFalse();
        assertThat(result.message()).contains("32768 bytes", "drop");
        assertThat(vendor.requests()).as("nothing sent, not even the identify").isEmpty();
    }

    @Test
    void aConnectionWithoutItsKeyIsRefusedAsInvalidWithoutACall() {
        DeliveryResult result = connector.deliver(context(Map.of("region", "us")),
                request(1, Map.of(), Map.of(), Map.of("userId", "u_42")));

        assertThat(result.verdict()).as("%s", result).isEqualTo(Verdict.CREDENTIALS_INVALID);
        assertThat(vendor.requests()).isEmpty();
    }

    // ---------------------------------------------------------------- the declaration

    @Test
    void theRegionDefaultsToUsAndPicksTheRegionsHostWithItsVersionPrefix() {
        assertThat(connector.validate(Map.of("cdpApiKey", KEY))).containsEntry("region", "us");
        assertThat(CustomerIoSpec.base("us")).isEqualTo("https://cdp.customer.io/v1");
        assertThat(CustomerIoSpec.base("eu")).isEqualTo("https://cdp-eu.customer.io/v1");
        assertThatThrownBy(() -> connector.validate(Map.of("cdpApiKey", KEY, "region", "au")))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.region");
    }

    @Test
    void theCatalogShowsAnApiKeyTypeWithASecretKeyAndTheOptionalEventName() {
        var integration = connector.spec().toIntegration();
        assertThat(integration.authentication().get("type")).isEqualTo("api_key");
        assertThat(connector.spec().secretPaths()).containsExactly("cdpApiKey");
        @SuppressWarnings("unchecked")
        var fields = (List<Map<String, Object>>) integration.authentication().get("fields");
        assertThat(fields).extracting(f -> List.of(f.get("key"), f.get("type"), f.get("required")))
                .containsExactly(List.of("region", "select", false), List.of("cdpApiKey", "password", true));
        var action = integration.actions().get("track_event");
        assertThat(action.fields()).containsExactly("event_name_override");
        assertThat(action.data().getFirst()).containsEntry("kind", "field").containsEntry("required", false);
    }

    @Test
    void theFieldCatalogIsTheIdentifiersAndTraitsTheMappingMayWrite() {
        List<FieldDefinition> fields = connector.fields(context());

        assertThat(fields).extracting(FieldDefinition::key).containsExactly("userId", "anonymousId", "email", "name",
                "first_name", "last_name", "phone", "createdAt", "traits", "properties");
        assertThat(vendor.requests()).as("Customer.io has no field list to read").isEmpty();
    }

    @Test
    void theRateLimitStaysWithinCustomerIosThreeThousandRequestsPerThreeSeconds() {
        var limit = connector.spec().rateLimit();
        int callsPerDelivery = 2;
        assertThat(limit.permits() * callsPerDelivery * (3_000.0 / limit.per().toMillis()))
                .as("calls per 3 s at the declared limit").isLessThanOrEqualTo(3_000);
    }

    // ---------------------------------------------------------------- helpers

    private DeliveryResult deliver(Map<String, Object> ruleMetadata, Map<String, Object> payload,
                                   Map<String, Object> mapped) {
        return connector.deliver(context(), request(1, ruleMetadata, payload, mapped));
    }

    private static DeliveryRequest request(int attempt, Map<String, Object> ruleMetadata, Map<String, Object> payload,
                                           Map<String, Object> mapped) {
        Map<String, Object> metadata = new LinkedHashMap<>(ruleMetadata);
        metadata.put("action", "track_event");
        return new DeliveryRequest(DELIVERY, UUID.randomUUID(), UUID.randomUUID(), "user.signup", "user", "u_1",
                VendorJson.write(payload), payload, OCCURRED, attempt, "track_event", metadata, mapped);
    }

    private static void assertPipelinesHeaders(Request request) {
        assertThat(request.header("Authorization")).as("Basic auth of %s: the key and an empty password", request)
                .isEqualTo(BASIC);
        assertThat(request.header("X-Strict-Mode")).as("strict mode of %s", request).isEqualTo("1");
    }

    private static JsonNode body(Request request) {
        return VendorJson.read(request.body());
    }
}
