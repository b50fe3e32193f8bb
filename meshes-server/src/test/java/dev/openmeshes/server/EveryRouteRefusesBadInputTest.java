package dev.openmeshes.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openmeshes.server.support.Browser;
import dev.openmeshes.server.support.Http.Response;
import dev.openmeshes.server.support.OnBothStores;
import dev.openmeshes.server.support.OpenApiDescription;
import dev.openmeshes.server.support.OpenApiDescription.Operation;
import dev.openmeshes.server.support.Receiver;
import dev.openmeshes.server.support.Scenario;
import dev.openmeshes.server.support.TestServer.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every operation the OpenAPI description lists, called as a careless client and as an attacker:
 * another organization's real ids, ids that are no ids, NUL, long and deeply nested input, bodies of
 * the wrong shape, bad query values, and no, a malformed or a narrower credential. Every answer is
 * below 500, without a stack trace, carries the correlation id, and a refusal is the error shape
 * the description gives its status (a route answering in a format of its own, such as MCP's
 * JSON-RPC, is held to that format's schema instead). Another organization's id answers exactly as
 * an id that exists nowhere does, and no answer holds that organization's data. On both stores, as
 * PostgreSQL's text refuses NUL where SQLite's keeps it.
 */
class EveryRouteRefusesBadInputTest extends OnBothStores {

    /** In every name and payload of organization B: no answer to A may hold it. */
    private static final String SECRET = "BravoSecret";
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * One organization's real records, by the name of the path parameter that takes their id, and
     * its member signed in through a browser.
     */
    private record Records(Tenant tenant, Map<String, String> ids, Browser person) {}

    private final OpenApiDescription description = OpenApiDescription.get();
    private Receiver receiver;
    private Records a;
    private Records b;
    private Tenant readOnly;
    private Tenant platformAdmin;
    /** An organization of its own for the platform admin's calls, so no bad input can touch A or B. */
    private String platformTarget;

    @BeforeParameterizedClassInvocation
    void twoOrganizationsWithEveryKindOfRecord() {
        receiver = Receiver.start();
        a = records("Alpha");
        b = records(SECRET);
        a.ids().put("type", "hubspot"); // the OAuth routes' type: no record, so no B's of it
        readOnly = server.newKey(a.tenant(), "[\"workspaces:read\"]", null);
        platformAdmin = server.platformAdmin();
        platformTarget = server.newTenant("Platform target").organizationId().toString();
    }

    @AfterParameterizedClassInvocation
    void stopReceiver() {
        receiver.close();
    }

    /** DELETEs last, so that a bad input another route wrongly accepted cannot take a record from the rest. */
    @TestFactory
    Stream<DynamicTest> everyOperationRefusesBadInputCleanly() {
        return description.operations().stream()
                .sorted(Comparator.comparing((Operation op) -> op.method().equals("DELETE")).thenComparing(op -> op))
                .map(op -> DynamicTest.dynamicTest(op.toString(), () -> {
                    List<String> problems = new ArrayList<>();
                    sweep(op, a.tenant(), a.ids(), true, problems);
                    if (isPlatformOperation(op)) {
                        sweep(op, platformAdmin, Map.of("organization_id", platformTarget), false, problems);
                    }
                    assertThat(problems).as("%s: answers that break the rule (%d)", op, problems.size()).isEmpty();
                }));
    }

    @Test
    void anotherOrganizationsWellFormedRequestsSucceedWhileBadOnesFloodOneKey() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        List<Supplier<Response>> flood = List.of(
                () -> server.http().post("/api/v1/workspaces", a.tenant().token(), deep),
                () -> server.http().post("/api/v1/rules", a.tenant().token(), "{\"event\":\"a\\u0000b\"}"),
                () -> server.http().get("/api/v1/events?limit=999999&cursor=garbage", a.tenant().token()),
                () -> server.http().post("/mcp", a.tenant().token(), "null"),
                () -> server.http().get("/api/v1/connections/not-a-uuid", "garbage"));
        String workspace = b.ids().get("workspace_id");
        List<Response> theirs = new ArrayList<>();
        List<Response> refused = Collections.synchronizedList(new ArrayList<>());
        var flooding = new AtomicBoolean(true);
        try (var pool = Executors.newFixedThreadPool(12)) {
            for (int thread = 0; thread < 12; thread++) {
                pool.submit(() -> {
                    for (int i = 0; flooding.get(); i++) {
                        refused.add(flood.get(i % flood.size()).get());
                    }
                });
            }
            for (int i = 0; i < 25; i++) {
                theirs.add(server.http().get("/api/v1/workspaces/" + workspace, b.tenant().token()));
                theirs.add(server.http().post("/api/v1/events", b.tenant().token(), "{\"workspace\":\"" + workspace
                        + "\",\"event\":\"ordinary\",\"payload\":{\"n\":" + i + "}}"));
            }
            flooding.set(false);
        }
        assertThat(theirs).as("B's reads and events while A's key floods the server (expected all 2xx)")
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isBetween(200, 201));
        assertThat(refused).as("the flood (expected all 4xx)").hasSizeGreaterThan(100)
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isBetween(400, 499));
    }

    /** The matrix for one operation as one caller, whose own records fill every path parameter not under test. */
    private void sweep(Operation op, Tenant caller, Map<String, String> own, boolean attacker, List<String> problems) {
        List<String> parameters = PARAMETER.matcher(op.path()).results().map(m -> m.group(1)).toList();
        JsonNode operation = operationNode(op);
        String emptyBody = bodySchema(operation) == null ? null : "{}";

        // 1. Path parameters: B's real id (answered as an id that exists nowhere), and ids that are no ids.
        for (String parameter : parameters) {
            String random = UUID.randomUUID().toString();
            Response nowhere = call(op, bearer(caller.token()), path(op, own, parameter, random), emptyBody,
                    parameter + " = a random UUID", attacker, problems);
            if (attacker && b.ids().containsKey(parameter)) {
                String theirs = path(op, own, parameter, b.ids().get(parameter));
                Response answer = call(op, bearer(caller.token()), theirs, emptyBody, parameter + " = B's real id",
                        attacker, problems);
                sameAsNowhere(op, theirs, answer, nowhere, false, problems);
            }
            for (String bad : List.of("not-a-uuid", "%00", "a%00b", "x".repeat(2000))) {
                call(op, bearer(caller.token()), path(op, own, parameter, bad), emptyBody,
                        parameter + " = " + abbreviate(bad), attacker, problems);
            }
        }
        if (attacker && !parameters.isEmpty() && parameters.stream().allMatch(b.ids()::containsKey)) {
            String theirs = path(op, b.ids(), null, null);
            Response answer = call(op, bearer(caller.token()), theirs, emptyBody, "every id B's", attacker, problems);
            if (answer != null && answer.status() < 300) {
                problems.add(op + " " + theirs + " with every id B's answered " + answer);
            }
        }
        String path = path(op, own, null, null);

        // 2. Bodies of the wrong shape.
        JsonNode schema = bodySchema(operation);
        if (schema != null) {
            // a route for signed-in people refuses every key before it reads a body: A's person sends them
            Response asKey = call(op, bearer(caller.token()), path, "{}", "body: {}", attacker, problems);
            Caller sender = asKey != null && errorCode(asKey).equals("not_a_session") ? signedIn(a.person())
                    : bearer(caller.token());
            badBodies(schema).forEach((input, body) -> call(op, sender, path, body, "body: " + input, attacker, problems));
            if (attacker) {
                theirIdsInTheBody(op, sender, path, operation, schema, problems);
            }
        }

        // 3. Query parameters of the wrong type, out of bounds, garbage and NUL.
        for (JsonNode parameter : parameters(operation, "query")) {
            String name = parameter.path("name").asString();
            for (String bad : badQueryValues(name, resolve(parameter.path("schema")))) {
                call(op, bearer(caller.token()), path + "?" + name + "=" + bad, emptyBody,
                        "query " + name + "=" + abbreviate(bad), attacker, problems);
            }
            String kind = isId(resolve(parameter.path("schema"))) ? kind(name) : null;
            if (attacker && kind != null) {
                Response nowhere = call(op, bearer(caller.token()), path + "?" + name + "=" + UUID.randomUUID(), emptyBody,
                        "query " + name + " = a random UUID", attacker, problems);
                String theirs = path + "?" + name + "=" + b.ids().get(kind);
                Response answer = call(op, bearer(caller.token()), theirs, emptyBody, "query " + name + " = B's real id",
                        attacker, problems);
                sameAsNowhere(op, theirs, answer, nowhere, true, problems);
            }
        }

        // 4. No credential, a malformed one, and a key of the same organization with only workspaces:read.
        if (attacker) {
            call(op, bearer(null), path, emptyBody, "no token", true, problems);
            call(op, bearer("not.a.jwt"), path, emptyBody, "a malformed bearer", true, problems);
            call(op, bearer(readOnly.token()), path, emptyBody, "a workspaces:read key", true, problems);
        }
    }

    /** How one caller sends a request: with a bearer token, or as a browser signed in. */
    @FunctionalInterface
    private interface Caller {
        Response send(String method, String path, String body);
    }

    private Caller bearer(String token) {
        return (method, path, body) -> server.http().send(method, path, token, body, Map.of());
    }

    private static Caller signedIn(Browser browser) {
        return (method, path, body) -> switch (method) {
            case "GET" -> browser.get(path);
            case "PUT" -> browser.put(path, body);
            case "DELETE" -> browser.delete(path);
            default -> browser.post(path, body);
        };
    }

    /** Sends one request and notes every way its answer breaks the rule; returns the answer. */
    private Response call(Operation op, Caller caller, String path, String body, String input, boolean attacker,
                          List<String> problems) {
        String request = op.method() + " " + abbreviate(path) + " [" + input + "]";
        Response answer;
        try {
            answer = caller.send(op.method(), path, body);
        } catch (RuntimeException e) {
            problems.add(request + ": no answer (" + e + ")");
            return null;
        }
        String seen = " answered " + answer.status() + " " + abbreviate(String.valueOf(answer.text()));
        if (answer.status() >= 500) {
            problems.add(request + seen);
        }
        if (answer.text().contains("Exception") || answer.text().contains("at dev.")) {
            problems.add(request + " leaked a stack trace:" + seen);
        }
        String correlationId = answer.header("x-correlation-id");
        if (correlationId == null || correlationId.isBlank()) {
            problems.add(request + " had no x-correlation-id header:" + seen);
        }
        if (attacker && answer.text().contains(SECRET)) {
            problems.add(request + " showed organization B's data:" + seen);
        }
        if (attacker) {
            b.ids().forEach((kind, id) -> {
                if (answer.text().contains(id) && !path.contains(id) && (body == null || !body.contains(id))) {
                    problems.add(request + " showed the id of B's " + kind + ":" + seen);
                }
            });
        }
        if (answer.status() >= 400 && refusalIsErrorShape(op, answer.status())) {
            errorShape(request, seen, answer, correlationId, problems);
        }
        try {
            description.check(op.method(), path, answer.status(), answer.header("Content-Type"), answer.text());
        } catch (AssertionError e) {
            problems.add(request + ": " + e.getMessage());
        }
        return answer;
    }

    private static void errorShape(String request, String seen, Response answer, String correlationId, List<String> problems) {
        String contentType = answer.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            problems.add(request + " refused without a JSON body (Content-Type " + contentType + "):" + seen);
            return;
        }
        JsonNode body;
        try {
            body = answer.json();
        } catch (RuntimeException e) {
            problems.add(request + " refused with a body that is no JSON:" + seen);
            return;
        }
        for (String field : List.of("message", "error", "correlation_id")) {
            if (body.path(field).asString("").isBlank()) {
                problems.add(request + " refused without " + field + ":" + seen);
            }
        }
        if (correlationId != null && !correlationId.equals(body.path("correlation_id").asString(""))) {
            problems.add(request + " had correlation_id other than its header " + correlationId + ":" + seen);
        }
    }

    /**
     * B's id must answer as an id that exists nowhere: the same status and code, so nothing says it
     * exists, and no 2xx unless {@code filter} (a query value that only narrows a list).
     */
    private static void sameAsNowhere(Operation op, String path, Response theirs, Response nowhere, boolean filter,
                                      List<String> problems) {
        if (theirs == null || nowhere == null) {
            return;
        }
        String request = op.method() + " " + abbreviate(path) + " [B's real id]";
        if (theirs.status() < 300 && !filter) {
            problems.add(request + " answered " + theirs);
        } else if (theirs.status() != nowhere.status() || !errorCode(theirs).equals(errorCode(nowhere))) {
            problems.add(request + " answered " + theirs + ", unlike a random UUID's " + nowhere);
        }
    }

    private static String errorCode(Response answer) {
        try {
            return answer.json().path("error").asString("");
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    /**
     * Whether the description gives this status (else {@code default}) the error shape: a route
     * whose refusal is described in a format of its own, or without a body, is held to that instead.
     */
    private boolean refusalIsErrorShape(Operation op, int status) {
        JsonNode responses = operationNode(op).path("responses");
        JsonNode response = resolve(responses.has(String.valueOf(status)) ? responses.path(String.valueOf(status))
                : responses.path("default"));
        if (response.isMissingNode()) {
            return true;
        }
        return response.path("content").path("application/json").path("schema").path("$ref").asString("")
                .equals("#/components/schemas/Error");
    }

    private boolean isPlatformOperation(Operation op) {
        JsonNode operation = operationNode(op);
        return (operation.path("summary").asString("") + operation.path("description").asString(""))
                .toLowerCase(Locale.ROOT).contains("platform admin");
    }

    /**
     * Each id field of the body (a UUID property naming a kind of record, or a list of them) given
     * B's real id, the others A's, starting from the description's example: answered as the same
     * body with a random UUID there is.
     */
    private void theirIdsInTheBody(Operation op, Caller sender, String path, JsonNode operation, JsonNode schema,
                                   List<String> problems) {
        boolean array = schema.path("type").asString("").equals("array");
        JsonNode object = array ? resolve(schema.path("items")) : schema;
        JsonNode content = resolve(operation.path("requestBody")).path("content").path("application/json");
        JsonNode example = content.has("example") ? content.path("example") : object.path("example");
        ObjectNode base = example.isObject() ? (ObjectNode) example.deepCopy() : NODES.objectNode();
        Map<String, Boolean> idFields = new LinkedHashMap<>(); // name → whether a list
        object.path("properties").properties().forEach(p -> {
            JsonNode property = resolve(p.getValue());
            boolean list = types(property).contains("array");
            JsonNode item = list ? resolve(property.path("items")) : property;
            if (isId(item) && kind(p.getKey()) != null) {
                idFields.put(p.getKey(), list);
            }
        });
        idFields.forEach((name, list) -> base.set(name, id(a.ids().get(kind(name)), list)));
        idFields.forEach((name, list) -> {
            String nowhere = wrap(base.deepCopy().set(name, id(UUID.randomUUID().toString(), list)), array);
            String theirs = wrap(base.deepCopy().set(name, id(b.ids().get(kind(name)), list)), array);
            sameAsNowhere(op, path + " " + theirs,
                    call(op, sender, path, theirs, "body " + name + " = B's real id", true, problems),
                    call(op, sender, path, nowhere, "body " + name + " = a random UUID", true, problems), false, problems);
        });
    }

    private static JsonNode id(String id, boolean list) {
        return list ? NODES.arrayNode().add(id) : NODES.stringNode(id);
    }

    private static boolean isId(JsonNode schema) {
        return schema.path("format").asString("").equals("uuid");
    }

    /** The kind of record a field or query parameter names ({@code workspace}, {@code workspaces}: a workspace_id), or null. */
    private String kind(String name) {
        for (String kind : List.of(name, name + "_id", name.replaceFirst("s$", "") + "_id")) {
            if (b.ids().containsKey(kind)) {
                return kind;
            }
        }
        return null;
    }

    /** Bodies of the wrong shape, by what they are; built from the operation's request schema. */
    private Map<String, String> badBodies(JsonNode schema) {
        boolean array = schema.path("type").asString("").equals("array");
        JsonNode object = array ? resolve(schema.path("items")) : schema;
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        object.path("properties").properties().forEach(p -> properties.put(p.getKey(), resolve(p.getValue())));
        List<String> strings = properties.entrySet().stream().filter(p -> types(p.getValue()).contains("string"))
                .map(Map.Entry::getKey).toList();

        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not JSON", "{\"name\": ");
        bodies.put("a JSON array", "[1,\"two\",{}]");
        bodies.put("null", "null");
        bodies.put("a number", "42");
        bodies.put("10,000 levels of [", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("10,000 levels of [ unclosed", "[".repeat(10_000));
        ObjectNode wrong = NODES.objectNode();
        properties.forEach((name, property) -> wrong.set(name, types(property).contains("string")
                ? NODES.numberNode(42) : NODES.stringNode("wrong")));
        bodies.put("every property of the wrong type", wrap(wrong, array));
        if (!strings.isEmpty()) {
            ObjectNode nul = NODES.objectNode();
            strings.forEach(name -> nul.put(name, "a\u0000b"));
            bodies.put("U+0000 in every string", wrap(nul, array));
            bodies.put("a raw NUL byte in " + strings.getFirst(), wrapText("{\"" + strings.getFirst() + "\":\"a\0b\"}", array));
        }
        for (String name : strings) {
            bodies.put("100,000 characters in " + name, wrap(NODES.objectNode().put(name, "x".repeat(100_000)), array));
        }
        if (!properties.isEmpty()) {
            String first = properties.keySet().iterator().next();
            bodies.put("10,000 levels of [ in " + first, wrapText("{\"" + first + "\":" + "[".repeat(10_000)
                    + "]".repeat(10_000) + "}", array));
        }
        return bodies;
    }

    private static String wrap(ObjectNode object, boolean array) {
        return wrapText(object.toString(), array);
    }

    private static String wrapText(String object, boolean array) {
        return array ? "[" + object + "]" : object;
    }

    /** Values of the wrong type for the parameter's schema, bounds for a page size, and NUL. */
    private static List<String> badQueryValues(String name, JsonNode schema) {
        List<String> values = new ArrayList<>();
        List<String> types = types(schema);
        if (types.contains("integer") || types.contains("number")) {
            values.addAll(List.of("abc", "1.5", "-1", "999999", "99999999999999999999"));
        } else if (types.contains("boolean")) {
            values.add("maybe");
        } else if (schema.has("format") || schema.has("pattern") || schema.has("enum") || schema.has("$ref")) {
            values.addAll(List.of("garbage", "x".repeat(2000)));
        }
        if (name.equals("cursor")) {
            values.addAll(List.of("garbage", "AAAA", "x".repeat(2000))); // malformed escapes: HttpEdgeTest
        }
        values.addAll(List.of("%00", "a%00b"));
        return values;
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        return type.isArray() ? type.valueStream().map(JsonNode::asString).toList()
                : type.isString() ? List.of(type.asString()) : List.of();
    }

    private JsonNode bodySchema(JsonNode operation) {
        JsonNode schema = resolve(operation.path("requestBody")).path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : resolve(schema);
    }

    /** The operation's parameters in {@code in}, its path item's included. */
    private List<JsonNode> parameters(JsonNode operation, String in) {
        List<JsonNode> all = new ArrayList<>();
        operation.path("parameters").forEach(p -> all.add(resolve(p)));
        return all.stream().filter(p -> p.path("in").asString("").equals(in)).toList();
    }

    private JsonNode operationNode(Operation op) {
        return description.document().path("paths").path(op.path()).path(op.method().toLowerCase(Locale.ROOT));
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = description.document().at(node.path("$ref").asString().substring(1));
        }
        return node;
    }

    /** The operation's path with each parameter filled from {@code ids}, but {@code replaced}, which gets {@code value}. */
    private static String path(Operation op, Map<String, String> ids, String replaced, String value) {
        Matcher m = PARAMETER.matcher(op.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String filled = name.equals(replaced) ? value : ids.getOrDefault(name, UUID.randomUUID().toString());
            m.appendReplacement(path, Matcher.quoteReplacement(filled));
        }
        return m.appendTail(path).toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 100) + "…(" + text.length() + " chars)…"
                + text.substring(text.length() - 40);
    }

    /**
     * An organization with one record of each kind a path takes, made through the API: a workspace,
     * a webhook connection to the receiver with a rule, an event delivered once (its attempt), a
     * further key, an embed session, a member who accepted an invitation and one invitation waiting.
     */
    private Records records(String name) {
        var scenario = new Scenario(server, name + " Co");
        Tenant tenant = scenario.tenant;
        String token = tenant.token();
        UUID connection = scenario.connection(name + " hook", "{\"url\":\"" + receiver.url() + "\",\"skip_url_test\":true}");
        UUID rule = scenario.rule(connection, "sweep.done");
        UUID event = scenario.emitOk("sweep.done", "{\"note\":\"" + name + "\"}");
        String attempts = "/api/v1/events/" + event + "/rules/" + rule + "/attempts";
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.http().get(attempts, tenant.token()).json().path("records").size() > 0);
        String attempt = server.http().get(attempts, token).json().path("records").get(0).path("id").asString();
        Tenant key = server.newKey(tenant, "[\"events:read\"]", null);
        String session = server.http().post("/api/v1/sessions", token, "{\"workspace_id\":\"" + scenario.workspace + "\"}")
                .json().path("session_id").asString();
        String member = name.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID() + "@example.com";
        var browser = new Browser(server.http());
        var accepted = browser.post("/auth/invitations/accept", "{\"token\":\""
                + server.http().post("/api/v1/members", token, "{\"email\":\"" + member + "\",\"role\":\"member\"}")
                        .json().path("invitation").path("token").asString() + "\",\"password\":\"correct horse battery\"}");
        String user = accepted.json().path("data").path("user_id").asString();
        String invitation = server.http().post("/api/v1/members", token, "{\"email\":\"waiting-" + member
                + "\",\"role\":\"member\"}").json().path("invitation").path("id").asString();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("workspace_id", scenario.workspace.toString());
        ids.put("connection_id", connection.toString());
        ids.put("rule_id", rule.toString());
        ids.put("event_id", event.toString());
        ids.put("attempt_id", attempt);
        ids.put("key_id", key.keyId().toString());
        ids.put("session_id", session);
        ids.put("user_id", user);
        ids.put("invitation_id", invitation);
        ids.put("organization_id", tenant.organizationId().toString());
        assertThat(ids).as("%s's records", name).allSatisfy((kind, id) -> assertThat(id).as(kind).matches("[0-9a-f-]{36}"));
        return new Records(tenant, ids, browser);
    }
}
