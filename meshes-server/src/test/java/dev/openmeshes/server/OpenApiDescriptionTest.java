package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openmeshes.server.api.RouteTable;
import dev.openmeshes.server.support.OnSqlite;
import dev.openmeshes.server.support.OpenApiDescription;
import dev.openmeshes.server.support.OpenApiDescription.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description kept beside the code ({@code openapi/openapi.yaml}): valid OpenAPI 3.1 by
 * a third-party parser, one operation for every route the router serves and no other, the hosted
 * service's operation ids kept, and served at {@code /api/v1/openapi.json} and {@code .yaml}.
 */
class OpenApiDescriptionTest extends OnSqlite {

    /**
     * Routes that are no API: the dashboard's shell and files, the embed page, and the reference
     * page itself. Every other route must be described.
     */
    static final Set<Operation> NOT_API = Set.of(
            new Operation("GET", "/"),
            new Operation("GET", "/invitations/accept"),
            new Operation("GET", "/assets/*"),
            new Operation("GET", "/embed/launch"),
            new Operation("GET", "/docs"),
            new Operation("GET", "/docs/redoc.standalone.js"),
            new Operation("GET", "/llms.txt"));

    /** The hosted service's 33 operations (reference §3), which clients generated from its spec call by these ids. */
    static final List<String> HOSTED_OPERATION_IDS = List.of("GetWorkspaces", "CreateWorkspace", "GetWorkspace",
            "UpdateWorkspace", "GetWorkspaceConnections", "GetWorkspaceEventTypes", "GetWorkspaceEvents",
            "GetWorkspaceResources", "GetWorkspaceRules", "GetConnections", "CreateConnection", "GetConnection",
            "UpdateConnection", "DeleteConnection", "GetConnectionActions", "GetConnectionFields",
            "GetConnectionDefaultMappings", "UpdateConnectionDefaultMappings", "GetRules", "CreateRule", "GetRule",
            "DeleteRule", "GetEvents", "CreateEvent", "CreateBulkEvent", "GetEvent", "GetEventPayload",
            "RetryEventRule", "GetIntegrations", "ListSessions", "CreateSession", "RevokeSession", "RefreshSession");

    @BeforeEach
    void checkAnswersAgainstOpenApi() {
        server.checkingAnswersAgainstOpenApi();
    }

    @Test
    void isValidOpenApi31ForAThirdPartyParser() {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(
                new String(OpenApiDescription.yaml(), StandardCharsets.UTF_8), null, options);

        assertThat(result.getMessages()).as("swagger-parser's messages about openapi.yaml").isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes())
                .as("security schemes").containsKeys("machineJwt", "publishableKey", "sessionCookie");
    }

    @Test
    void describesEveryRouteTheRouterServesAndNoOther() {
        Set<Operation> routes = server.routes().stream().map(OpenApiDescriptionTest::operation)
                .filter(route -> !NOT_API.contains(route))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Operation> described = OpenApiDescription.get().operations();

        Set<Operation> undescribed = difference(routes, described);
        Set<Operation> unrouted = difference(described, routes);
        assertThat(undescribed.isEmpty() && unrouted.isEmpty())
                .as("routes the router serves without an OpenAPI description: %s; OpenAPI operations without a route: %s",
                        undescribed, unrouted)
                .isTrue();
        assertThat(server.routes().stream().map(OpenApiDescriptionTest::operation).toList())
                .as("routes NOT_API names, which must still exist").containsAll(NOT_API);
    }

    @Test
    void keepsTheHostedOperationIdsAndNamesEveryOperationInTheirStyle() {
        List<String> ids = operationObjects().map(op -> op.path("operationId").asString("")).toList();

        assertThat(ids).as("operation ids").doesNotHaveDuplicates().containsAll(HOSTED_OPERATION_IDS)
                .allSatisfy(id -> assertThat(id).as("an operation id in the hosted style").matches("[A-Z][A-Za-z0-9]+"));
        assertThat(operationObjects().filter(op -> op.path("summary").asString("").isBlank())
                .map(op -> op.path("operationId").asString()).toList()).as("operations without a summary").isEmpty();
    }

    @Test
    void isServedAsJsonAndYamlWithoutCredentialsAndCacheable() {
        var json = server.http().get("/api/v1/openapi.json", null);
        var yaml = server.http().get("/api/v1/openapi.yaml", null);

        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.header("Cache-Control")).contains("max-age=");
        assertThat(json.json()).as("the JSON is the YAML, converted").isEqualTo(OpenApiDescription.get().document());
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(yaml.text()).isEqualTo(new String(OpenApiDescription.yaml(), StandardCharsets.UTF_8));
    }

    @Test
    void llmsTxtListsEveryDescribedOperationWithItsMethodPathAndRequiredInputs() {
        var llms = server.http().get("/llms.txt", null);

        assertThat(llms.status()).as(llms.toString()).isEqualTo(200);
        assertThat(llms.header("Content-Type")).startsWith("text/markdown");
        assertThat(llms.text()).startsWith("# OpenMeshes API\n\n> ").contains("/api/v1/openapi.json")
                .contains("## Workspaces").contains("urn:meshes:m2m:<access key>");
        var operations = OpenApiDescription.get().document().path("paths").properties().stream()
                .flatMap(path -> path.getValue().properties().stream().filter(op -> op.getValue().has("operationId"))
                        .map(op -> "- `" + op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey() + "` ("
                                + op.getValue().path("operationId").asString() + "): "))
                .toList();
        assertThat(operations).as("operations in the description").hasSizeGreaterThan(60);
        assertThat(operations).as("each one's line in /llms.txt").allSatisfy(line -> assertThat(llms.text()).contains(line));
        assertThat(llms.text()).as("a required body field and a query parameter, resolved through $refs")
                .contains("- `POST /api/v1/rules` (CreateRule): ").containsPattern("CreateRule\\)[^\\n]*Body requires: [^\\n]*event")
                .containsPattern("GetWorkspaceEvents\\)[^\\n]*Query: [^\\n]*limit");
    }

    @Test
    void docsPageLoadsTheVendoredRedocUnderAPolicyThatAllowsOnlyThisServer() {
        var page = server.http().get("/docs", null);
        var bundle = server.http().get("/docs/redoc.standalone.js", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<redoc spec-url=\"/api/v1/openapi.json\">")
                .contains("<script src=\"/docs/redoc.standalone.js\">").doesNotContain("http");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-eval", "*");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("Content-Type")).startsWith("text/javascript");
        assertThat(bundle.text().length()).as("Redoc's standalone bundle").isGreaterThan(500_000);
    }

    @Test
    void healthMetricsAndPreflightAnswerAsDescribed() {
        var health = server.http().get("/healthz", null);
        var metrics = server.http().get("/metrics", null);
        var preflight = server.http().send("OPTIONS", "/api/v1/events/bulk", null, null,
                java.util.Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "POST"));

        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(preflight.status()).isEqualTo(204);
    }

    @Test
    void theAnswerCheckRejectsBodiesOutsideTheSchemas() {
        var description = OpenApiDescription.get();

        assertThatThrownBy(() -> description.check("GET", "/api/v1/workspaces/6f1c2a9e-3b7d-4c1e-9a52-0d8e4f7b1c23",
                404, "application/json", "{\"message\":\"Workspace not found\"}"))
                .as("a refusal without error and correlation_id").isInstanceOf(AssertionError.class)
                .hasMessageContaining("error").hasMessageContaining("correlation_id");
        assertThatThrownBy(() -> description.check("GET", "/api/v1/workspaces", 200, "application/json",
                "{\"records\":[{\"id\":\"w1\"}],\"count\":1,\"limit\":50}"))
                .as("a list without next_cursor and a workspace without its name").isInstanceOf(AssertionError.class)
                .hasMessageContaining("next_cursor").hasMessageContaining("name");
        assertThatThrownBy(() -> description.check("GET", "/healthz", 204, "text/plain", ""))
                .as("a status the operation does not describe").isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not describe");
        description.check("GET", "/nowhere", 404, "application/json",
                "{\"message\":\"No such endpoint\",\"error\":\"not_found\",\"correlation_id\":\"c1\"}");
    }

    private static Operation operation(RouteTable.Route route) {
        return new Operation(route.method(), route.path());
    }

    private static java.util.stream.Stream<JsonNode> operationObjects() {
        JsonNode paths = OpenApiDescription.get().document().path("paths");
        return paths.propertyNames().stream().flatMap(path -> paths.path(path).properties().stream()
                .filter(method -> !method.getKey().equals("parameters")).map(java.util.Map.Entry::getValue));
    }

    private static Set<Operation> difference(Set<Operation> a, Set<Operation> b) {
        Set<Operation> left = new TreeSet<>(a);
        left.removeAll(b);
        return left;
    }
}
