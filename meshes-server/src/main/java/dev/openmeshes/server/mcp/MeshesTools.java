package dev.openmeshes.server.mcp;

import static dev.openmeshes.server.mcp.Property.array;
import static dev.openmeshes.server.mcp.Property.bool;
import static dev.openmeshes.server.mcp.Property.integer;
import static dev.openmeshes.server.mcp.Property.nullableString;
import static dev.openmeshes.server.mcp.Property.object;
import static dev.openmeshes.server.mcp.Property.oneOf;
import static dev.openmeshes.server.mcp.Property.string;
import static dev.openmeshes.server.mcp.Property.uuid;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tool set: the hosted Meshes MCP server's 33 tools with its names, inputs and annotations
 * ({@code @mesheshq/mcp-server} 1.0.10), then ours, for what only OpenMeshes has.
 */
public final class MeshesTools {

    public static final String SERVER_NAME = "meshes-mcp-server";
    public static final String SERVER_VERSION = "0.1.0";

    static final List<String> CONNECTION_TYPES = List.of("activecampaign", "aweber", "customer_io", "discord",
            "hubspot", "intercom", "mailchimp", "mailerlite", "pipedrive", "resend", "salesforce", "sendgrid", "slack",
            "webhook", "zoom");
    static final List<String> EVENT_STATUSES = List.of("pending", "processing", "completed", "failed");
    static final List<String> SCOPES = List.of("workspaces:read", "workspaces:write", "connections:read",
            "connections:write", "rules:read", "rules:write", "events:read", "events:write", "keys:read", "keys:write",
            "people:read", "people:write", "admin");

    private static final Property NAME = string(3, 50, "Workspace name: letters, digits, space, _ and -");
    private static final Property CONNECTION_NAME = string(1, 128, "Connection name");
    private static final Property LIMIT = integer(1, 200, "Page size").byDefault(50);
    private static final Property CURSOR = string("Cursor from the previous page's next_cursor");
    private static final Property EVENT_NAME = string("Event name, e.g. user.signup");
    private static final Property RESOURCE = string("Resource type, e.g. order");
    private static final Property RESOURCE_ID = string("Resource id");

    private MeshesTools() {}

    /** Every tool, hosted ones first. */
    public static List<MeshesTool> all() {
        return Stream.concat(hosted().stream(), ours().stream()).toList();
    }

    /** The hosted server's 33 tools. */
    static List<MeshesTool> hosted() {
        return Stream.of(workspaces(), connections(), rules(), events(), sessions()).flatMap(List::stream).toList();
    }

    private static List<MeshesTool> workspaces() {
        return List.of(
                MeshesTool.of("meshes_list_workspaces", "List the organization's workspaces", Effect.READ,
                        InputSchema.none(), a -> ApiRequest.get("/workspaces")),
                MeshesTool.of("meshes_get_workspace", "Get a workspace with its publishable key", Effect.READ,
                        workspaceId(), a -> ApiRequest.get("/workspaces/" + a.segment("workspace_id"))),
                MeshesTool.of("meshes_create_workspace", "Create a workspace", Effect.WRITE,
                        InputSchema.none().required("name", NAME)
                                .optional("description", string("Description").with("maxLength", 1024)),
                        a -> ApiRequest.post("/workspaces", a.body("name", "description"))),
                MeshesTool.of("meshes_update_workspace", "Rename a workspace; a null description clears it",
                        Effect.IDEMPOTENT_WRITE,
                        workspaceId().required("name", NAME)
                                .optional("description", nullableString(1024, "Description; null clears it")),
                        a -> ApiRequest.put("/workspaces/" + a.segment("workspace_id"), a.body("name", "description"))),
                MeshesTool.of("meshes_get_workspace_connections", "List a workspace's connections", Effect.READ,
                        workspaceId(), a -> ApiRequest.get("/workspaces/" + a.segment("workspace_id") + "/connections")),
                MeshesTool.of("meshes_get_workspace_event_types", "List the event names a workspace has seen",
                        Effect.READ, workspaceId(),
                        a -> ApiRequest.get("/workspaces/" + a.segment("workspace_id") + "/event-types")),
                MeshesTool.of("meshes_get_workspace_resources", "List the resource types a workspace has seen",
                        Effect.READ, workspaceId(),
                        a -> ApiRequest.get("/workspaces/" + a.segment("workspace_id") + "/resources")),
                MeshesTool.of("meshes_get_workspace_rules", "List a workspace's rules, optionally filtered", Effect.READ,
                        workspaceId().optional("event", EVENT_NAME).optional("resource", RESOURCE)
                                .optional("resource_id", RESOURCE_ID),
                        a -> ApiRequest.get("/workspaces/" + a.segment("workspace_id") + "/rules",
                                a.query("event", "resource", "resource_id"))));
    }

    private static List<MeshesTool> connections() {
        return List.of(
                MeshesTool.of("meshes_list_connections", "List the organization's connections", Effect.READ,
                        InputSchema.none(), a -> ApiRequest.get("/connections")),
                MeshesTool.of("meshes_get_connection", "Get a connection (secrets masked)", Effect.READ,
                        connectionId(), a -> ApiRequest.get("/connections/" + a.segment("connection_id"))),
                MeshesTool.of("meshes_create_connection", "Create a connection to a destination", Effect.WRITE,
                        InputSchema.none().required("workspace", uuid("Workspace id"))
                                .required("type", oneOf(CONNECTION_TYPES, "Connection type"))
                                .required("name", CONNECTION_NAME)
                                .required("metadata", object("The type's settings (see meshes_list_integrations)"))
                                .optional("hidden", bool("Hide it from the dashboard").byDefault(false)),
                        a -> ApiRequest.post("/connections", a.body("workspace", "type", "name", "metadata", "hidden"))),
                MeshesTool.of("meshes_update_connection", "Replace a connection's name and settings",
                        Effect.IDEMPOTENT_WRITE,
                        connectionId().required("name", CONNECTION_NAME)
                                .required("metadata", object("The type's settings; send ******** to keep a secret"))
                                .optional("hidden", bool("Hide it from the dashboard")),
                        a -> ApiRequest.put("/connections/" + a.segment("connection_id"),
                                a.body("name", "metadata", "hidden"))),
                MeshesTool.of("meshes_delete_connection", "Delete a connection; force_delete also when rules use it",
                        Effect.DESTRUCTIVE,
                        connectionId().optional("force_delete", bool("Delete although active rules use it").byDefault(false)),
                        a -> ApiRequest.delete("/connections/" + a.segment("connection_id"),
                                a.isTrue("force_delete") ? a.body("force_delete") : null)),
                MeshesTool.of("meshes_get_connection_actions", "Read the live action data (lists, tags…) from the vendor",
                        Effect.READ, connectionId(),
                        a -> ApiRequest.get("/connections/" + a.segment("connection_id") + "/actions")),
                MeshesTool.of("meshes_get_connection_fields", "Get the connection's field catalog", Effect.READ,
                        connectionId().optional("refresh", bool("Reload it from the vendor").byDefault(false)),
                        a -> ApiRequest.get("/connections/" + a.segment("connection_id") + "/fields",
                                a.isTrue("refresh") ? a.query("refresh") : Map.of())),
                MeshesTool.of("meshes_get_connection_default_mappings", "Get the connection's default field mapping",
                        Effect.READ, connectionId(),
                        a -> ApiRequest.get("/connections/" + a.segment("connection_id") + "/mappings/default")),
                MeshesTool.of("meshes_update_connection_default_mappings", "Save the connection's default field mapping",
                        Effect.IDEMPOTENT_WRITE,
                        connectionId().optional("workspace_id", uuid("Workspace id"))
                                .optional("mapping_id", uuid("Mapping id"))
                                .optional("expected_version", integer(1, Integer.MAX_VALUE,
                                        "The version you read: refused with 409 if another save came first"))
                                .optional("name", string(1, 64, "Mapping name"))
                                .required("schema", mappingSchema()),
                        a -> ApiRequest.put("/connections/" + a.segment("connection_id") + "/mappings/default",
                                a.body("workspace_id", "mapping_id", "expected_version", "name", "schema"))),
                MeshesTool.of("meshes_list_integrations", "List the connection types with their settings and actions",
                        Effect.READ, InputSchema.none(), a -> ApiRequest.get("/integrations")));
    }

    private static List<MeshesTool> rules() {
        return List.of(
                MeshesTool.of("meshes_list_rules", "List the organization's rules, optionally filtered", Effect.READ,
                        InputSchema.none().optional("event", EVENT_NAME).optional("resource", RESOURCE)
                                .optional("resource_id", RESOURCE_ID),
                        a -> ApiRequest.get("/rules", a.query("event", "resource", "resource_id"))),
                MeshesTool.of("meshes_get_rule", "Get a rule", Effect.READ, ruleId(),
                        a -> ApiRequest.get("/rules/" + a.segment("rule_id"))),
                MeshesTool.of("meshes_create_rule", "Send an event to a connection's action", Effect.WRITE,
                        InputSchema.none().required("workspace", uuid("Workspace id"))
                                .required("connection", uuid("Connection id"))
                                .required("event", string("Event name, e.g. user.signup").with("minLength", 1))
                                .required("action", string("The connection's action, e.g. add_to_list"))
                                .optional("resource", RESOURCE)
                                .optional("resource_id", string("Resource id").with("pattern", "^[A-Za-z0-9._:-]{1,64}$"))
                                .optional("active", bool("Deliver matching events").byDefault(true))
                                .optional("hidden", bool("Hide it from the dashboard").byDefault(false))
                                .optional("metadata_extra", object("More action data (e.g. id), merged into metadata")
                                        .with("additionalProperties", Map.of("type", "string"))),
                        a -> ApiRequest.post("/rules", ruleBody(a))),
                MeshesTool.of("meshes_delete_rule", "Delete a rule", Effect.DESTRUCTIVE, ruleId(),
                        a -> ApiRequest.delete("/rules/" + a.segment("rule_id"), null)));
    }

    private static List<MeshesTool> events() {
        return List.of(
                MeshesTool.of("meshes_emit_event", "Emit an event; workspace is required with organization keys",
                        Effect.WRITE, eventInput(),
                        a -> ApiRequest.post("/events", a.body("workspace", "event", "payload", "resource", "resource_id")))
                        .withSuccessText(MeshesTools::emitted),
                MeshesTool.of("meshes_emit_bulk_events", "Emit 1 to 100 events at once", Effect.WRITE,
                        InputSchema.none().required("events", array(Property.object("An event")
                                .with("properties", eventInput().schema().get("properties"))
                                .with("required", eventInput().schema().get("required")), 1, 100, "The events")),
                        a -> ApiRequest.post("/events/bulk", a.value("events"))),
                MeshesTool.of("meshes_list_events", "List the organization's events, newest first", Effect.READ,
                        InputSchema.none().optional("limit", LIMIT).optional("cursor", CURSOR),
                        a -> ApiRequest.get("/events", a.query("limit", "cursor"))),
                MeshesTool.of("meshes_get_workspace_events", "List a workspace's events, newest first, filtered",
                        Effect.READ,
                        workspaceId().optional("limit", LIMIT).optional("cursor", CURSOR).optional("event", EVENT_NAME)
                                .optional("status", oneOf(EVENT_STATUSES, "Event status"))
                                .optional("resource", RESOURCE).optional("resource_id", RESOURCE_ID),
                        a -> ApiRequest.get("/workspaces/" + a.segment("workspace_id") + "/events",
                                a.query("limit", "cursor", "event", "status", "resource", "resource_id"))),
                MeshesTool.of("meshes_get_event", "Get an event with each rule's delivery", Effect.READ, eventId(),
                        a -> ApiRequest.get("/events/" + a.segment("event_id"))),
                MeshesTool.of("meshes_get_event_payload", "Get an event with its payload", Effect.READ, eventId(),
                        a -> ApiRequest.get("/events/" + a.segment("event_id") + "/payload")),
                MeshesTool.of("meshes_retry_event_rule", "Retry a rule's delivery of an event now", Effect.WRITE,
                        eventRule(), a -> ApiRequest.post(eventRulePath(a) + "/retry", null)));
    }

    private static List<MeshesTool> sessions() {
        return List.of(
                MeshesTool.of("meshes_create_session", "Create an embed session for one workspace", Effect.WRITE,
                        workspaceId()
                                .optional("role", oneOf(List.of("owner", "admin", "member"), "Role").byDefault("member"))
                                .optional("session_type", oneOf(List.of("workspace", "resource", "dashboard"),
                                        "What the session reaches").byDefault("workspace"))
                                .optional("external_user_id", string("Your user's id").with("maxLength", 255))
                                .optional("ttl_seconds", integer(300, 3600, "Access token lifetime").byDefault(1800))
                                .optional("launch_ttl_seconds", integer(15, 60, "Launch token lifetime").byDefault(30))
                                .optional("launch_page", oneOf(List.of("dashboard", "connections", "rules", "events"),
                                        "The page it opens on").byDefault("dashboard"))
                                .optional("resource", string("Resource type (resource sessions)").with("minLength", 1))
                                .optional("resource_id", string("Resource id (resource sessions)").with("minLength", 1))
                                .optional("allowed_origins", array(string("Origin URL").with("format", "uri"), 0, 10,
                                        "Origins that may frame it"))
                                .optional("scopes", array(oneOf(List.of("events.payload:read"), "Scope"), 0, 20,
                                        "Extra scopes")),
                        a -> ApiRequest.post("/sessions", a.body("workspace_id", "role", "session_type",
                                "external_user_id", "ttl_seconds", "launch_ttl_seconds", "launch_page", "resource",
                                "resource_id", "allowed_origins", "scopes"))),
                MeshesTool.of("meshes_list_sessions", "List a workspace's embed sessions", Effect.READ,
                        workspaceId().optional("limit", LIMIT)
                                .optional("cursor", string("Cursor from the previous page").with("pattern", "^[A-Za-z0-9_-]+$"))
                                .optional("status", oneOf(List.of("active", "revoked"), "Session status"))
                                .optional("resource", RESOURCE).optional("resource_id", RESOURCE_ID),
                        a -> ApiRequest.get("/sessions",
                                a.query("workspace_id", "limit", "cursor", "status", "resource", "resource_id"))),
                MeshesTool.of("meshes_refresh_session", "Give an embed session a new access token", Effect.WRITE,
                        sessionId(), a -> ApiRequest.post("/sessions/" + a.segment("session_id") + "/refresh", null)),
                MeshesTool.of("meshes_revoke_session", "Revoke an embed session and all its tokens", Effect.DESTRUCTIVE,
                        sessionId(), a -> ApiRequest.delete("/sessions/" + a.segment("session_id"), null)));
    }

    /** What only OpenMeshes has: delivery attempts, cancelling, machine keys, activity counts. */
    static List<MeshesTool> ours() {
        return List.of(
                MeshesTool.of("meshes_list_event_rule_attempts", "List every delivery attempt of an event's rule",
                        Effect.READ, eventRule(), a -> ApiRequest.get(eventRulePath(a) + "/attempts")),
                MeshesTool.of("meshes_get_event_rule_attempt", "Get one delivery attempt", Effect.READ,
                        eventRule().required("attempt_id", uuid("Attempt id")),
                        a -> ApiRequest.get(eventRulePath(a) + "/attempts/" + a.segment("attempt_id"))),
                MeshesTool.of("meshes_cancel_event_rule", "Stop further delivery of an event to one rule",
                        Effect.DESTRUCTIVE, eventRule(), a -> ApiRequest.post(eventRulePath(a) + "/cancel", null)),
                MeshesTool.of("meshes_cancel_event", "Stop further delivery of an event to every rule",
                        Effect.DESTRUCTIVE, eventId(),
                        a -> ApiRequest.post("/events/" + a.segment("event_id") + "/cancel", null)),
                MeshesTool.of("meshes_get_activity", "Delivered and failed counts per minute, org-wide or one workspace",
                        Effect.READ,
                        InputSchema.none().optional("workspace_id", uuid("Workspace id; all workspaces when absent"))
                                .optional("minutes", integer(1, 10080, "How far back").byDefault(180)),
                        a -> ApiRequest.get(a.has("workspace_id")
                                ? "/workspaces/" + a.segment("workspace_id") + "/activity" : "/activity",
                                a.query("minutes"))),
                MeshesTool.of("meshes_list_keys", "List the machine keys (never their secrets)", Effect.READ,
                        InputSchema.none().optional("limit", LIMIT).optional("cursor", CURSOR),
                        a -> ApiRequest.get("/keys", a.query("limit", "cursor"))),
                MeshesTool.of("meshes_get_key", "Get a machine key (never its secret)", Effect.READ, keyId(),
                        a -> ApiRequest.get("/keys/" + a.segment("key_id"))),
                MeshesTool.of("meshes_create_key", "Create a machine key; its secret is answered once", Effect.WRITE,
                        InputSchema.none().required("name", string(1, 128, "Key name"))
                                .required("scopes", array(oneOf(SCOPES, "Scope"), 1, SCOPES.size(),
                                        "Scopes, at most those of the calling key"))
                                .optional("workspaces", array(uuid("Workspace id"), 1, 1000,
                                        "Limit it to these workspaces"))
                                .optional("expires_at", string("When it stops working").with("format", "date-time")),
                        a -> ApiRequest.post("/keys", a.body("name", "scopes", "workspaces", "expires_at"))),
                MeshesTool.of("meshes_rotate_key", "Give a machine key a new secret", Effect.WRITE,
                        keyId().optional("grace_period_seconds",
                                integer(0, 604800, "How long the old secret keeps working").byDefault(0)),
                        a -> ApiRequest.post("/keys/" + a.segment("key_id") + "/rotate",
                                a.body("grace_period_seconds"))),
                MeshesTool.of("meshes_revoke_key", "Revoke a machine key at once", Effect.DESTRUCTIVE, keyId(),
                        a -> ApiRequest.delete("/keys/" + a.segment("key_id"), null)));
    }

    private static InputSchema workspaceId() {
        return InputSchema.none().required("workspace_id", uuid("Workspace id"));
    }

    private static InputSchema connectionId() {
        return InputSchema.none().required("connection_id", uuid("Connection id"));
    }

    private static InputSchema ruleId() {
        return InputSchema.none().required("rule_id", uuid("Rule id"));
    }

    private static InputSchema eventId() {
        return InputSchema.none().required("event_id", uuid("Event id"));
    }

    private static InputSchema eventRule() {
        return eventId().required("rule_id", uuid("Rule id, from the event's rule_events"));
    }

    private static InputSchema keyId() {
        return InputSchema.none().required("key_id", uuid("Key id"));
    }

    private static InputSchema sessionId() {
        return InputSchema.none().required("session_id", string("Session id").with("minLength", 1));
    }

    private static InputSchema eventInput() {
        return InputSchema.none().required("workspace", uuid("Workspace id"))
                .required("event", EVENT_NAME).required("payload", object("The event's data, e.g. {\"email\": …}"))
                .optional("resource", RESOURCE).optional("resource_id", string("Resource id, for deduplication"));
    }

    private static String eventRulePath(Arguments a) {
        return "/events/" + a.segment("event_id") + "/rules/" + a.segment("rule_id");
    }

    /** The hosted tool's body: {@code action} and {@code metadata_extra} become the rule's metadata. */
    private static ObjectNode ruleBody(Arguments a) {
        ObjectNode body = a.body("workspace", "connection", "event", "resource", "resource_id", "active", "hidden");
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        if (a.has("metadata_extra")) {
            metadata.setAll((ObjectNode) a.value("metadata_extra"));
        }
        metadata.set("action", a.value("action"));
        body.set("metadata", metadata);
        return body;
    }

    private static Property mappingSchema() {
        var field = object("One destination field and where its value comes from")
                .with("properties", Map.of(
                        "dest", string(1, 128, "Destination field key").schema(),
                        "source", object("{type: path, value: payload selector} or {type: literal, value}").schema(),
                        "transforms", array(object("A transform"), 0, 10, "Transforms, in order").schema(),
                        "on_error", oneOf(List.of("skip_field", "warn_action", "fail_action"), "On error").schema()))
                .with("required", List.of("dest", "source"));
        return object("The mapping schema").with("properties", Map.of(
                        "schema_version", integer(1, 1, "Always 1").schema(),
                        "fields", array(field, 0, 250, "The fields").schema(),
                        "meta", object("name and notes").schema()))
                .with("required", List.of("schema_version", "fields"));
    }

    private static String emitted(JsonNode body) {
        JsonNode event = body == null ? null : body.path("event");
        String id = event == null ? "" : event.path("id").asString("");
        return "Event emitted successfully. ID: " + id + "\n"
                + "Meshes will deliver it to every active rule of the workspace that matches its event and resource.\n\n"
                + MeshesTool.pretty(body);
    }
}
