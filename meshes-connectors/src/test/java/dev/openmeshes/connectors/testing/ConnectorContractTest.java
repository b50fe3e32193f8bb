package dev.openmeshes.connectors.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.connectors.http.HttpOptions;
import dev.openmeshes.connectors.http.PooledHttp;
import dev.openmeshes.connectors.http.VendorJson;
import dev.openmeshes.core.Problem;
import dev.openmeshes.core.connector.AccessToken;
import dev.openmeshes.core.connector.ActionSpec;
import dev.openmeshes.core.connector.ConnectionConfig;
import dev.openmeshes.core.connector.ConnectionField;
import dev.openmeshes.core.connector.Connector;
import dev.openmeshes.core.connector.ConnectorContext;
import dev.openmeshes.core.connector.ConnectorSettings;
import dev.openmeshes.core.connector.DeliveryRequest;
import dev.openmeshes.core.connector.DeliveryResult;
import dev.openmeshes.core.connector.DeliveryResult.Outcome;
import dev.openmeshes.core.connector.DeliveryResult.Verdict;
import dev.openmeshes.core.connector.FieldDefinition;
import dev.openmeshes.core.connector.HttpCall;
import dev.openmeshes.core.connector.Integration;
import dev.openmeshes.core.connector.MetadataPaths;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every connector must do, as {@code StoreContractTest} is for stores: describe itself
 * completely, validate connection metadata from its declaration, check credentials, read its live
 * action data and fields, deliver every declared action with the exact requests its vendor expects,
 * and classify the vendor's documented errors. Each connector's test extends this against a
 * {@link VendorStub} and supplies the vendor's requests and answers.
 */
public abstract class ConnectorContractTest {

    /** One action delivered: the rule and event, the vendor's answers, and the requests it must have seen. */
    public record ActionCase(String name, String action, Map<String, Object> ruleMetadata, Map<String, Object> payload,
                             Map<String, Object> mapped, Runnable stubVendor, Consumer<VendorStub> verifyRequests) {}

    /**
     * A documented vendor error: after the action case's own stubbing, {@code stubError} makes the
     * vendor answer it, and the result must carry this outcome, retryability and verdict (null: none).
     */
    public record ErrorCase(String name, String actionCase, Runnable stubError, Outcome outcome, boolean retryable,
                            Verdict verdict) {}

    protected final VendorStub vendor = new VendorStub();
    protected PooledHttp http;
    protected Connector connector;
    protected final Clock clock = Clock.systemUTC();

    /** The connector under test; its base URL (and token URL) are the stub's, through these settings. */
    protected abstract Connector connector(ConnectorSettings settings);

    /** Connection metadata as a client would send it, with credentials whose values are secrets. */
    protected abstract Map<String, Object> validMetadata();

    /** The access token the platform hands an OAuth connector, or null for other types. */
    protected AccessToken token() {
        return null;
    }

    /** Makes the vendor accept (or refuse, as it documents) the credential check. */
    protected abstract void stubCredentialCheck(boolean accepted);

    /** Makes the vendor answer the list calls behind the action data, with more than one page where it pages. */
    protected abstract void stubActionData();

    /** Checks the action data read from {@link #stubActionData}'s answers (every page). */
    protected abstract void verifyActionData(Map<String, Object> data);

    /** One or more cases per declared action. */
    protected abstract List<ActionCase> actionCases();

    /** The vendor's documented errors for the connector's calls. */
    protected abstract List<ErrorCase> errorCases();

    protected ConnectorSettings settings() {
        return new ConnectorSettings(typeUnderTest(), Optional.of(vendor.url()), Optional.of(vendor.url() + "/oauth/token"),
                Optional.of(new ConnectorSettings.OAuthClient("client-id", "client-secret")));
    }

    /** The connection type, for settings made before the connector exists. */
    protected abstract String typeUnderTest();

    @BeforeEach
    void startConnector() {
        http = new PooledHttp(HttpOptions.vendorDefaults(), clock);
        connector = connector(settings());
    }

    @AfterEach
    void stopVendor() {
        vendor.close();
        http.close();
    }

    protected ConnectorContext context() {
        return context(connector.validate(validMetadata()));
    }

    protected ConnectorContext context(Map<String, Object> metadata) {
        AccessToken token = token();
        var connection = new ConnectionConfig(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), connector.type(),
                "Contract test", metadata);
        return new ConnectorContext(connection, token == null ? AccessToken.Source.NONE : () -> token, http, clock,
                settings());
    }

    protected DeliveryResult deliver(ActionCase c) {
        return deliver(c, context());
    }

    protected DeliveryResult deliver(ActionCase c, ConnectorContext context) {
        Map<String, Object> metadata = new LinkedHashMap<>(c.ruleMetadata());
        metadata.put("action", c.action());
        var request = new DeliveryRequest(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "user.signup",
                "user", "u_1", VendorJson.write(c.payload()), c.payload(),
                Instant.now(), 1, c.action(), metadata, c.mapped());
        return connector.deliver(context, request);
    }

    /** Delivers {@code action} with nothing stubbed: for deliveries refused before any call. */
    protected DeliveryResult deliverUnstubbed(String action, Map<String, Object> ruleMetadata,
                                              Map<String, Object> payload) {
        return deliver(new ActionCase("unstubbed " + action, action, ruleMetadata, payload, Map.of(), () -> {},
                v -> {}));
    }

    /** Delivers the first action case against its own stubs, then {@code vendorAnswers}' (which win). */
    protected DeliveryResult deliverFirstCaseWith(Runnable vendorAnswers) {
        ActionCase c = actionCases().getFirst();
        c.stubVendor().run();
        vendorAnswers.run();
        return deliver(c);
    }

    /**
     * Delivers the first action case against its own stubs and checks it was delivered with the
     * vendor's {@code status} and {@code secretHeader} recorded redacted; the result.
     */
    protected DeliveryResult assertFirstCaseDeliveredRedacting(String secretHeader, int status) {
        DeliveryResult result = deliverFirstCaseWith(() -> {});
        assertThat(result.delivered()).as("delivered: %s; vendor saw %s", result, vendor.requests()).isTrue();
        assertThat(result.statusCode()).as("status of %s", result).isEqualTo(status);
        assertThat(result.requestHeaders()).as("recorded headers of %s", result)
                .containsEntry(secretHeader, HttpCall.REDACTED);
        return result;
    }

    /** Every call answered 429 with {@code body} and Retry-After: the first case waits that long. */
    protected void assertRateLimitWaitsForRetryAfter(String body, int retryAfterSeconds, String... messageWords) {
        vendor.answerEverything(VendorStub.Response.json(429, body)
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds)));
        DeliveryResult result = deliver(actionCases().getFirst());
        assertThat(List.of(result.outcome(), result.retryable(), result.retryAfter())).as("%s", result)
                .containsExactly(Outcome.RATE_LIMITED, true, Duration.ofSeconds(retryAfterSeconds));
        assertThat(result.message()).contains(messageWords);
    }

    /** The catalog entry's actions are exactly {@code actions}, each taking an id picked from {@code dataKey}. */
    protected static void assertEachActionPicksAnIdFrom(Integration integration, String dataKey, String... actions) {
        assertThat(integration.actions()).containsOnlyKeys(actions);
        integration.actions().values().forEach(action -> {
            assertThat(action.fields()).as("rule metadata of %s", action.key()).containsExactly("id");
            assertThat(action.data()).as("inputs of %s", action.key()).singleElement()
                    .satisfies(input -> assertThat(input).containsEntry("key", dataKey).containsEntry("field", "id")
                            .containsEntry("kind", "simple").containsEntry("required", true));
        });
    }

    /** The request's body is the JSON {@code expected} (any key order and spacing). */
    protected static void assertJson(VendorStub.Request request, String expected) {
        assertThat(VendorJson.read(request.body())).as("body of %s: expected %s", request, expected)
                .isEqualTo(VendorJson.read(expected));
    }

    /** The request asks for JSON and, when it has a body, says it sends JSON. */
    protected static void assertJsonHeaders(VendorStub.Request request) {
        assertThat(request.header("Accept")).as("Accept of %s", request).isEqualTo("application/json");
        if (!request.body().isEmpty()) {
            assertThat(request.header("Content-Type")).as("Content-Type of %s", request).startsWith("application/json");
        }
    }

    /** The calls the vendor received, as "METHOD path", in order. */
    protected static void assertCalls(VendorStub v, String... methodAndPath) {
        assertThat(v.requests()).extracting(r -> r.method() + " " + r.path()).as("calls in order")
                .containsExactly(methodAndPath);
    }

    /** A mapping's output in the order given (key, value, key, value…), which may hold nulls (Map.of cannot). */
    protected static Map<String, Object> mapped(Object... keysAndValues) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            mapped.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return mapped;
    }

    @Test
    void declares_every_action_it_delivers_and_delivers_every_action_it_declares() {
        Set<String> declared = connector.spec().actions().stream().map(ActionSpec::key).collect(Collectors.toSet());
        Set<String> exercised = actionCases().stream().map(ActionCase::action).collect(Collectors.toSet());
        assertThat(exercised).as("actions with a delivery case vs actions declared by %s", connector.type())
                .isEqualTo(declared);
        assertThat(connector.spec().toIntegration().actions().keySet()).isEqualTo(declared);
        assertThat(connector.spec().type()).isEqualTo(typeUnderTest());
        connector.spec().actions().forEach(a -> assertThat(List.of(a.label(), a.noun(), a.description()))
                .as("label, noun and description of action %s", a.key()).allSatisfy(s -> assertThat(s).isNotBlank()));
    }

    @Test
    void an_undeclared_action_is_a_final_failure_not_an_exception() {
        ActionCase any = actionCases().getFirst();
        DeliveryResult result = deliver(new ActionCase("undeclared", "no_such_action", any.ruleMetadata(), any.payload(),
                any.mapped(), () -> {}, v -> {}));
        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).as("retrying an unknown action cannot help").isFalse();
    }

    @Test
    void validation_accepts_valid_metadata_and_names_each_missing_or_unknown_field() {
        Map<String, Object> valid = connector.validate(validMetadata());
        for (ConnectionField field : connector.spec().fields()) {
            if (field.mandatory() && field.dependsOn() == null) {
                assertThat(MetadataPaths.get(valid, field.key())).as("validated metadata keeps %s", field.key()).isNotNull();
                Map<String, Object> without = new LinkedHashMap<>(validMetadata());
                without.remove(field.key());
                assertThatThrownBy(() -> connector.validate(without)).isInstanceOf(Problem.class)
                        .extracting(e -> ((Problem) e).details().stream().map(Problem.FieldError::field).toList())
                        .asList().contains("metadata." + field.key());
            }
        }
        Map<String, Object> typo = new LinkedHashMap<>(validMetadata());
        typo.put("api_kee", "x");
        assertThatThrownBy(() -> connector.validate(typo)).isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).details().getFirst().field()).isEqualTo("metadata.api_kee");
    }

    @Test
    void the_credential_check_passes_with_credentials_the_vendor_accepts() {
        stubCredentialCheck(true);
        assertThat(connector.check(context())).as("the check's failure (null when it passed)").isNull();
    }

    @Test
    void the_credential_check_fails_with_a_verdict_when_the_vendor_refuses_them() {
        stubCredentialCheck(false);
        DeliveryResult failed = connector.check(context());
        assertThat(failed).as("the check's result").isNotNull();
        assertThat(failed.verdict()).as("what the refusal says about the connection: %s", failed).isNotNull();
        assertNoSecretIn(failed);
    }

    @Test
    void action_data_is_read_from_the_vendor_to_its_last_page() {
        stubActionData();
        verifyActionData(connector.actionData(context()));
    }

    @Test
    void fields_include_every_field_an_action_declares_it_writes() {
        stubActionData();
        List<FieldDefinition> fields = connector.fields(context());
        List<String> keys = fields.stream().map(FieldDefinition::key).toList();
        assertThat(keys).as("field keys").doesNotHaveDuplicates();
        assertThat(keys).containsAll(connector.spec().destinationFields().stream().map(FieldDefinition::key).toList());
    }

    @TestFactory
    Stream<DynamicTest> delivers_each_action_with_the_request_the_vendor_documents() {
        return actionCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            vendor.reset();
            c.stubVendor().run();
            DeliveryResult result = deliver(c);
            assertThat(result.delivered()).as("delivered: %s; vendor saw %s", result, vendor.requests()).isTrue();
            c.verifyRequests().accept(vendor);
            assertNoSecretIn(result);
        }));
    }

    @TestFactory
    Stream<DynamicTest> classifies_each_documented_error() {
        Map<String, ActionCase> byName = actionCases().stream()
                .collect(Collectors.toMap(ActionCase::name, c -> c, (a, b) -> a));
        return errorCases().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            ActionCase c = byName.get(e.actionCase());
            assertThat(c).as("action case %s of error case %s", e.actionCase(), e.name()).isNotNull();
            vendor.reset();
            c.stubVendor().run();
            e.stubError().run();
            DeliveryResult result = deliver(c);
            assertThat(List.of(result.outcome(), result.retryable(), Optional.ofNullable(result.verdict())))
                    .as("outcome, retryable, verdict of %s: %s", e.name(), result)
                    .containsExactly(e.outcome(), e.retryable(), Optional.ofNullable(e.verdict()));
            assertNoSecretIn(result);
        }));
    }

    @TestFactory
    Stream<DynamicTest> rate_limits_and_outages_are_retried_for_each_action() {
        return actionCases().stream().flatMap(c -> Stream.of(
                DynamicTest.dynamicTest(c.name() + ": 429 with Retry-After", () -> {
                    vendor.reset();
                    vendor.answerEverything(VendorStub.Response.json(429, "{\"message\":\"slow down\"}")
                            .withHeader("Retry-After", "7"));
                    DeliveryResult result = deliver(c);
                    assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.RATE_LIMITED);
                    assertThat(result.retryable()).isTrue();
                    assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                }),
                DynamicTest.dynamicTest(c.name() + ": 503", () -> {
                    vendor.reset();
                    vendor.answerEverything(VendorStub.Response.json(503, "{\"message\":\"down\"}"));
                    DeliveryResult result = deliver(c);
                    assertThat(result.retryable()).as("retryable: %s", result).isTrue();
                    assertThat(result.delivered()).isFalse();
                })));
    }

    @Test
    void an_unreachable_vendor_is_a_retryable_network_error() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConnectorSettings unreachable = new ConnectorSettings(typeUnderTest(),
                Optional.of("http://127.0.0.1:" + closedPort), settings().tokenUrl(), settings().client(),
                settings().operatorSecrets());
        connector = connector(unreachable);
        ActionCase c = actionCases().getFirst();
        AccessToken token = token();
        var context = new ConnectorContext(context().connection(), token == null ? AccessToken.Source.NONE : () -> token,
                http, clock, unreachable);
        DeliveryResult result = deliver(c, context);
        assertThat(result.outcome()).as("%s", result).isEqualTo(Outcome.NETWORK_ERROR);
        assertThat(result.retryable()).isTrue();
    }

    /** Neither a credential of the connection nor the access token appears in what the history records. */
    protected void assertNoSecretIn(DeliveryResult result) {
        List<String> secrets = new ArrayList<>();
        Map<String, Object> metadata = validMetadata();
        connector.spec().secretPaths().forEach(p -> {
            Object value = MetadataPaths.get(metadata, p);
            if (value instanceof String s && s.length() >= 6) {
                secrets.add(s);
            }
        });
        if (token() != null) {
            secrets.add(token().value());
        }
        String recorded = result.requestHeaders() + " " + result.message();
        for (String secret : secrets) {
            assertThat(recorded).as("recorded headers and message").doesNotContain(secret);
        }
    }
}
